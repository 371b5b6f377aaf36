// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-probe --http2: one HTTP/2 connection (ALPN h2 over https, prior knowledge over
// http), driven step by step with timeouts like the HTTP/1.1 probe_connection in probe.cpp, so
// that the same experiments run on a stream: the request's HEADERS (Expect fields as given),
// its body when the experiment says, and each response part (1xx HEADERS, the final response
// with its body) as it comes. nghttp2 frames the messages (nghttp2/client_stream.hpp); no
// client machine decides anything here: the experiment is the client.
#ifndef EXPECT100_EXAMPLES_PROBE_H2_CONNECTION_HPP
#define EXPECT100_EXAMPLES_PROBE_H2_CONNECTION_HPP

#include "../common/blocking.hpp"
#include "../common/http.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"

#include <expect100/nghttp2/client_stream.hpp>
#include <expect100/nghttp2/session.hpp>
#include <expect100/wire.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples::probe {

// What came back for the request (a 1xx, or the final response with its first KiB of body),
// with the fields the HTTP/1.1 probe's response_seen has.
struct h2_response {
    unsigned status = 0;
    double at_ms = 0;
    std::string reason;  // HTTP/2 has none: the status's usual phrase
    std::string body;
    bool close = false;  // a stream never says Connection: close
};

class h2_connection {
public:
    h2_connection(asio::io_context& io, const url& where, ssl::context* tls, std::string method)
        : io_(io), where_(where), tls_(tls), method_(std::move(method)), stream_(io, tls) {}
    h2_connection(const h2_connection&) = delete;
    h2_connection& operator=(const h2_connection&) = delete;
    // The read in flight ends here, while this object lives (its handler points at it).
    ~h2_connection() {
        stream_.close();
        io_.restart();
        io_.poll();
    }

    // @return an error text, or empty.
    std::string connect() {
        if (std::string error = connect_blocking(io_, stream_, where_); !error.empty())
            return error;
        if (tls_ != nullptr && stream_.alpn_protocol() != "h2")
            return "the server did not choose h2 in ALPN";
        session_ = nghttp2::make_session(nghttp2::session_role::client, *this);
        if (!session_) return "cannot start an HTTP/2 session";
        t0_ = steady::now();
        flush();
        read();
        return {};
    }

    double now_ms() const { return ms_between(t0_, steady::now()); }

    // The same calls as probe.cpp's probe_connection; the HTTP version asked for is HTTP/2's.
    std::string request_line(const std::string& = {}) const {
        return method_ + " " + where_.target + " HTTP/2";
    }

    // A request on a new stream: the `expect` lines ("Expect: v") as fields, each its own, a
    // content-length of `length`, and the body at once with the head when `body_now`.
    bool send_request(const std::string&, const std::vector<std::string>& expect,
                      std::size_t length, bool body_now) {
        std::vector<std::pair<std::string, std::string>> fields = {
            {":method", method_},
            {":scheme", where_.https ? "https" : "http"},
            {":authority", host_field(where_)},
            {":path", where_.target},
            {"user-agent", "expect100-probe/0.1"},
            {"content-length", std::to_string(length)}};
        for (const std::string& line : expect) {  // "Expect: v" -> the field value v
            std::string_view v(line);
            v.remove_prefix(v.find(':') + 1);
            while (!v.empty() && v.front() == ' ')
                v.remove_prefix(1);
            fields.emplace_back("expect", std::string(v));
        }
        if (current_) done_streams_.push_back(std::move(current_));
        current_ = std::make_unique<nghttp2::client_stream>(session_.get());
        final_.reset();
        responses_.clear();
        stream_closed_ = false;
        if (current_->submit(fields, length != 0) < 0) return false;
        length_ = length;
        if (body_now) send_body(length);
        flush();
        return true;
    }
    void send_body(std::size_t) {
        if (!current_ || length_ == 0 || current_->body().complete()) return;
        current_->append_body(std::string(length_, 'x'));
        current_->finish_body();
        current_->release_body();
        flush();
    }
    // The stream's own reset (a client that gives up its body: H2-6).
    void cancel() {
        if (current_) current_->cancel();
        flush();
    }

    // The next response part, or nothing within `limit`.
    std::optional<h2_response> next_response(std::chrono::milliseconds limit) {
        run_until([&] { return !responses_.empty() || stream_closed_ || closed_; }, limit);
        if (responses_.empty()) return std::nullopt;
        h2_response r = std::move(responses_.front());
        responses_.pop_front();
        return r;
    }
    // The stream (or the connection) ended without a final response.
    bool closed() const noexcept { return (stream_closed_ || closed_) && responses_.empty(); }
    bool broken() const noexcept { return broken_; }

    // ---- nghttp2's callbacks (nghttp2/session.hpp) ----------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (ours(f)) current_->begin_response_part();
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (ours(f)) current_->add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        if (!ours(f)) return 0;
        if (f.hd.type == NGHTTP2_HEADERS) {
            const auto part = current_->on_headers_end(f, to_request_method(method_));
            const unsigned status = current_->facts().status;
            const std::string reason(reason_phrase(static_cast<std::uint16_t>(status)));
            if (part == nghttp2::response_part::interim) {
                responses_.push_back({status, now_ms(), reason, {}, false});
            } else if (part == nghttp2::response_part::final) {
                final_ = h2_response{status, now_ms(), reason, {}, false};
                if (current_->response_complete()) complete();
            } else if (part == nghttp2::response_part::trailers) {
                complete();
            } else {
                broken_ = true;
            }
        } else if (f.hd.type == NGHTTP2_DATA && (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            complete();
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        (void)nghttp2_session_consume(session_.get(), id, data.size());
        if (current_ && id == current_->id() && final_ && final_->body.size() < 1024)
            final_->body.append(data.substr(0, 1024 - final_->body.size()));
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        if (current_ && id == current_->id()) {
            current_->on_closed(code);
            stream_closed_ = true;
        }
        return 0;
    }
    int on_frame_send(const nghttp2_frame&) { return 0; }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

private:
    bool ours(const nghttp2_frame& f) const noexcept {
        return current_ && f.hd.stream_id == current_->id();
    }
    void complete() {
        if (!final_) return;
        responses_.push_back(std::move(*final_));
        final_.reset();
    }
    void flush() {
        if (closed_ ||
            sio_.take(session_.get(), out_.queue()) != nghttp2::session_io::output::taken) {
            return;
        }
        out_.flush(stream_, [this](const error_code& ec) {
            if (ec) closed_ = true;
        });
    }
    void read() {
        stream_.async_read_some(asio::buffer(buf_), [this](const error_code& ec, std::size_t n) {
            if (ec) {
                closed_ = true;
                return;
            }
            if (!sio_.receive(session_.get(), std::string_view(buf_.data(), n))) broken_ = true;
            flush();
            if (!broken_) read();
        });
    }
    template <class Done>
    void run_until(Done done, std::chrono::milliseconds limit) {
        io_.restart();
        const auto until = steady::now() + limit;
        while (!done() && steady::now() < until)
            io_.run_one_for(until - steady::now());
    }

    asio::io_context& io_;
    const url& where_;
    ssl::context* tls_;
    std::string method_;
    stream stream_;
    nghttp2::session_handle session_;
    nghttp2::session_io sio_;
    gather_writer out_;
    std::array<char, 16384> buf_{};
    std::unique_ptr<nghttp2::client_stream> current_;
    std::vector<std::unique_ptr<nghttp2::client_stream>> done_streams_;  // providers stay valid
    std::optional<h2_response> final_;
    std::deque<h2_response> responses_;
    std::size_t length_ = 0;
    steady::time_point t0_{};
    bool stream_closed_ = false;
    bool closed_ = false;
    bool broken_ = false;
};

}  // namespace expect100::examples::probe

#endif  // EXPECT100_EXAMPLES_PROBE_H2_CONNECTION_HPP
