// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One client connection of expect100-proxy, and the upstream connection its current exchange
// uses. This is the file to read to wire the intermediary machine into an event loop.
//
// Who decides what
// ----------------
// The machine (basic_intermediary with run-time traits: the chosen preset's policy as a value,
// policy.hpp) decides everything
// about Expect: what goes upstream and when, which 1xx reach the client, what becomes of a body
// that comes early, our own 100 after the grace, 501/502/504, close or drain after an early
// answer. This file performs its actions (perform()) and feeds it what happened on either side,
// with the time; after every step it arms the timer from next_deadline().
// What this file decides itself is HTTP plumbing: parsing (beast/head_parser.hpp), limits (431,
// 413, 408), hop-by-hop fields (P-10), our own version on both sides (P-7), the upstream pool.
//
// Bytes
// -----
// Request and response bodies are relayed as they came (chunked framing included): the parsers
// only find where a body ends and count its content for the machine. Body bytes the machine has
// not released yet wait in `held_` (a client that sent its body before any 100); the machine
// says forward_body (send them), hold_body (stop reading the client), or answers 501. Every
// write is a gather write of all that is queued (common/net.hpp), so a head and the body bytes
// read with it leave in one send.
#ifndef EXPECT100_EXAMPLES_PROXY_SESSION_HPP
#define EXPECT100_EXAMPLES_PROXY_SESSION_HPP

#include "../common/http.hpp"
#include "../common/input_buffer.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"
#include "upstream_pool.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/beast/machine_timer.hpp>
#include <expect100/beast/response_reader.hpp>
#include <expect100/explain.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/wire.hpp>

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace expect100::examples {

// One machine type for every preset: the policy is a value (--preset, --upstream-timeout), and
// the trace goes to a recording kept only when --trace asks for it.
using session_trace = recording_trace<steady::time_point, 48>;
using proxy_machine =
    basic_intermediary<presets::runtime_intermediary<steady>, trace_to<session_trace>>;

struct proxy_config {
    tcp::endpoint upstream;
    std::string upstream_host;  // for SNI and certificate checks with --upstream-tls
    ssl::context* downstream_tls = nullptr;
    ssl::context* upstream_tls = nullptr;
    intermediary_policy policy;  // the preset's, with --upstream-timeout applied
    std::string preset;
    next_hop_version hop = next_hop_version::unknown;
    std::uint64_t max_body = 0;                        // 0: no limit; above it: 413
    std::uint32_t header_limit = 16 * 1024;            // above it: 431
    std::chrono::milliseconds idle_timeout{60000};     // keep-alive without a request: close
    std::chrono::milliseconds request_timeout{30000};  // a head or body stalled this long: 408
    std::size_t buffer_size = 64 * 1024;
    std::size_t max_idle_upstream = 1024;
    bool trace = false;
};

// What a thread shares among its sessions.
struct thread_state {
    explicit thread_state(asio::io_context& c, std::size_t max_idle) : io(c), pool(max_idle) {}
    asio::io_context& io;
    upstream_pool pool;
    std::size_t sessions = 0;
    bool draining = false;
    std::function<void()> on_last_session;  // set while draining
};

inline std::mutex& trace_mutex() {
    static std::mutex m;
    return m;
}

class session final : public std::enable_shared_from_this<session>, private upstream_owner {
public:
    session(tcp::socket socket, thread_state& thread, const proxy_config& config)
        : thread_(thread),
          config_(config),
          down_(std::move(socket), config.downstream_tls),
          down_in_(config.buffer_size),
          timer_(thread.io.get_executor()),
          io_timer_(thread.io.get_executor()),
          machine_(config.policy) {
        ++thread_.sessions;
        if (config.trace) {
            trace_ = std::make_unique<session_trace>();
            machine_.trace().attach(trace_.get());
        }
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    ~session() override {
        if (up_) up_->close();
        if (--thread_.sessions == 0 && thread_.draining && thread_.on_last_session) {
            thread_.on_last_session();
        }
    }

    void start() {
        touch();
        watch_io();
        down_.async_handshake(ssl::stream_base::server, {},
                              [self = shared_from_this()](const error_code& ec) {
                                  if (ec) return self->shut();
                                  self->next_request();
                              });
    }

    // Shutting down: a session between exchanges closes now; one in an exchange after it.
    void drain() {
        if (req_phase_ == request_phase::head && down_in_.empty() && up_ == nullptr) shut();
    }

private:
    enum class request_phase : std::uint8_t { head, body, done };
    enum class body_mode : std::uint8_t {
        pending,     // not released by the machine yet: parsed bytes wait in held_
        forwarding,  // parsed bytes go upstream
        holding,     // the machine said hold_body: stop reading the client
        dropping,    // after an early answer: parse and drop (discard_body)
    };
    enum class response_phase : std::uint8_t { none, head, body, done };

    using time_point = steady::time_point;

    // ---- Batching writes ------------------------------------------------------------------
    // While one event is handled (bytes read on either side, a timer), writes only queue; the
    // batch's end flushes each side once, so a head and the body bytes parsed with it, or a
    // final head and the start of its body, leave in one send (docs/design/proxy_performance.md).
    class batch {
    public:
        explicit batch(session& s) : s_(s) { ++s_.batch_depth_; }
        ~batch() {
            if (--s_.batch_depth_ == 0 && !s_.closed_) {
                s_.flush_upstream();
                s_.flush_downstream();
            }
        }
        batch(const batch&) = delete;
        batch& operator=(const batch&) = delete;

    private:
        session& s_;
    };

    // ---- Downstream: reading and parsing the request ------------------------------------------
    void next_request() {
        req_record_.clear();
        req_.emplace(req_record_);
        req_->header_limit(config_.header_limit);
        if (config_.max_body != 0)
            req_->body_limit(config_.max_body);
        else
            req_->body_limit(boost::none);
        req_phase_ = request_phase::head;
        body_ = body_mode::pending;
        resp_phase_ = response_phase::none;
        held_.clear();
        add_close_ = false;
        final_written_ = false;
        up_reusable_ = true;
        exchange_started_ = {};
        if (trace_) trace_->clear();
        if (thread_.draining && down_in_.empty()) return shut();
        parse_request();
    }

    bool want_downstream_bytes() const noexcept {
        if (closing_ || reading_down_ || close_after_flush_) return false;
        if (req_phase_ == request_phase::done) return false;  // pipelined: wait our turn
        if (req_phase_ == request_phase::body && body_ == body_mode::holding) return false;
        // Backpressure: the upstream is slower than the client.
        if (up_ && up_->output().backlog() > 4 * config_.buffer_size) return false;
        return true;
    }

    void read_downstream() {
        if (!want_downstream_bytes() || down_in_.full()) return;
        reading_down_ = true;
        down_.async_read_some(down_in_.prepare(),
                              [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                  self->reading_down_ = false;
                                  self->down_in_.commit(ec ? 0 : n);
                                  if (self->closing_) return;
                                  if (ec) return self->on_downstream_closed();
                                  self->touch();
                                  self->parse_request();
                              });
    }

    void parse_request() {
        const batch writes(*this);
        while (!closing_ && !close_after_flush_ && !down_in_.empty()) {
            if (req_phase_ == request_phase::done) return;  // the next request waits
            if (req_phase_ == request_phase::body && body_ == body_mode::holding) return;
            if (req_phase_ == request_phase::head && exchange_started_ == time_point{}) {
                exchange_started_ = steady::now();
                // A request has begun: from now on it may stall for request_timeout, not the
                // (longer) idle timeout the timer may be waiting out.
                if (config_.request_timeout < config_.idle_timeout) watch_io();
            }
            error_code ec;
            const std::string_view in = down_in_.data();
            const std::size_t used = req_->put(asio::buffer(in.data(), in.size()), ec);
            const std::string_view raw = in.substr(0, used);
            if (ec == boost::beast::http::error::need_more && used == 0) break;
            if (ec && ec != boost::beast::http::error::need_more) {
                down_in_.consume(used);
                return on_bad_request(ec);
            }
            if (req_phase_ == request_phase::head) {
                down_in_.consume(used);
                if (!req_->is_header_done()) continue;
                if (beast::has_obs_fold(raw)) return on_bad_request(obs_fold_error());
                req_phase_ = request_phase::body;
                on_request_head();
                continue;
            }
            on_request_body_bytes(raw);
            down_in_.consume(used);
            if (req_->is_done() && req_phase_ == request_phase::body) {
                req_phase_ = request_phase::done;
                if (req_->facts().has_content()) perform(machine_.on_body_end(steady::now()));
                end_of_exchange_check();
            }
        }
        read_downstream();
    }

    void on_request_head() {
        const request_facts& facts = req_->facts();
        client_http10_ = facts.version == http_version::http_1_0;
        method_ = facts.method;
        perform(machine_.on_request_head(facts, config_.hop, steady::now(), local_answer{}));
        if (!facts.has_content() && req_->is_done() && req_phase_ == request_phase::body) {
            req_phase_ = request_phase::done;
            end_of_exchange_check();
        }
    }

    // `raw` points into down_in_, which perform() may compact (it can start the next read):
    // every path copies it out before the machine is asked.
    void on_request_body_bytes(std::string_view raw) {
        const std::uint64_t content = req_->take_content_bytes();
        if (body_ == body_mode::dropping) {
            if (content != 0) perform(machine_.on_body_bytes(content, steady::now()));
            return;
        }
        if (body_ == body_mode::forwarding && held_.empty() && up_) {
            // Released already and nothing held before them: straight to the write queue (one
            // copy, not two). Once forwarding, the machine only counts bytes (early answers
            // stop the body from the response side).
            up_->output().queue().append(raw);
            if (content != 0) perform(machine_.on_body_bytes(content, steady::now()));
            flush_upstream();
            return;
        }
        held_.append(raw);
        if (content != 0) perform(machine_.on_body_bytes(content, steady::now()));
        if (body_ == body_mode::forwarding) send_held_body();
    }

    void send_held_body() {
        if (held_.empty() || !up_) return;
        up_->output().queue().append(held_);
        held_.clear();
        flush_upstream();
    }

    static error_code obs_fold_error() {
        return make_error_code(boost::beast::http::error::bad_value);
    }

    // Malformed heads and limits: our own answer, then close (never forwarded).
    void on_bad_request(const error_code& ec) {
        using he = boost::beast::http::error;
        std::uint16_t status = 400;
        if (ec == he::header_limit)
            status = 431;
        else if (ec == he::body_limit)
            status = 413;
        if (final_written_ || resp_phase_ == response_phase::body) return shut();
        up_reusable_ = false;
        write_own_final(status, beast::connection_field::close);
        close_after_flush_ = true;
        flush_downstream();
        trace_exchange(status, ec.message());
    }

    void on_downstream_closed() {
        (void)machine_.on_downstream_closed(steady::now());
        shut();
    }

    // ---- Upstream ----------------------------------------------------------------------------
    void forward_head(beast::expect_line expect) {
        std::string& q = up_queue_staging_;
        q.clear();
        req_record_.write_request_head(q, expect, "expect100");
        reader_.expect(method_);
        reader_.set_content_sink(nullptr);
        resp_phase_ = response_phase::head;
        head_flushed_ = false;
        if (!up_) {
            up_ = thread_.pool.take();
            up_reusable_ = true;  // a connection of its own (again, after a repeat: T-P-18)
        }
        if (up_) {
            up_->set_owner(this);
            up_->output().queue().append(q);
            flush_upstream();
            up_->read();
            return;
        }
        connect_upstream();
    }

    void connect_upstream() {
        up_ = std::make_shared<upstream_connection>(thread_.io, config_.upstream_tls,
                                                    config_.buffer_size);
        up_->set_owner(this);
        up_->output().queue().append(up_queue_staging_);
        connecting_ = true;
        up_->io().socket().async_connect(
            config_.upstream, [self = shared_from_this(), up = up_](const error_code& ec) {
                if (self->up_ != up || self->closing_) return;
                if (ec) return self->on_upstream_failure();
                up->io().socket().set_option(tcp::no_delay(true));
                up->io().async_handshake(ssl::stream_base::client, self->config_.upstream_host,
                                         [self, up](const error_code& hec) {
                                             if (self->up_ != up || self->closing_) return;
                                             if (hec) return self->on_upstream_failure();
                                             self->connecting_ = false;
                                             up->read();
                                             self->flush_upstream();
                                         });
            });
    }

    void flush_upstream() {
        if (!up_ || connecting_ || batch_depth_ != 0) return;
        up_->output().flush(up_->io(), [self = shared_from_this(), up = up_](const error_code& ec) {
            if (self->up_ != up || self->closing_) return;
            if (ec) return self->on_upstream_failure();
            if (!self->head_flushed_ && self->resp_phase_ != response_phase::none) {
                self->head_flushed_ = true;
                self->perform(self->machine_.on_upstream_head_sent(steady::now()));
            }
            self->read_downstream();  // backpressure released
        });
    }

    void drop_upstream() {
        up_reusable_ = false;
        if (up_) {
            up_->close();
            up_.reset();
        }
    }

    void on_upstream_failure() {
        drop_upstream();
        if (relaying_) return shut();  // mid-response: the client sees the close (RFC 9112 §8)
        if (final_written_ || resp_phase_ == response_phase::done) {
            return end_of_exchange_check();  // the answer is out already: nothing is lost
        }
        perform(machine_.on_upstream_failed(steady::now()));
    }

    void on_upstream_data(const error_code& ec) override {
        if (closing_) return;
        const batch writes(*this);
        parse_response();
        if (closing_ || !up_) return;
        if (ec) {
            if (resp_phase_ == response_phase::body && reader_.ends_at_close()) {
                up_reusable_ = false;  // a response delimited by the close (RFC 9112 §6.3 #8)
                if (reader_.put_eof().event == beast::response_event::complete) {
                    return on_response_done();
                }
            }
            return on_upstream_failure();
        }
        // Backpressure: a client slower than the origin stops the upstream reads until its
        // queue drains (after_downstream_flush resumes them); the response is never held whole.
        if (down_out_.backlog() < 4 * config_.buffer_size) up_->read();
    }

    // One response event at a time (beast/response_reader.hpp). Body bytes are relayed as they
    // came (framing and all), or decoded for an HTTP/1.0 client; heads are written anew.
    void parse_response() {
        while (up_ && !closing_) {
            if (resp_phase_ == response_phase::none || resp_phase_ == response_phase::done) {
                if (!up_->input().empty()) up_reusable_ = false;  // bytes nobody asked for
                return;
            }
            const std::string_view in = up_->input().data();
            const beast::response_step s = reader_.put(in);
            if (resp_phase_ == response_phase::body && relaying_ && s.used != 0) {
                if (decode_chunked_)
                    down_out_.queue().append(decoded_);
                else
                    down_out_.queue().append(in.substr(0, s.used));
                decoded_.clear();
            }
            up_->input().consume(s.used);
            switch (s.event) {
            case beast::response_event::need_more: return flush_downstream();
            case beast::response_event::interim_head:
            case beast::response_event::final_head: on_response_head(); break;
            case beast::response_event::complete: return on_response_done();
            case beast::response_event::closed:
            case beast::response_event::unsolicited: up_reusable_ = false; return;
            case beast::response_event::error:
                return on_upstream_failure();  // a broken response: 502
            }
        }
    }

    void on_response_head() {
        const response_facts& facts = reader_.facts();
        if (facts.is_interim()) {  // 1xx (not 101): the machine decides; then a new response
            perform(machine_.on_upstream_interim(static_cast<std::uint16_t>(facts.status),
                                                 steady::now()));
            return;
        }
        if (!facts.valid() || facts.status == 101) {  // no upgrades through this proxy
            return on_upstream_failure();
        }
        if (facts.connection == connection_intent::close ||
            facts.framing == body_framing::until_close) {
            up_reusable_ = false;
        }
        resp_phase_ = response_phase::body;
        relaying_ = false;
        perform(machine_.on_upstream_final(facts, steady::now()));
    }

    void on_response_done() {
        resp_phase_ = response_phase::done;
        if (relaying_) {
            relaying_ = false;
            final_written_ = true;
            flush_downstream();
            perform(machine_.on_response_complete(steady::now()));
            trace_exchange(reader_.facts().status);
        }
        end_of_exchange_check();
    }

    // ---- The machine's actions ---------------------------------------------------------------
    void perform(const intermediary_step& s) {
        for (const auto& a : s.actions) {
            const bool up = a.side() == action_side::upstream;
            // Every intermediary action (intermediary_action), no default. The machine already
            // decided the HTTP/1.0 rules: no Expect upstream for a 1.0 client (P-13), no 1xx
            // toward it (P-5); this only writes what it is told.
            switch (a.kind()) {
            case intermediary_action::forward_head: forward_head(beast::expect_line::keep); break;
            case intermediary_action::forward_head_without_expect:
                forward_head(beast::expect_line::drop);
                break;
            case intermediary_action::forward_head_adding_expect:
                forward_head(beast::expect_line::add);
                break;
            case intermediary_action::forward_body:
                body_ = body_mode::forwarding;
                send_held_body();
                break;
            case intermediary_action::hold_body: body_ = body_mode::holding; break;
            case intermediary_action::stop_body:  // the origin answered early
                body_ = body_mode::dropping;
                held_.clear();
                up_reusable_ = false;
                break;
            case intermediary_action::discard_body:
                body_ = body_mode::dropping;
                held_.clear();
                break;
            case intermediary_action::send_continue: append_interim(down_out_.queue()); break;
            case intermediary_action::relay_interim:
                if (a.status() == 100) {
                    append_interim(down_out_.queue());
                } else {
                    reader_.record().write_response_head(down_out_.queue(),
                                                         beast::connection_field::none, {});
                }
                break;
            case intermediary_action::relay_final: relay_final_head(); break;
            case intermediary_action::send_final:
                write_own_final(a.status(), add_close_ ? beast::connection_field::close
                                                       : beast::connection_field::none);
                // Written at once: its completion is reported now. Only discard_body can
                // follow send_final in a step, and it commutes with what comes back
                // (docs/reference/step.md, rule 3).
                perform(machine_.on_response_complete(steady::now()));
                trace_exchange(a.status());
                break;
            case intermediary_action::add_close: add_close_ = true; break;
            case intermediary_action::close:
                if (up) {
                    // At once, unless a relayed response is still coming from it; a final
                    // response that is not relayed (a 417 repeated without Expect, T-P-18)
                    // is never read on.
                    if (resp_phase_ != response_phase::body || !relaying_) drop_upstream();
                    up_reusable_ = false;
                } else {
                    close_after_flush_ = true;
                }
                break;
            }
        }
        timer_.arm(machine_.next_deadline(), [self = shared_from_this()] {
            if (self->closing_) return;
            const batch writes(*self);
            self->perform(self->machine_.on_timer(steady::now()));
        });
        flush_downstream();
        if (!closing_ && !reading_down_) read_downstream();
    }

    void relay_final_head() {
        const response_facts& facts = reader_.facts();
        const bool close = add_close_ || client_http10_ || !keep_downstream_alive_for(facts);
        decode_chunked_ = client_http10_ && facts.framing == body_framing::chunked;
        if (decode_chunked_) reader_.set_content_sink(&decoder_);
        if (close) close_after_flush_ = true;
        reader_.record().write_response_head(
            down_out_.queue(),
            close ? beast::connection_field::close : beast::connection_field::none, "expect100",
            decode_chunked_ ? beast::framing_fields::drop_transfer_encoding
                            : beast::framing_fields::keep);
        relaying_ = true;
    }

    // A response delimited by the close can only reach the client the same way.
    static bool keep_downstream_alive_for(const response_facts& facts) noexcept {
        return facts.framing != body_framing::until_close;
    }

    void write_own_final(unsigned status, beast::connection_field connection) {
        const bool close = connection == beast::connection_field::close || client_http10_;
        append_own_final(down_out_.queue(), static_cast<std::uint16_t>(status),
                         close ? connection_header::close : connection_header::keep_alive,
                         "expect100");
        if (close) close_after_flush_ = true;
        final_written_ = true;
        if (resp_phase_ != response_phase::none && resp_phase_ != response_phase::done) {
            up_reusable_ = false;  // the origin's answer will never be read
        }
    }

    // ---- The end of an exchange ----------------------------------------------------------------
    void end_of_exchange_check() {
        if (closing_ || close_after_flush_) return flush_downstream();
        if (!final_written_ || req_phase_ != request_phase::done) return;
        if (machine_.state() != intermediary_state::idle) return;
        if (up_) {
            const bool reusable =
                up_reusable_ && resp_phase_ == response_phase::done && up_->output().idle();
            if (reusable)
                thread_.pool.put_back(std::move(up_));
            else
                up_->close();
            up_.reset();
        }
        next_request();
    }

    void flush_downstream() {
        if (batch_depth_ != 0) return;  // the batch's end flushes
        down_out_.flush(down_, [self = shared_from_this()](const error_code& ec) {
            if (ec) return self->shut();
            self->after_downstream_flush();
        });
        if (!down_out_.busy()) after_downstream_flush();
    }

    void after_downstream_flush() {
        if (close_after_flush_ && down_out_.idle() && !closing_ && !lingering_ &&
            (resp_phase_ != response_phase::body || !relaying_)) {
            lingering_ = true;
            down_.shutdown_send();
            linger();
        }
        if (up_ && resp_phase_ == response_phase::body &&
            down_out_.backlog() < 4 * config_.buffer_size) {
            up_->read();  // backpressure released
        }
    }

    // After our half-close: read and drop until the client closes, a little while at most, so
    // that it reads our last response before any reset (RFC 9112 §9.6).
    void linger() {
        io_timer_.expires_after(std::chrono::seconds(2));
        io_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec) self->shut();
        });
        down_.async_read_some(down_in_.prepare(),
                              [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                  self->down_in_.commit(ec ? 0 : n);
                                  if (ec) return self->shut();
                                  self->down_in_.consume(self->down_in_.size());
                                  self->linger();
                              });
    }

    // ---- Timeouts of our own: idle keep-alive, stalled heads and bodies
    // --------------------------
    void touch() noexcept { last_io_ = steady::now(); }

    void watch_io() {
        const auto limit = req_phase_ == request_phase::head && down_in_.empty() &&
                                   exchange_started_ == time_point{}
                               ? config_.idle_timeout
                               : config_.request_timeout;
        io_timer_.expires_at(last_io_ + limit);
        io_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (ec || self->closing_ || self->lingering_) return;
            self->on_io_timer();
        });
    }

    void on_io_timer() {
        const auto now = steady::now();
        const bool idle = req_phase_ == request_phase::head && exchange_started_ == time_point{};
        const auto limit = idle ? config_.idle_timeout : config_.request_timeout;
        const bool waiting_on_client =
            req_phase_ == request_phase::head ||
            (req_phase_ == request_phase::body && body_ != body_mode::holding && !final_written_);
        if (now - last_io_ < limit || !waiting_on_client) return watch_io();
        if (idle) return shut();  // an idle keep-alive connection: close quietly
        // A head or a body stalled (slow loris): 408, then close (RFC 9110 §15.5.9).
        if (!final_written_ && resp_phase_ != response_phase::body) {
            up_reusable_ = false;
            write_own_final(408, beast::connection_field::close);
            close_after_flush_ = true;
            flush_downstream();
            trace_exchange(408);
            return;
        }
        shut();
    }

    // ---- --trace -----------------------------------------------------------------------------
    void trace_exchange(unsigned status, const std::string& note = {}) {
        if (!config_.trace) return;
        const session_trace* t = trace_.get();
        if (t == nullptr) return;
        const auto start = exchange_started_ == time_point{} ? steady::now() : exchange_started_;
        std::string out = "exchange " + std::string(req_record_.method()) + " " +
                          std::string(req_record_.target()) + " -> " + std::to_string(status) +
                          " (preset " + config_.preset + ")" + (note.empty() ? "" : ": " + note) +
                          "\n";
        for (std::size_t i = 0; i < t->size(); ++i) {
            const auto& e = (*t)[i];
            char line[200];
            std::snprintf(line, sizeof line, "  %+9.1f ms  %-18s --%s(%llu)--> %s\n",
                          ms_between(start, e.at),
                          std::string(to_string(static_cast<intermediary_state>(e.from))).c_str(),
                          std::string(to_string(static_cast<intermediary_event>(e.event))).c_str(),
                          static_cast<unsigned long long>(e.value),
                          std::string(to_string(static_cast<intermediary_state>(e.to))).c_str());
            out += line;
        }
        const bool stalled = steady::now() - start > std::chrono::seconds(1);
        if (status >= 500 || stalled || status == 408) {
            out += "  why: " + std::string(explain_intermediary(*t, config_.preset).view()) + "\n";
        }
        std::lock_guard<std::mutex> lock(trace_mutex());
        std::fputs(out.c_str(), stderr);
    }

    void shut() {
        if (closed_) return;
        closed_ = true;
        closing_ = true;
        timer_.cancel();
        io_timer_.cancel();
        if (up_) {
            up_->close();
            up_.reset();
        }
        down_.close();
    }

    // Decoded chunks for an HTTP/1.0 client (the only case the proxy decodes).
    struct decoder final : beast::content_sink {
        explicit decoder(std::string& out) : out_(out) {}
        void on_content(std::string_view bytes) override { out_.append(bytes); }
        std::string& out_;
    };

    thread_state& thread_;
    const proxy_config& config_;
    stream down_;
    input_buffer down_in_;
    gather_writer down_out_;
    beast::machine_timer timer_;
    asio::steady_timer io_timer_;
    std::unique_ptr<session_trace> trace_;  // with --trace only
    proxy_machine machine_;
    std::shared_ptr<upstream_connection> up_;
    beast::head_record req_record_;
    std::optional<beast::request_head_parser> req_;
    beast::response_reader reader_;  // the upstream's responses
    std::string held_;
    std::string up_queue_staging_;
    std::string decoded_;
    decoder decoder_{decoded_};
    time_point last_io_{};
    time_point exchange_started_{};
    request_method method_ = request_method::get;
    request_phase req_phase_ = request_phase::head;
    body_mode body_ = body_mode::pending;
    response_phase resp_phase_ = response_phase::none;
    bool client_http10_ = false;
    bool add_close_ = false;
    bool final_written_ = false;
    bool up_reusable_ = true;
    bool head_flushed_ = false;
    bool connecting_ = false;
    bool relaying_ = false;
    bool decode_chunked_ = false;
    bool reading_down_ = false;
    bool close_after_flush_ = false;
    bool lingering_ = false;
    bool closing_ = false;
    bool closed_ = false;
    int batch_depth_ = 0;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_SESSION_HPP
