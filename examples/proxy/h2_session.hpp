// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One HTTP/2 client connection of expect100-proxy (TLS with ALPN h2, or --h2c): the file to
// read to drive the intermediary machine on HTTP/2 streams. Each stream is one exchange with a
// machine of its own, the same machine and preset as an HTTP/1.1 connection's (session.hpp),
// and its own upstream (upstream_side.hpp): an HTTP/1.1 connection from the thread's pool
// (upstream_link.hpp), or with --upstream-h2 a stream on the thread's HTTP/2 connection to the
// origin (upstream_h2.hpp).
//
// What HTTP/2 changes is only how the machine's downstream actions are performed
// (nghttp2/server_stream.hpp) and how the request crosses versions (translate.hpp, H2-10):
// - the head: `:method`, `:path` and `:authority` become the request line and Host; the other
//   fields go on, Expect as the machine says; a body without content-length goes chunked to an
//   HTTP/1.1 origin (an HTTP/2 one takes the content as it is);
// - a 100 (relayed, or our grace 100) and every relayed 1xx: HEADERS without END_STREAM (H2-1);
//   an upstream 101 is never relayed (RFC 9113 §8.6, H2-11): 502;
// - the relayed final response: HEADERS with the origin's fields but the connection-specific
//   ones (RFC 9113 §8.2.2), its content in DATA frames (decoded from chunked); an early refusal
//   (>= 300 while the client may still send) goes head and content together, its head held at
//   most a second (nghttp2::final_head::with_content, H2-14);
// - close, add_close, discard_body after a final: RST_STREAM(NO_ERROR) once the final response
//   is all written and the client sends more, or a second later (H2-5,
//   nghttp2::early_reset::when_client_sends: curl 7.88 takes a response and a reset that come
//   in one read for an empty reply), never the client's connection;
// - hold_body, and a slow upstream: no WINDOW_UPDATE beyond the machine's body_credit() (H2-8).
// The connection: nghttp2 in memory (mem_recv/mem_send) over the stream; reads always go on
// (flow control, not the socket, holds a body back), writes gather per batch.
#ifndef EXPECT100_EXAMPLES_PROXY_H2_SESSION_HPP
#define EXPECT100_EXAMPLES_PROXY_H2_SESSION_HPP

#include "../common/net.hpp"
#include "../common/program.hpp"
#include "config.hpp"
#include "exchange_log.hpp"
#include "translate.hpp"
#include "upstream.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/beast/machine_timer.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/nghttp2/server_stream.hpp>
#include <expect100/nghttp2/session.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples {

class h2_session;

// One stream: its machine, its upstream exchange, its actions on the stream.
class h2_exchange final : public std::enable_shared_from_this<h2_exchange> {
public:
    h2_exchange(h2_session& connection, nghttp2_session* session, std::int32_t id,
                thread_state& thread, const proxy_config& config);
    h2_exchange(const h2_exchange&) = delete;
    h2_exchange& operator=(const h2_exchange&) = delete;

    // Where the upstream link relays the response to (its Down): this stream's DATA frames.
    class stream_sink {
    public:
        explicit stream_sink(h2_exchange& x) noexcept : x_(x) {}
        std::string& output() noexcept { return pending_; }
        void flush() { x_.relay_pending(); }
        std::size_t backlog() const noexcept {
            return x_.stream_.body().queued() + pending_.size();
        }
        bool closed() const noexcept { return x_.gone(); }
        // While the connection reads (nghttp2 calls back), upstream writes wait for the end of
        // the read: a head and the body frames read with it leave in one send.
        bool batching() const noexcept;
        struct batch {
            ~batch() {}  // user-provided: a held batch is not an unused variable
        };
        batch write_batch() const noexcept { return {}; }
        bool plain() const noexcept { return false; }
        bool pumping() const noexcept { return false; }
        tcp::socket* socket_to_write() noexcept { return nullptr; }
        bool pump_to(tcp::socket&, std::shared_ptr<const void>, std::uint64_t) { return false; }
        std::string take() { return std::exchange(pending_, {}); }

    private:
        h2_exchange& x_;
        std::string pending_;
    };

    // ---- From the connection -----------------------------------------------------------------
    void add_field(std::string_view name, std::string_view value) {
        stream_.add_field(name, value);
    }
    void on_headers_end(const nghttp2_frame& frame);
    void on_data(std::string_view data);
    void on_request_end();
    void on_frame_sent(const nghttp2_frame& frame);
    void on_stream_closed(std::uint32_t code);
    void on_writable() { up_->resume(); }
    void flush_upstream() { up_->flush(); }
    void grant_credit();

    // ---- From the upstream link (its Owner) ----------------------------------------------------
    void on_upstream_head_sent() { perform(machine_.on_upstream_head_sent(steady::now())); }
    void on_upstream_flushed() { grant_credit(); }
    void on_response_head();
    void on_response_done(bool relayed);
    void on_upstream_failure();
    void shut();

private:
    friend class stream_sink;
    bool gone() const noexcept;
    void perform(const intermediary_step& s);
    void relay_final_head();
    void relay_pending();
    void own_final(std::uint16_t status);
    void end_stream_now(std::uint32_t code);
    void flush_connection();
    void flush_upstream_soon();
    void linger();
    void held_final_gone();

    h2_session& connection_;
    std::shared_ptr<h2_session> keep_connection_;  // the connection outlives its exchanges
    const proxy_config& config_;
    nghttp2::server_stream stream_;
    stream_sink sink_{*this};
    std::unique_ptr<upstream_side> up_;
    beast::basic_machine_timer<steady_timer> timer_;
    steady_timer linger_;  // the reset after an early final, if the client never sends again
    // The bound on an early refusal's head waiting for its content; made only for such a head.
    std::optional<steady_timer> held_final_;
    bool lingering_ = false;
    std::unique_ptr<session_trace> trace_;  // with --trace only
    steady::time_point started_ = steady::now();
    proxy_machine machine_;
    beast::head_record record_;
    request_facts facts_{};
    bool chunked_upstream_ = false;  // the body goes upstream chunked (no content-length)
    bool final_relayed_ = false;     // relay_final: the response's body follows from upstream
    std::uint16_t final_status_ = 0;
    bool request_ended_ = false;
    bool closed_ = false;
};

// The connection: the socket (TLS or not), nghttp2's session, the streams.
class h2_session final : public std::enable_shared_from_this<h2_session> {
public:
    h2_session(stream io, thread_state& thread, const proxy_config& config)
        : thread_(thread), config_(config), io_(std::move(io)), idle_(thread.io.get_executor()) {}
    h2_session(const h2_session&) = delete;
    h2_session& operator=(const h2_session&) = delete;

    void start() {
        nghttp2::session_settings settings;
        settings.initial_window = config_.h2_window;
        session_ = nghttp2::make_session(nghttp2::session_role::server, *this, settings);
        if (!session_) return close();
        flush();
        read();
        watch_idle();
    }
    void drain() {
        draining_ = true;
        (void)nghttp2_submit_shutdown_notice(session_.get());
        flush();
        if (exchanges_.empty()) close();
    }

    // ---- For its exchanges -------------------------------------------------------------------
    nghttp2_session* session() const noexcept { return session_.get(); }
    bool closed() const noexcept { return closed_; }
    bool receiving() const noexcept { return receiving_; }
    // An exchange queued upstream bytes during the read: they go once the read is handled.
    void flush_upstream_after_read(std::shared_ptr<h2_exchange> x) {
        touched_.push_back(std::move(x));
    }
    // Writes what nghttp2 has to send (from inside its callbacks: once the outer call returns).
    void flush() {
        if (closed_ || !session_) return;
        // Backpressure: while this much waits for the socket, nghttp2 keeps its frames (and stops
        // taking DATA from the streams' providers); the write's end takes more.
        if (out_.backlog() >= config_.backlog_limit()) {
            more_after_write_ = true;
            return;
        }
        switch (sio_.take(session_.get(), out_.queue())) {
        case nghttp2::session_io::output::deferred: return;
        case nghttp2::session_io::output::failed: return close();
        case nghttp2::session_io::output::taken: break;
        }
        out_.flush(io_, [this, self = shared_from_this()](const error_code& ec) {
            if (ec) return close();
            after_write();
        });
        if (!out_.busy()) after_write();
    }
    void forget(std::int32_t id) {
        exchanges_.erase(id);
        if (draining_ && exchanges_.empty()) close();
    }

    // ---- nghttp2's callbacks (nghttp2/session.hpp) --------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (f.hd.type != NGHTTP2_HEADERS || f.headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
        exchanges_[f.hd.stream_id] =
            std::make_shared<h2_exchange>(*this, session_.get(), f.hd.stream_id, thread_, config_);
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (f.hd.type != NGHTTP2_HEADERS) return 0;
        if (auto x = find(f.hd.stream_id); x && f.headers.cat == NGHTTP2_HCAT_REQUEST)
            x->add_field(name, value);
        return 0;  // trailer fields are not acted on (G-15)
    }
    int on_frame_recv(const nghttp2_frame& f) {
        auto x = find(f.hd.stream_id);
        if (!x) return 0;
        if (f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST)
            x->on_headers_end(f);
        else if ((f.hd.type == NGHTTP2_DATA || f.hd.type == NGHTTP2_HEADERS) &&
                 (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0)
            x->on_request_end();
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        if (auto x = find(id)) {
            x->on_data(data);
        } else {  // a stream we reset: its bytes still count on the connection's window
            (void)nghttp2_session_consume_connection(session_.get(), data.size());
        }
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        if (auto x = find(id)) x->on_stream_closed(code);
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        if (auto x = find(f.hd.stream_id)) x->on_frame_sent(f);
        return 0;
    }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

    void close() {
        if (closed_) return;
        closed_ = true;
        idle_.cancel();
        io_.close();
        auto all = std::move(exchanges_);
        exchanges_.clear();
        for (auto& [id, x] : all)
            x->shut();
    }

private:
    std::shared_ptr<h2_exchange> find(std::int32_t id) {
        const auto it = exchanges_.find(id);
        return it == exchanges_.end() ? nullptr : it->second;
    }

    void read() {
        if (closed_) return;
        io_.async_read_some(asio::buffer(buffer_), [this, self = shared_from_this()](
                                                       const error_code& ec, std::size_t n) {
            if (closed_) return;
            if (ec) return close();
            last_read_ = steady::now();
            receiving_ = true;
            const bool ok = sio_.receive(session_.get(), std::string_view(buffer_.data(), n));
            receiving_ = false;
            for (auto& x : std::exchange(touched_, {}))
                x->flush_upstream();
            flush();
            if (!ok || nghttp2::finished(session_.get())) return finish();
            read();
        });
    }
    // The session is over (GOAWAY both ways, or a connection error): write what is left, close.
    void finish() {
        if (out_.idle()) return close();
        closing_ = true;
    }
    void after_write() {
        if (std::exchange(more_after_write_, false)) flush();
        if (closing_ && out_.idle()) return close();
        for (auto& [id, x] : exchanges_)
            x->on_writable();
    }
    // No stream for --idle-timeout-ms: GOAWAY, then close.
    void watch_idle() {
        idle_.expires_after(config_.idle_timeout);
        idle_.async_wait([this, self = shared_from_this()](const error_code& ec) {
            if (ec || closed_) return;
            if (exchanges_.empty() && steady::now() - last_read_ >= config_.idle_timeout) {
                (void)nghttp2_session_terminate_session(session_.get(), NGHTTP2_NO_ERROR);
                flush();
                return finish();
            }
            watch_idle();
        });
    }

    thread_state& thread_;
    const thread_state::member counted_{thread_};
    const proxy_config& config_;
    stream io_;
    nghttp2::session_handle session_;
    gather_writer out_;
    steady_timer idle_;
    std::array<char, 64 * 1024> buffer_{};
    std::map<std::int32_t, std::shared_ptr<h2_exchange>> exchanges_;
    steady::time_point last_read_ = steady::now();
    nghttp2::session_io sio_;
    std::vector<std::shared_ptr<h2_exchange>> touched_;  // upstream writes due after this read
    bool receiving_ = false;
    bool draining_ = false;
    bool closing_ = false;
    bool more_after_write_ = false;  // flush() held back for the socket
    bool closed_ = false;
};

// ---- h2_exchange
// ---------------------------------------------------------------------------------

inline h2_exchange::h2_exchange(h2_session& connection, nghttp2_session* session, std::int32_t id,
                                thread_state& thread, const proxy_config& config)
    : connection_(connection),
      keep_connection_(connection.shared_from_this()),
      config_(config),
      stream_(session, id, nghttp2::early_reset::when_client_sends,
              nghttp2::final_head::with_content),
      up_(make_upstream(*this, sink_, thread, config)),
      timer_(thread.io.get_executor()),
      linger_(thread.io.get_executor()),
      trace_(config.trace ? std::make_unique<session_trace>() : nullptr),
      machine_(config.policy) {
    if (trace_) machine_.trace().attach(trace_.get());
}

inline bool h2_exchange::gone() const noexcept {
    return closed_ || connection_.closed();
}

inline void h2_exchange::flush_connection() {
    connection_.flush();
}

inline bool h2_exchange::stream_sink::batching() const noexcept {
    return x_.connection_.receiving();
}

// Upstream writes: at once, or at the end of the connection's read (stream_sink::batching).
inline void h2_exchange::flush_upstream_soon() {
    if (connection_.receiving())
        connection_.flush_upstream_after_read(shared_from_this());
    else
        up_->flush();
}

// The request head: HTTP/1.1 for the origin (H2-10), facts for the machine.
inline void h2_exchange::on_headers_end(const nghttp2_frame& frame) {
    facts_ = stream_.on_headers_end(frame);
    chunked_upstream_ = facts_.framing == body_framing::end_of_stream &&
                        up_->body_input() == upstream_body_input::as_received;
    h2::http1_request_head(
        stream_.request_fields(), facts_.framing,
        chunked_upstream_ ? h2::unknown_length::chunked : h2::unknown_length::content_only,
        record_);
    up_->begin_exchange();
    // CONNECT is a tunnel, not an exchange this proxy relays.
    const local_answer answer{facts_.method == request_method::connect ? std::uint16_t{501}
                                                                       : std::uint16_t{0}};
    if (!facts_.valid()) return own_final(suggested_status(facts_.fault));
    perform(machine_.on_request_head(facts_, config_.hop, steady::now(), answer));
}

inline void h2_exchange::on_data(std::string_view data) {
    const std::uint64_t n = stream_.on_data(data.size());
    if (chunked_upstream_ && !data.empty()) {  // HTTP/1.1 chunk framing around the content
        char size[20];
        const int len = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
        up_->take_body(std::string_view(size, static_cast<std::size_t>(len)));
        up_->take_body(data);
        up_->take_body("\r\n");
    } else {
        up_->take_body(data);
    }
    flush_upstream_soon();
    const intermediary_state st = machine_.state();
    if (st != intermediary_state::idle && st != intermediary_state::closed)
        perform(machine_.on_body_bytes(n, steady::now()));
    else
        grant_credit();
}

inline void h2_exchange::on_request_end() {
    request_ended_ = true;
    if (!facts_.has_content()) return;  // END_STREAM on the HEADERS: no body (H2-4)
    if (chunked_upstream_) up_->take_body("0\r\n\r\n");
    up_->end_body();  // END_STREAM for an HTTP/2 origin
    flush_upstream_soon();
    const intermediary_state st = machine_.state();
    if (st != intermediary_state::idle && st != intermediary_state::closed)
        perform(machine_.on_body_end(steady::now()));
}

inline void h2_exchange::on_frame_sent(const nghttp2_frame& frame) {
    if (stream_.on_frame_sent(frame) != nghttp2::response_progress::final_complete) return;
    if (trace_) {  // --trace: the exchange's timeline, as on HTTP/1.1 (exchange_log.hpp)
        const nghttp2::field_list& f = stream_.request_fields();
        log_exchange(*trace_, {f.get(":method"), f.get(":path"), final_status_, config_.preset,
                               "HTTP/2", started_});
    }
    const intermediary_state st = machine_.state();
    if (st == intermediary_state::relaying_response || st == intermediary_state::draining)
        perform(machine_.on_response_complete(steady::now()));
    linger();
}

// The reset waits for the client's next DATA; a client that holds its body (and never cancels)
// gets it a second after the response.
inline void h2_exchange::linger() {
    if (lingering_ || !stream_.reset_pending()) return;
    lingering_ = true;
    linger_.expires_after(std::chrono::seconds(1));
    linger_.async_wait([self = shared_from_this()](const error_code& ec) {
        if (ec || self->gone()) return;
        self->stream_.linger_expired();
        self->flush_connection();
    });
}

// The stream is over: the client reset it, or both sides ended it (or we reset it).
inline void h2_exchange::on_stream_closed(std::uint32_t) {
    closed_ = true;
    timer_.cancel();
    linger_.cancel();
    if (held_final_) held_final_->cancel();
    const intermediary_state st = machine_.state();
    if (st != intermediary_state::idle && st != intermediary_state::closed)
        (void)machine_.on_downstream_closed(steady::now());  // H2-12: this exchange only
    if (up_->response_done() && machine_.state() != intermediary_state::closed) {
        up_->end_exchange();
    } else {
        up_->drop();
    }
    connection_.forget(stream_.id());
}

inline void h2_exchange::shut() {
    closed_ = true;
    timer_.cancel();
    linger_.cancel();
    if (held_final_) held_final_->cancel();
    up_->close();
}

// The stream's window: only what the machine admits (H2-8), and not while the upstream is
// slower than the client (backpressure).
inline void h2_exchange::grant_credit() {
    if (gone() || up_->backlog() > config_.backlog_limit()) return;
    stream_.grant(machine_.body_credit());
    flush_connection();
}

inline void h2_exchange::on_response_head() {
    const response_facts& facts = up_->response();
    if (facts.is_interim()) {
        return perform(machine_.on_upstream_interim(facts.status, steady::now()));
    }
    perform(machine_.on_upstream_final(facts, steady::now()));
}

inline void h2_exchange::on_response_done(bool relayed) {
    if (relayed && !gone()) {
        relay_pending();
        stream_.finish_body();
        held_final_gone();
        flush_connection();
    }
    if (gone()) up_->end_exchange();
}

inline void h2_exchange::on_upstream_failure() {
    // The connection closing after a complete response (an HTTP/1.0 origin, Connection: close)
    // is no failure: the response's last DATA may still wait in nghttp2, and a reset now would
    // overtake it (found with a 50 MB download from Python's http.server: cut short at random).
    const bool complete = up_->response_done();
    const bool relayed = !complete && (up_->relaying() || final_relayed_);
    up_->drop();
    if (gone() || complete) return;
    if (relayed) return end_stream_now(NGHTTP2_INTERNAL_ERROR);  // the response is cut short
    if (stream_.final_submitted()) return;
    perform(machine_.on_upstream_failed(steady::now()));
}

inline void h2_exchange::relay_pending() {
    if (gone()) return;
    const std::string bytes = sink_.take();
    if (!bytes.empty()) stream_.append_body(bytes);
    held_final_gone();
    flush_connection();
}

inline void h2_exchange::relay_final_head() {
    const response_facts& facts = up_->response();
    if (facts.status == 101) return own_final(502);  // HTTP/2 has no 101 (H2-11)
    const auto fields = h2::http2_response_fields(up_->response_head(), h2::response_kind::final);
    const bool content =
        facts.framing != body_framing::none &&
        !(facts.framing == body_framing::content_length && facts.content_length == 0);
    final_relayed_ = true;
    final_status_ = facts.status;
    (void)stream_.send_final(facts.status, fields,
                             content ? nghttp2::server_stream::content::with_body
                                     : nghttp2::server_stream::content::none);
    up_->relay_body(true);  // the content alone goes into DATA frames
    if (!stream_.final_held()) return;
    // An early refusal waits for its content (H2-14), but a head is not held longer than a
    // second for a body that trickles.
    held_final_.emplace(linger_.get_executor());
    held_final_->expires_after(std::chrono::seconds(1));
    held_final_->async_wait([self = shared_from_this()](const error_code& ec) {
        if (ec || self->gone()) return;
        (void)self->stream_.release_final();
        self->flush_connection();
    });
}

// The held head went with its content: its bound is not needed.
inline void h2_exchange::held_final_gone() {
    if (held_final_ && !stream_.final_held()) held_final_.reset();  // cancels its wait
}

inline void h2_exchange::own_final(std::uint16_t status) {
    const std::vector<std::pair<std::string, std::string>> fields = {{"content-length", "0"},
                                                                     {"via", "2 expect100"}};
    (void)stream_.send_final(status, fields);
    final_status_ = status;
    up_->abandon_response();
    stream_.end_after_final();  // after an answer of our own the body is never wanted
    flush_connection();
}

inline void h2_exchange::end_stream_now(std::uint32_t code) {
    stream_.reset(code);
    flush_connection();
}

// ---- The machine's actions on an HTTP/2 stream: every intermediary_action, no default ----------
inline void h2_exchange::perform(const intermediary_step& s) {
    using ia = intermediary_action;
    for (const auto& a : s.actions) {
        switch (a.kind()) {
        case ia::forward_head: up_->send_head(record_, beast::expect_line::keep, facts_); break;
        case ia::forward_head_without_expect:
            up_->send_head(record_, beast::expect_line::drop, facts_);
            break;
        case ia::forward_head_adding_expect:
            up_->send_head(record_, beast::expect_line::add, facts_);
            break;
        case ia::forward_body: up_->forward_body(); break;
        case ia::hold_body: up_->hold_body(); break;  // and no credit: body_credit() says so
        case ia::stop_body: up_->not_reusable(); [[fallthrough]];
        case ia::discard_body:
            up_->drop_body();
            if (a.side() == action_side::downstream) stream_.end_after_final();  // H2-5
            break;
        case ia::send_continue: (void)stream_.send_interim(100); break;  // H2-1
        case ia::relay_interim:
            (void)stream_.send_interim(
                a.status(),
                h2::http2_response_fields(up_->response_head(), h2::response_kind::interim));
            break;
        case ia::relay_final: relay_final_head(); break;
        case ia::send_final: own_final(a.status()); break;
        case ia::add_close: stream_.end_after_final(); break;  // the stream, not the connection
        case ia::close:
            if (a.side() == action_side::upstream) {
                up_->not_reusable();
                if (!up_->relaying()) up_->drop();
            } else if (stream_.final_submitted()) {
                stream_.end_after_final();
            } else {
                end_stream_now(NGHTTP2_CANCEL);
            }
            break;
        }
    }
    timer_.arm(machine_.next_deadline(), [self = shared_from_this()] {
        if (self->gone()) return;
        self->perform(self->machine_.on_timer(steady::now()));
    });
    grant_credit();
    linger();
    flush_upstream_soon();  // what the actions queued upstream (a head, held body bytes)
    flush_connection();
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_H2_SESSION_HPP
