// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Message facts from an HTTP/2 field section (RFC 9113 §8.3): what the machines need to know of a
// request or response that came on a stream, from any HTTP/2 library's header list. The nghttp2
// adapter (nghttp2/) feeds it; nothing here includes nghttp2.
//
// Theory of operation
// -------------------
// The same analysers as HTTP/1.1 (message.hpp) read the regular fields, with version http_2.
// What HTTP/2 changes is decided here, in one place each:
// - The framing: END_STREAM on the HEADERS frame means no content (H2-4); otherwise
//   content-length if the field says one, else end_of_stream (the stream's end delimits it,
//   RFC 9113 §8.1). There is no chunked coding on HTTP/2.
// - Connection-specific fields make the message malformed (RFC 9113 §8.2.2, H2-3):
//   Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade, and TE with any value
//   but "trailers". Expect is not one of them: it is read as on HTTP/1.1.
// - The connection is never closed by a message: every exchange is keep_alive (a stream ends on
//   its own).
// - Pseudo-header fields (":method", ":status", ...) are taken by name, never as fields.
#ifndef EXPECT100_HTTP2_HPP
#define EXPECT100_HTTP2_HPP

#include <expect100/error.hpp>
#include <expect100/message.hpp>
#include <expect100/transport.hpp>

#include <expect100/detail/ascii.hpp>

#include <cstdint>
#include <string_view>

namespace expect100 {

// Whether the HEADERS frame that carried the head also ended the stream.
enum class stream_end : std::uint8_t {
    open,     // content (or a final response after a 1xx) may follow
    at_head,  // END_STREAM on the HEADERS frame: nothing follows
};

namespace detail {

// RFC 9113 §8.2.2: a field that only HTTP/1.x's connection may carry.
constexpr bool is_connection_specific(std::string_view name, std::string_view value) noexcept {
    constexpr std::string_view names[] = {"connection", "keep-alive", "proxy-connection",
                                          "transfer-encoding", "upgrade"};
    for (std::string_view n : names) {
        if (iequals(name, n)) return true;
    }
    return iequals(name, "te") && !iequals(trim_ows(value), "trailers");
}

// ":status" is exactly three digits (RFC 9113 §8.3.2, RFC 9110 §15); anything else reads as 0,
// which the response analyser reports as invalid_status_code.
constexpr unsigned parse_status(std::string_view v) noexcept {
    if (v.size() != 3) return 0;
    unsigned n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return 0;
        n = n * 10U + static_cast<unsigned>(c - '0');
    }
    return n;
}

// The framing and persistence HTTP/2 gives a head the HTTP/1.1 analyser has read.
template <class Facts>
constexpr void apply_http2_framing(Facts& f, bool content_length_seen, stream_end end,
                                   bool connection_specific) noexcept {
    f.connection = connection_intent::keep_alive;
    if (connection_specific) {
        mark_invalid(f, errc::connection_specific_field);
        return;
    }
    if (!f.valid()) return;
    if (end == stream_end::at_head) {
        f.framing = body_framing::none;
        f.content_length = 0;
    } else if (!content_length_seen) {
        f.framing = body_framing::end_of_stream;
    }
}

}  // namespace detail

// A request's facts from its HTTP/2 field section: the pseudo-header fields by name (":method";
// the others do not change what the machines decide) and every regular field in order.
// `Fields` is any range of name/value pairs, as analyze_request_head takes.
template <class Fields>
constexpr request_facts analyze_http2_request(const Fields& fields, stream_end end,
                                              expect_policy policy = {}) noexcept {
    request_head_analyzer analyzer(policy);
    std::string_view method;
    bool connection_specific = false;
    bool content_length = false;
    for (const auto& [name, value] : fields) {
        if (!name.empty() && name.front() == ':') {
            if (name == ":method") method = value;
            continue;
        }
        connection_specific = connection_specific || detail::is_connection_specific(name, value);
        content_length = content_length || detail::iequals(name, "content-length");
        if (!detail::is_connection_specific(name, value)) analyzer.on_field(name, value);
    }
    analyzer.on_request_line(method, http_version::http_2);
    request_facts f = analyzer.finish();
    detail::apply_http2_framing(f, content_length, end, connection_specific);
    return f;
}

// A response's facts from its HTTP/2 field section (":status" and the regular fields), for the
// request `method` (HEAD: no content whatever the fields say).
template <class Fields>
constexpr response_facts analyze_http2_response(const Fields& fields, stream_end end,
                                                request_method method) noexcept {
    response_head_analyzer analyzer;
    unsigned status = 0;
    bool connection_specific = false;
    bool content_length = false;
    for (const auto& [name, value] : fields) {
        if (!name.empty() && name.front() == ':') {
            if (name == ":status") status = detail::parse_status(value);
            continue;
        }
        connection_specific = connection_specific || detail::is_connection_specific(name, value);
        content_length = content_length || detail::iequals(name, "content-length");
        if (!detail::is_connection_specific(name, value)) analyzer.on_field(name, value);
    }
    analyzer.on_status_line(status, http_version::http_2);
    response_facts f = analyzer.finish(method);
    const bool no_content = f.framing == body_framing::none;
    detail::apply_http2_framing(f, content_length, end, connection_specific);
    if (no_content && f.valid()) f.framing = body_framing::none;  // 1xx, 204, 304, HEAD
    return f;
}

// ---- Flow-control credit (H2-8) ------------------------------------------------------------
// The receiving side of one stream's window (RFC 9113 §5.2, §6.9): the peer may have sent at
// most `initial window + bytes handed back` content bytes. stream_window decides how many of
// the bytes received may be handed back (a WINDOW_UPDATE; nghttp2_session_consume_stream) so
// that the peer can never send past a machine's body_credit(): while the machine admits only
// what came, nothing goes back and the initial window is all a client that skips the wait can
// send; once it admits the body, everything received goes back as it arrives.
class stream_window {
public:
    constexpr explicit stream_window(std::uint32_t initial) noexcept : initial_(initial) {}

    // `n` content bytes of this stream arrived.
    constexpr void on_received(std::uint64_t n) noexcept { received_ += n; }

    // The bytes to hand back now, for a machine that admits `credit` bytes in all (its
    // body_credit(); unlimited_body_credit for no bound). Call after every step.
    constexpr std::uint64_t to_return(std::uint64_t credit) noexcept {
        std::uint64_t target = received_;
        if (credit != unlimited_body_credit) {
            const std::uint64_t bound = credit > initial_ ? credit - initial_ : 0;
            target = target < bound ? target : bound;
        }
        if (target <= returned_) return 0;
        const std::uint64_t n = target - returned_;
        returned_ = target;
        return n;
    }

    constexpr std::uint64_t received() const noexcept { return received_; }
    constexpr std::uint64_t returned() const noexcept { return returned_; }
    // The most content the peer may have sent by now: what it can never exceed.
    constexpr std::uint64_t peer_limit() const noexcept { return returned_ + initial_; }

private:
    std::uint64_t received_ = 0;
    std::uint64_t returned_ = 0;
    std::uint32_t initial_;
};

}  // namespace expect100

#endif  // EXPECT100_HTTP2_HPP
