// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// request_reader: the requests of one connection, read from bytes (sans-IO), as the events a
// server machine or an intermediary takes: the head (with its facts), then the body's content
// counted as it comes, then the end of the request. The request-side twin of
// response_reader.hpp.
//
// It is the loop a server or a proxy writes around Beast's parser, once: limits on the head and
// the body, a folded head line refused (RFC 9112 §5.2: obs-fold, G-10) after Beast accepted it,
// the content counted apart from the chunk framing, the bytes each call consumed reported
// (`used`) so that a relay forwards them as they came. The origin program and the proxy both
// read requests with it.
//
// Protocol: next() before each request; then put(bytes) and drop the first `used` bytes, again
// and again, until it answers need_more (read more, then put again). After `head`, put again
// even with no bytes left: a request without a body completes there. A caller that holds a body
// (an intermediary told hold_body) simply stops calling put. After `complete` or `error`, nothing
// more is taken until next().
#ifndef EXPECT100_BEAST_REQUEST_READER_HPP
#define EXPECT100_BEAST_REQUEST_READER_HPP

#include <expect100/beast/head_parser.hpp>
#include <expect100/message.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace expect100::beast {

enum class request_event : std::uint8_t {
    need_more,  // the bytes given were used (some, all or none) and nothing ended: read more
    head,       // the head is complete: facts() and record() hold it; its body (if any) follows
    complete,   // the request is complete (body included): next() before the next one
    error,      // a malformed request or a limit exceeded: see `error`, answer with status_for()
};

struct request_step {
    request_event event = request_event::need_more;
    std::size_t used = 0;       // input bytes consumed by this call: drop them (or relay them)
    std::uint64_t content = 0;  // content bytes among them (chunk framing excluded)
    boost::system::error_code error;
};

struct request_limits {
    std::uint32_t header = 16 * 1024;   // the largest head accepted: above it, 431
    std::optional<std::uint64_t> body;  // the largest body accepted (none: no limit): 413
};

// The status a server answers a request error with: 431 for a head over the limit (RFC 6585
// §5), 413 for a body over it (RFC 9110 §15.5.14), 400 for anything malformed (§15.5.1).
inline std::uint16_t status_for(const boost::system::error_code& ec) noexcept {
    if (ec == boost::beast::http::error::header_limit) return 431;
    if (ec == boost::beast::http::error::body_limit) return 413;
    return 400;
}

class request_reader {
public:
    explicit request_reader(request_limits limits = {}, expect_policy policy = {}) noexcept
        : limits_(limits), policy_(policy) {}

    // Where decoded content goes (null: counted only), this request's and the next ones'.
    void set_content_sink(content_sink* sink) noexcept {
        sink_ = sink;
        if (parser_) parser_->set_content_sink(sink);
    }

    // The next request on the connection begins.
    void next() {
        line_ended_ = false;
        record_.clear();
        parser_.emplace(record_, policy_);
        parser_->header_limit(limits_.header);
        if (limits_.body)
            parser_->body_limit(*limits_.body);
        else
            parser_->body_limit(boost::none);
        parser_->set_content_sink(sink_);
        phase_ = phase::head;
    }

    request_step put(std::string_view bytes) {
        request_step r;
        if (phase_ != phase::head && phase_ != phase::body) return r;  // next() first
        for (;;) {
            if (phase_ == phase::body && parser_->is_done()) {
                phase_ = phase::done;
                r.event = request_event::complete;
                return r;
            }
            if (r.used == bytes.size()) return r;  // need_more
            boost::system::error_code ec;
            const std::size_t n =
                parser_->put(boost::asio::buffer(bytes.data() + r.used, bytes.size() - r.used), ec);
            const std::string_view taken = bytes.substr(r.used, n);
            r.used += n;
            r.content += parser_->take_content_bytes();
            if (phase_ == phase::head && folds(taken))
                return fail(r, boost::beast::http::error::bad_value);
            if (ec == boost::beast::http::error::need_more) return r;
            if (ec) return fail(r, ec);
            if (phase_ == phase::head && parser_->is_header_done()) {
                phase_ = phase::body;
                r.event = request_event::head;
                return r;
            }
            if (n == 0 && !parser_->is_done()) return r;  // need_more
        }
    }

    // The request's head. @pre a head event for this request.
    const request_facts& facts() const noexcept { return parser_->facts(); }
    const head_record& record() const noexcept { return record_; }
    // The head is not complete yet (no byte of it may have come).
    bool in_head() const noexcept { return phase_ == phase::head; }
    // The head is in and the body is not complete yet.
    bool in_body() const noexcept { return phase_ == phase::body; }
    // The request is complete, or failed: nothing is taken until next().
    bool done() const noexcept { return phase_ == phase::done; }

    // The content still to come, when the body's length is known (Content-Length) and it is
    // under way; none otherwise (chunked, no head yet, complete).
    std::optional<std::uint64_t> known_remaining() const noexcept {
        if (phase_ != phase::body) return std::nullopt;
        const auto left = parser_->content_length_remaining();
        if (!left) return std::nullopt;
        return *left;
    }
    // The rest of the body, known_remaining() bytes, was moved without passing through put() (a
    // relay's splice(2)): the request is complete. @pre known_remaining()
    void body_moved_elsewhere() noexcept { phase_ = phase::done; }

private:
    // Whether the head bytes Beast just took fold a line (obs-fold, RFC 9112 §5.2, G-10).
    // Beast takes a head line by line as it arrives, so a fold may sit inside one put's bytes
    // or across two: a line ended by the last put and this one starting with SP or HTAB (found
    // by the fuzz kit: a fold cut from the rest of the head reached the origin unfolded).
    bool folds(std::string_view taken) noexcept {
        if (taken.empty()) return false;
        const bool across = line_ended_ && (taken.front() == ' ' || taken.front() == '\t');
        line_ended_ = taken.back() == '\n';
        return across || has_obs_fold(taken);
    }

    enum class phase : std::uint8_t { idle, head, body, done };

    request_step& fail(request_step& r, boost::system::error_code ec) noexcept {
        phase_ = phase::done;
        r.event = request_event::error;
        r.error = ec;
        return r;
    }

    head_record record_;
    std::optional<request_head_parser> parser_;
    content_sink* sink_ = nullptr;
    request_limits limits_;
    expect_policy policy_;
    phase phase_ = phase::idle;
    bool line_ended_ = false;  // the head bytes taken so far end with a line (folds())
};

}  // namespace expect100::beast

#endif  // EXPECT100_BEAST_REQUEST_READER_HPP
