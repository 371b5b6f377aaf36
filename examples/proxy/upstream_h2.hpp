// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// --upstream-h2: the origin speaks HTTP/2. Each thread keeps one HTTP/2 connection to the
// origin (TLS with ALPN h2, or cleartext with prior knowledge) and every exchange of the thread,
// from an HTTP/1.1 client or an HTTP/2 one, is one stream on it (h1 -> h2 and h2 -> h2, H2-10).
//
// Theory of operation
// -------------------
// h2_upstream_connection owns the socket, nghttp2's client session and, per stream, the
// nghttp2::client_stream (its data provider points into it, so it lives until nghttp2 closes
// the stream, not as long as the exchange). It routes nghttp2's callbacks to the stream's
// owner, h2_upstream_link (an upstream_side), which maps the intermediary machine's upstream
// actions onto the stream:
//   forward_head*            -> a new stream: HEADERS with the request translated (:method,
//                               :scheme, :authority from Host, :path; no hop-by-hop or
//                               connection-specific field, RFC 9113 §8.2.2; Expect as the action
//                               says); END_STREAM at once when there is no content
//   forward_body, hold_body  -> the data provider's gate open, or held (client_stream.hpp)
//   stop_body, discard_body  -> the gate shut for good; the stream reset (CANCEL) once the
//                               response is complete (H2-5 from the client's side)
//   close (upstream)         -> RST_STREAM(CANCEL): the stream, never the connection (H2-6)
// What comes back becomes the session's events: the request's HEADERS written ->
// on_upstream_head_sent (the machine's wait starts there, H2-9); a 1xx HEADERS -> an interim
// head (H2-1); the final -> a final head presented as HTTP/1.1 frames it (upstream_side.hpp);
// DATA -> the relayed body; END_STREAM -> on_response_done; a reset or a lost connection before
// that -> on_upstream_failure (502 or 504 from the machine), except a stream the origin refused
// (REFUSED_STREAM, RFC 9113 §8.7) before any of its body left: it goes again, once.
// Backpressure: a stream's received content is handed back to its window (a WINDOW_UPDATE)
// only while the client keeps up; the connection's window at once, so one slow client never
// stalls the others. Request bytes queue in the stream's provider, and the session stops
// reading its client while more than the backlog limit waits there.
// Invariants: a stream's callbacks reach its link only while the link owns it (release() cuts
// them); the connection is used for new streams until it fails or the origin sends GOAWAY.
#ifndef EXPECT100_EXAMPLES_PROXY_UPSTREAM_H2_HPP
#define EXPECT100_EXAMPLES_PROXY_UPSTREAM_H2_HPP

#include "../common/net.hpp"
#include "config.hpp"
#include "translate.hpp"
#include "upstream_side.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/http2.hpp>
#include <expect100/nghttp2/client_stream.hpp>
#include <expect100/nghttp2/session.hpp>

#include <boost/asio/post.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples {

// What the connection tells the link that owns a stream.
class h2_stream_owner {
public:
    virtual void on_request_progress(nghttp2::request_progress p) = 0;
    virtual void on_response_part(nghttp2::response_part p, const nghttp2::client_stream& s) = 0;
    virtual void on_response_data(std::string_view content) = 0;
    virtual void on_response_end() = 0;
    // `s` is still there to read (its unsent body) and goes after this call.
    virtual void on_stream_closed(std::uint32_t code, const nghttp2::client_stream& s) = 0;
    virtual void on_connection_writable() = 0;  // a write completed: the client may be read on
    virtual void on_connection_lost() = 0;

protected:
    ~h2_stream_owner() = default;
};

class h2_upstream_connection final : public std::enable_shared_from_this<h2_upstream_connection> {
public:
    h2_upstream_connection(asio::io_context& io, const proxy_config& config)
        : config_(config), io_(io, config.upstream_tls) {}
    h2_upstream_connection(const h2_upstream_connection&) = delete;
    h2_upstream_connection& operator=(const h2_upstream_connection&) = delete;

    void start() {
        nghttp2::session_settings settings;
        // Response content a stream may send before the client took it (backpressure).
        settings.initial_window = static_cast<std::uint32_t>(config_.backlog_limit());
        session_ = nghttp2::make_session(nghttp2::session_role::client, *this, settings);
        if (!session_) return fail();
        io_.socket().async_connect(
            config_.upstream, [this, self = shared_from_this()](const error_code& ec) {
                if (closed_) return;
                if (ec) return fail();
                error_code ignored;
                io_.socket().set_option(tcp::no_delay(true), ignored);
                io_.async_handshake(ssl::stream_base::client, config_.upstream_host,
                                    [this, self](const error_code& hec) {
                                        if (closed_) return;
                                        if (hec) return fail();
                                        if (io_.is_tls() && io_.alpn_protocol() != "h2") {
                                            std::fprintf(stderr,
                                                         "expect100-proxy: the upstream did not "
                                                         "choose h2 in ALPN (--upstream-h2)\n");
                                            return fail();
                                        }
                                        connected_ = true;
                                        flush();
                                        read();
                                    });
            });
    }

    // New streams go here until the connection fails or the origin said GOAWAY.
    bool usable() const noexcept { return !closed_ && !going_away_; }

    // A new stream for `owner` with the request head `fields` (pseudo-header fields first).
    // @return its id, or a negative nghttp2 error.
    template <class Fields>
    std::int32_t open(h2_stream_owner& owner, const Fields& fields, bool has_content,
                      request_method method) {
        if (!usable()) return NGHTTP2_ERR_INVALID_STATE;
        auto s = std::make_unique<nghttp2::client_stream>(session_.get());
        const std::int32_t id = s->submit(fields, has_content);
        if (id < 0) return id;
        streams_[id] = entry{std::move(s), &owner, method};
        return id;
    }
    nghttp2::client_stream* find_stream(std::int32_t id) noexcept {
        const auto it = streams_.find(id);
        return it == streams_.end() ? nullptr : it->second.stream.get();
    }
    // The owner is done with the stream: no more callbacks; reset it if it is still open.
    void release(std::int32_t id) {
        const auto it = streams_.find(id);
        if (it == streams_.end()) return;
        it->second.owner = nullptr;
        it->second.stream->cancel();
        flush();
    }
    // `n` content bytes of stream `id` were relayed: the origin may send that much more.
    void consume(std::int32_t id, std::size_t n) {
        if (n == 0 || closed_) return;
        (void)nghttp2_session_consume_stream(session_.get(), id, n);
        flush();
    }
    std::size_t backlog() const noexcept { return out_.backlog(); }

    void flush() {
        if (closed_ || !connected_) return;
        // Backpressure: while this much waits for the socket, nghttp2 keeps its frames (and stops
        // taking DATA from the streams' providers); the write's end takes more.
        if (out_.backlog() >= config_.backlog_limit()) {
            more_after_write_ = true;
            return;
        }
        switch (sio_.take(session_.get(), out_.queue())) {
        case nghttp2::session_io::output::deferred: return;
        case nghttp2::session_io::output::failed: return fail();
        case nghttp2::session_io::output::taken: break;
        }
        out_.flush(io_, [this, self = shared_from_this()](const error_code& ec) {
            if (ec) return fail();
            after_write();
        });
        if (!out_.busy()) after_write();
    }
    // Shutting down: close once no stream is left.
    void close_when_idle() {
        going_away_ = true;
        if (streams_.empty()) close();
    }

    // ---- nghttp2's callbacks (nghttp2/session.hpp) --------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (f.hd.type != NGHTTP2_HEADERS) return 0;
        if (auto* e = find(f.hd.stream_id)) e->stream->begin_response_part();
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (f.hd.type != NGHTTP2_HEADERS) return 0;
        if (auto* e = find(f.hd.stream_id)) e->stream->add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        if (f.hd.type == NGHTTP2_GOAWAY) {
            going_away_ = true;  // streams above its last id are closed by nghttp2 (REFUSED)
            return 0;
        }
        entry* e = find(f.hd.stream_id);
        if (e == nullptr) return 0;
        const bool end = (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
        if (f.hd.type == NGHTTP2_HEADERS) {
            const auto part = e->stream->on_headers_end(f, e->method);
            if (e->owner) e->owner->on_response_part(part, *e->stream);
            if (part == nghttp2::response_part::malformed) {
                e->stream->cancel(NGHTTP2_PROTOCOL_ERROR);
                return 0;
            }
            e = find(f.hd.stream_id);  // the owner may have released it
            if (e && end && e->owner && part != nghttp2::response_part::interim)
                e->owner->on_response_end();
        } else if (f.hd.type == NGHTTP2_DATA && end) {
            e->stream->on_data_end();
            if (e->owner) e->owner->on_response_end();
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        // The connection's window at once; the stream's as the client takes the content.
        (void)nghttp2_session_consume_connection(session_.get(), data.size());
        entry* e = find(id);
        if (e == nullptr || e->owner == nullptr) return 0;
        e->owner->on_response_data(data);
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        const auto it = streams_.find(id);
        if (it == streams_.end()) return 0;
        it->second.stream->on_closed(code);
        // nghttp2 is done with the stream's data provider: the stream goes after its owner
        // heard (it may take the unsent body to send again).
        const std::unique_ptr<nghttp2::client_stream> stream = std::move(it->second.stream);
        h2_stream_owner* owner = it->second.owner;
        streams_.erase(it);
        if (owner) owner->on_stream_closed(code, *stream);
        // Never close() here: this runs inside nghttp2, whose session close() deletes. The
        // flush after this read closes once what is left is written.
        if (going_away_ && streams_.empty()) closing_ = true;
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        entry* e = find(f.hd.stream_id);
        if (e == nullptr) return 0;
        const auto progress = e->stream->on_frame_sent(f);
        if (e->owner && progress != nghttp2::request_progress::none)
            e->owner->on_request_progress(progress);
        return 0;
    }
    // A request that never went (its stream was reset before its HEADERS left, or the session
    // ends): nghttp2 will not close a stream it never opened.
    int on_frame_not_send(const nghttp2_frame& f, int) {
        if (f.hd.type != NGHTTP2_HEADERS) return 0;
        return on_stream_close(f.hd.stream_id, NGHTTP2_REFUSED_STREAM);
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        io_.close();
        auto all = std::move(streams_);
        streams_.clear();
        for (auto& [id, e] : all) {
            if (e.owner) e.owner->on_connection_lost();
        }
        // `all` goes here, before the session: nghttp2 reads no provider any more
        session_.reset();
    }

private:
    struct entry {
        std::unique_ptr<nghttp2::client_stream> stream;
        h2_stream_owner* owner = nullptr;
        request_method method = request_method::other;
    };
    entry* find(std::int32_t id) noexcept {
        const auto it = streams_.find(id);
        return it == streams_.end() ? nullptr : &it->second;
    }

    void read() {
        if (closed_) return;
        io_.async_read_some(asio::buffer(buffer_), [this, self = shared_from_this()](
                                                       const error_code& ec, std::size_t n) {
            if (closed_) return;
            if (ec) return fail();
            const bool ok = sio_.receive(session_.get(), std::string_view(buffer_.data(), n));
            flush();
            if (closed_) return;
            if (!ok || nghttp2::finished(session_.get())) return close_soon();
            read();
        });
    }
    void after_write() {
        if (std::exchange(more_after_write_, false)) flush();
        // Each owner may end its exchange here: look each one up again.
        std::vector<std::int32_t> ids;
        ids.reserve(streams_.size());
        for (const auto& [id, e] : streams_) {
            if (e.owner) ids.push_back(id);
        }
        for (const std::int32_t id : ids) {
            if (entry* e = find(id); e && e->owner) e->owner->on_connection_writable();
        }
        if (closing_ && out_.idle()) close();
    }
    // Write what is left (a GOAWAY, a reset), then close.
    void close_soon() {
        going_away_ = true;
        closing_ = true;
        if (out_.idle()) close();
    }
    void fail() {
        going_away_ = true;
        close();
    }

    const proxy_config& config_;
    stream io_;
    std::map<std::int32_t, entry> streams_;
    nghttp2::session_handle session_;  // after streams_: it goes first
    nghttp2::session_io sio_;
    gather_writer out_;
    std::array<char, 64 * 1024> buffer_{};
    bool connected_ = false;
    bool going_away_ = false;
    bool closing_ = false;
    bool more_after_write_ = false;  // flush() held back for the socket
    bool closed_ = false;
};

// The thread's connection to the origin: the one in use, or a new one.
inline std::shared_ptr<h2_upstream_connection> h2_upstream_for(thread_state& thread,
                                                               const proxy_config& config) {
    if (!thread.h2_upstream || !thread.h2_upstream->usable()) {
        thread.h2_upstream = std::make_shared<h2_upstream_connection>(thread.io, config);
        thread.h2_upstream->start();
    }
    return thread.h2_upstream;
}

template <class Owner, class Down>
class h2_upstream_link final : public upstream_side, private h2_stream_owner {
public:
    h2_upstream_link(Owner& owner, Down& down, thread_state& thread, const proxy_config& config)
        : owner_(owner), down_(down), thread_(thread), config_(config) {}
    ~h2_upstream_link() override { release(); }

    upstream_body_input body_input() const noexcept override {
        return upstream_body_input::content;
    }

    // ---- One exchange ------------------------------------------------------------------------
    void begin_exchange() override {
        release();
        body_ = body_mode::pending;
        body_ended_ = false;
        held_.clear();
        response_ = response_phase::none;
        relaying_ = false;
        unconsumed_ = 0;
    }

    void send_head(const beast::head_record& head, beast::expect_line expect,
                   const request_facts& facts) override {
        release();  // a repeat (T-P-18) is a new stream
        response_ = response_phase::head;
        retried_ = false;
        fields_ = h2::http2_request_fields(head, expect,
                                           config_.upstream_tls != nullptr ? "https" : "http",
                                           config_.upstream_host);
        has_content_ = facts.has_content();
        method_ = facts.method;
        submit();
    }
    // The request on a new stream (the thread's connection, or a new one when it goes away).
    void submit() {
        conn_ = h2_upstream_for(thread_, config_);
        id_ = conn_->open(*this, fields_, has_content_, method_);
        if (id_ < 0) {  // after this step, as a connection failure would come
            asio::post(thread_.io, [this, self = owner_.shared_from_this()] {
                if (id_ < 0 && response_ == response_phase::head && !down_.closed())
                    owner_.on_upstream_failure();
            });
            return;
        }
        nghttp2::client_stream& s = *conn_->find_stream(id_);
        if (!held_.empty()) s.append_body(std::exchange(held_, {}));
        if (body_ == body_mode::forwarding) s.release_body();
        if (body_ended_) s.finish_body();
        flush();
    }

    void take_body(std::string_view content) override {
        if (body_ == body_mode::dropping) return;
        if (nghttp2::client_stream* s = stream())
            s->append_body(content);
        else
            held_.append(content);
    }
    void end_body() override {
        body_ended_ = true;
        if (nghttp2::client_stream* s = stream(); s && body_ != body_mode::dropping)
            s->finish_body();
    }
    void forward_body() override {
        body_ = body_mode::forwarding;
        if (nghttp2::client_stream* s = stream()) s->release_body();
        flush();
    }
    void hold_body() noexcept override { body_ = body_mode::holding; }
    void drop_body() override {
        body_ = body_mode::dropping;
        held_.clear();
        if (nghttp2::client_stream* s = stream()) {
            s->stop_body();
            if (response_ == response_phase::done) s->cancel();
        }
        flush();
    }
    bool holding_body() const noexcept override { return body_ == body_mode::holding; }
    bool splice_body_from_client(std::uint64_t) override { return false; }

    // ---- Responses ---------------------------------------------------------------------------
    const response_facts& response() const noexcept override { return facts_; }
    const beast::head_record& response_head() const noexcept override { return record_; }
    bool response_begun() const noexcept override { return response_ == response_phase::body; }
    bool response_done() const noexcept override { return response_ == response_phase::done; }
    bool relaying() const noexcept override {
        return response_ == response_phase::body && relaying_;
    }
    void relay_body(bool decoded) override {
        relaying_ = true;
        chunked_out_ = !decoded && facts_.framing == body_framing::chunked;
    }

    // ---- The stream --------------------------------------------------------------------------
    bool active() const noexcept override { return id_ >= 0; }
    std::size_t backlog() const noexcept override {
        std::size_t n = held_.size();
        if (nghttp2::client_stream* s = stream()) n += s->body().queued();
        return n;
    }
    void not_reusable() noexcept override {}      // a stream is never reused
    void abandon_response() noexcept override {}  // end_exchange resets what is still open
    void flush() override {
        if (conn_ && !down_.batching()) conn_->flush();
    }
    void resume() override {
        if (unconsumed_ == 0 || id_ < 0 || down_.backlog() >= config_.backlog_limit()) return;
        conn_->consume(id_, std::exchange(unconsumed_, 0));
    }
    void end_exchange() override { release(); }
    void drop() override { release(); }
    void close() override { release(); }

private:
    enum class body_mode : std::uint8_t { pending, forwarding, holding, dropping };
    enum class response_phase : std::uint8_t { none, head, body, done };

    nghttp2::client_stream* stream() const noexcept {
        return id_ >= 0 && conn_ ? conn_->find_stream(id_) : nullptr;
    }
    // No more callbacks for this exchange; the stream is reset if it is still open.
    void release() {
        if (conn_ && id_ >= 0) conn_->release(id_);
        id_ = -1;
    }

    // ---- From the connection (h2_stream_owner) -----------------------------------------------
    void on_request_progress(nghttp2::request_progress p) override {
        if (p == nghttp2::request_progress::head_sent && !down_.closed())
            owner_.on_upstream_head_sent();
    }
    void on_response_part(nghttp2::response_part p, const nghttp2::client_stream& s) override {
        if (down_.closed()) return;
        const auto self = owner_.shared_from_this();
        switch (p) {
        case nghttp2::response_part::trailers: return;  // not relayed (G-15)
        case nghttp2::response_part::malformed: return fail();
        case nghttp2::response_part::interim:
        case nghttp2::response_part::final: break;
        }
        facts_ = s.facts();
        h2::http1_response_head(s.fields(), facts_, record_);
        if (p == nghttp2::response_part::interim) return owner_.on_response_head();  // H2-1
        if (!facts_.valid()) return fail();
        response_ = response_phase::body;
        relaying_ = false;
        owner_.on_response_head();
    }
    void on_response_data(std::string_view content) override {
        if (response_ != response_phase::body || content.empty()) return;
        if (relaying_) {
            if (chunked_out_) {
                char size[20];
                const int len = std::snprintf(size, sizeof size, "%zx\r\n", content.size());
                down_.output().append(size, static_cast<std::size_t>(len));
                down_.output().append(content);
                down_.output().append("\r\n");
            } else {
                down_.output().append(content);
            }
            down_.flush();
        }
        if (down_.backlog() < config_.backlog_limit())
            conn_->consume(id_, content.size() + std::exchange(unconsumed_, 0));
        else
            unconsumed_ += content.size();
    }
    void on_response_end() override {
        if (response_ != response_phase::body || down_.closed()) return;
        const auto self = owner_.shared_from_this();
        const bool relayed = relaying_;
        if (relayed && chunked_out_) down_.output().append("0\r\n\r\n");
        relaying_ = false;
        response_ = response_phase::done;
        if (body_ == body_mode::dropping) {
            if (nghttp2::client_stream* s = stream()) s->cancel();
        }
        owner_.on_response_done(relayed);
    }
    void on_stream_closed(std::uint32_t code, const nghttp2::client_stream& s) override {
        id_ = -1;  // nghttp2 is done with it; the connection forgot it
        if (!response_awaited()) return;
        const auto self = owner_.shared_from_this();
        // Refused (REFUSED_STREAM, or above a GOAWAY's last id): the origin did nothing with it
        // (RFC 9113 §8.7), so it goes again, once, on a new stream. Only when none of its body
        // left: a body held for the 100 never did.
        if (code == NGHTTP2_REFUSED_STREAM && response_ == response_phase::head && !retried_ &&
            s.body().sent() == 0) {
            retried_ = true;
            held_.insert(0, s.body().pending());
            return submit();
        }
        owner_.on_upstream_failure();  // reset before the response was complete
    }
    void on_connection_writable() override {
        if (down_.closed()) return;
        const auto self = owner_.shared_from_this();
        owner_.on_upstream_flushed();
    }
    void on_connection_lost() override {
        id_ = -1;
        if (!response_awaited()) return;
        const auto self = owner_.shared_from_this();
        owner_.on_upstream_failure();  // no retry: the origin may have processed it
    }
    // A request was sent, its response is not complete, and the client still waits for it.
    bool response_awaited() const noexcept {
        return response_ != response_phase::done && response_ != response_phase::none &&
               !down_.closed();
    }
    void fail() {
        release();
        owner_.on_upstream_failure();
    }

    Owner& owner_;
    Down& down_;
    thread_state& thread_;
    const proxy_config& config_;
    std::shared_ptr<h2_upstream_connection> conn_;
    std::int32_t id_ = -1;
    response_facts facts_{};
    beast::head_record record_;
    std::string held_;            // content before the stream exists
    std::size_t unconsumed_ = 0;  // relayed content not yet handed back to the stream's window
    body_mode body_ = body_mode::pending;
    response_phase response_ = response_phase::none;
    h2::field_pairs fields_;  // the request head, for a retry after REFUSED_STREAM
    request_method method_ = request_method::other;
    bool has_content_ = false;
    bool retried_ = false;
    bool body_ended_ = false;
    bool relaying_ = false;
    bool chunked_out_ = false;  // the relayed content is chunked for an HTTP/1.1 client
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_UPSTREAM_H2_HPP
