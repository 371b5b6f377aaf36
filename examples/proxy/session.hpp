// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One client connection of expect100-proxy: the file to read to wire the intermediary machine
// into an event loop. The machine (the preset's policy as a value) decides everything about
// Expect: what goes upstream and when, which 1xx reach the client, the fate of a body that comes
// early, our own 100 after the grace, 501/502/504, close or drain after an early answer, the
// HTTP/1.0 rules (P-5, P-13). This file feeds it what happened on either side with the time,
// performs its actions (perform(), one switch) and arms the timer from next_deadline(). It
// decides only HTTP plumbing: limits (431, 413, 408), hop-by-hop fields (P-10), our version
// (P-7). Below HTTP, beside it: the client's connection (downstream.hpp), the exchange's
// upstream connection (upstream_link.hpp), --trace (exchange_log.hpp). Bodies go as they came:
// the readers (beast/request_reader.hpp, response_reader.hpp) find where a body ends and count
// its content for the machine; large ones move in the kernel (common/splice_pump.hpp).
#ifndef EXPECT100_EXAMPLES_PROXY_SESSION_HPP
#define EXPECT100_EXAMPLES_PROXY_SESSION_HPP

#include "../common/program.hpp"
#include "config.hpp"
#include "downstream.hpp"
#include "exchange_log.hpp"
#include "upstream.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/beast/machine_timer.hpp>
#include <expect100/beast/request_reader.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/wire.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace expect100::examples {

class session final : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket socket, thread_state& thread, const proxy_config& config)
        : session(stream(std::move(socket), config.downstream_tls), thread, config,
                  tls_handshake::pending) {}
    // A client connection whose TLS handshake is done (ALPN chose HTTP/1.1: proxy.cpp).
    session(stream s, thread_state& thread, const proxy_config& config, tls_handshake handshake)
        : thread_(thread),
          config_(config),
          down_(*this, std::move(s), config, thread.io, handshake),
          up_(make_upstream(*this, down_, thread, config)),
          timer_(thread.io.get_executor()),
          trace_(config.trace ? std::make_unique<session_trace>() : nullptr),
          machine_(config.policy),
          req_(config.request_limits()) {
        if (trace_) machine_.trace().attach(trace_.get());
        // An HTTP/2 origin takes the content alone: the reader decodes chunked for it.
        if (up_->body_input() == upstream_body_input::content) req_.set_content_sink(&content_);
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    void start() { down_.start(); }
    // Shutting down: a session between exchanges closes now; one in an exchange after it.
    void drain() {
        if (between_requests() && down_.input().empty() && !up_->active()) shut();
    }

private:
    friend class downstream_connection<session>;
    friend class upstream_link<session>;
    friend class h2_upstream_link<session, downstream_connection<session>>;

    // ---- The client's requests -----------------------------------------------------------------
    void on_downstream_ready() { next_request(); }
    void next_request() {
        req_.next();
        up_->begin_exchange();
        add_close_ = final_written_ = false;
        exchange_started_ = {};
        if (trace_) trace_->clear();
        if (thread_.draining && down_.input().empty()) return shut();
        on_downstream_bytes();
    }
    bool between_requests() const noexcept { return !req_.in_body() && !req_.done(); }
    bool may_read_request() const noexcept {
        return !down_.closed() && !down_.closing() && !req_.done() &&
               !(req_.in_body() && up_->holding_body());
    }
    void read_downstream() {  // backpressure: not while the upstream is slower than the client
        if (!may_read_request() || up_->backlog() > config_.backlog_limit()) return;
        const auto left = req_.known_remaining();  // the rest of a large body: in the kernel
        if (left && down_.input().empty() && up_->splice_body_from_client(*left)) return;
        down_.read();
    }
    void on_body_pumped(std::uint64_t n) { perform(machine_.on_body_bytes(n, steady::now())); }
    void on_body_pump_done(splice_pump::outcome o) {
        if (o == splice_pump::outcome::source_closed) return on_downstream_closed();
        if (o == splice_pump::outcome::sink_failed) return on_upstream_failure();
        const auto writes = down_.write_batch();
        req_.body_moved_elsewhere();
        perform(machine_.on_body_end(steady::now()));
        end_of_exchange_check();
    }

    void on_downstream_bytes() {
        const auto writes = down_.write_batch();
        while (may_read_request()) {
            input_buffer& in = down_.input();
            if (req_.in_head() && !in.empty() && exchange_started_ == steady::time_point{}) {
                exchange_started_ = steady::now();
                down_.on_request_begun();
            }
            const bool body = req_.in_body();
            const beast::request_step s = req_.put(in.data());
            if (s.event == beast::request_event::error) {  // nothing of it goes upstream
                in.consume(s.used);
                return on_bad_request(s.error);
            }
            // Body bytes leave the input buffer (perform() may compact it) before the machine
            // hears of them.
            if (body && s.used != 0 && up_->body_input() == upstream_body_input::as_received)
                up_->take_body(in.data().substr(0, s.used));
            in.consume(s.used);
            if (s.content != 0) perform(machine_.on_body_bytes(s.content, steady::now()));
            if (s.event == beast::request_event::need_more) break;
            if (s.event == beast::request_event::head) {
                const request_facts& facts = req_.facts();
                client_http10_ = facts.version == http_version::http_1_0;
                perform(machine_.on_request_head(facts, config_.hop, steady::now(), {}));
            } else {  // complete
                if (req_.facts().has_content()) {
                    up_->end_body();
                    perform(machine_.on_body_end(steady::now()));
                }
                end_of_exchange_check();
            }
        }
        read_downstream();
    }

    // Malformed heads and limits (never forwarded), a stalled client: our answer, then close.
    void on_bad_request(const error_code& ec) {
        answer_and_close(beast::status_for(ec), ec.message());
    }
    void on_request_stalled() { answer_and_close(408, "the client stalled"); }  // RFC 9110 §15.5.9
    void answer_and_close(std::uint16_t status, const std::string& why) {
        if (final_written_ || up_->response_begun()) return shut();  // too late for an answer
        up_->not_reusable();
        write_own_final(status, beast::connection_field::close);
        // The connection ends with this answer: the machine hears so now, or a deadline of its
        // due at the same moment (the upstream timeout beside the 408) would answer again.
        (void)machine_.on_downstream_closed(steady::now());
        timer_.cancel();
        down_.flush();
        log(status, why);
    }
    void on_downstream_closed() {
        (void)machine_.on_downstream_closed(steady::now());
        shut();
    }

    // ---- The upstream ----------------------------------------------------------------------
    void on_upstream_head_sent() { perform(machine_.on_upstream_head_sent(steady::now())); }
    void on_upstream_flushed() { read_downstream(); }  // backpressure released
    void on_downstream_flushed() { up_->resume(); }
    void on_upstream_failure() {
        const bool relayed = up_->relaying();
        up_->drop();
        if (relayed) return shut();  // mid-response: the client sees the close (RFC 9112 §8)
        if (final_written_ || up_->response_done()) return end_of_exchange_check();
        perform(machine_.on_upstream_failed(steady::now()));
    }
    void on_response_head() {
        const response_facts& facts = up_->response();
        if (facts.is_interim()) {  // 1xx (not 101): the machine decides; then a new response
            const auto status = static_cast<std::uint16_t>(facts.status);
            return perform(machine_.on_upstream_interim(status, steady::now()));
        }
        perform(machine_.on_upstream_final(facts, steady::now()));
    }
    void on_response_done(bool relayed) {
        if (relayed) {
            final_written_ = true;
            down_.flush();
            perform(machine_.on_response_complete(steady::now()));
            log(up_->response().status);
        }
        end_of_exchange_check();
    }

    // ---- The machine's actions: every intermediary_action, no default --------------------------
    void perform(const intermediary_step& s) {
        using ia = intermediary_action;
        for (const auto& a : s.actions) {
            switch (a.kind()) {
            case ia::forward_head: forward_head(beast::expect_line::keep); break;
            case ia::forward_head_without_expect: forward_head(beast::expect_line::drop); break;
            case ia::forward_head_adding_expect: forward_head(beast::expect_line::add); break;
            case ia::forward_body: up_->forward_body(); break;
            case ia::hold_body: up_->hold_body(); break;
            case ia::stop_body:  // the origin answered early: its connection cannot be reused
                up_->not_reusable();
                [[fallthrough]];
            case ia::discard_body:
                up_->drop_body();
                down_.drop_pumped();
                break;
            case ia::send_continue: append_interim(down_.output()); break;
            case ia::relay_interim:
                if (a.status() == 100)
                    append_interim(down_.output());
                else  // 102, 103 with their fields (Link)
                    up_->response_head().write_response_head(down_.output(),
                                                             beast::connection_field::none, {});
                break;
            case ia::relay_final: relay_final_head(); break;
            case ia::send_final:
                write_own_final(a.status(), add_close_ ? beast::connection_field::close
                                                       : beast::connection_field::none);
                // Written at once: its completion is reported now. Only discard_body can
                // follow send_final in a step, and it commutes with what comes back
                // (docs/reference/step.md, rule 3).
                perform(machine_.on_response_complete(steady::now()));
                log(a.status());
                break;
            case ia::add_close: add_close_ = true; break;
            case ia::close:
                if (a.side() == action_side::downstream) {
                    down_.close_after_flush();
                    break;
                }
                // At once, unless a relayed response is still coming from it; a final response
                // that is not relayed (a 417 repeated without Expect, T-P-18) is never read on.
                up_->not_reusable();
                if (!up_->relaying()) up_->drop();
                break;
            }
        }
        timer_.arm(machine_.next_deadline(), [self = shared_from_this()] {
            if (self->down_.closed()) return;
            const auto writes = self->down_.write_batch();
            self->perform(self->machine_.on_timer(steady::now()));
        });
        down_.flush();
        read_downstream();
    }

    void forward_head(beast::expect_line expect) {
        up_->send_head(req_.record(), expect, req_.facts());
    }
    void relay_final_head() {
        const response_facts& facts = up_->response();
        // A response delimited by the close can only reach the client the same way.
        const bool close =
            add_close_ || client_http10_ || facts.framing == body_framing::until_close;
        const bool decode = client_http10_ && facts.framing == body_framing::chunked;
        if (close) down_.close_after_flush();
        up_->response_head().write_response_head(
            down_.output(), close ? beast::connection_field::close : beast::connection_field::none,
            "expect100",
            decode ? beast::framing_fields::drop_transfer_encoding : beast::framing_fields::keep);
        up_->relay_body(decode);
    }
    void write_own_final(std::uint16_t status, beast::connection_field connection) {
        const bool close = connection == beast::connection_field::close || client_http10_;
        append_own_final(down_.output(), status,
                         close ? connection_header::close : connection_header::keep_alive,
                         "expect100");
        if (close) down_.close_after_flush();
        final_written_ = true;
        up_->abandon_response();  // the origin's answer, if one is coming, will never be read
    }

    // ---- The end of an exchange, and of the connection ------------------------------------
    void end_of_exchange_check() {
        if (down_.closed() || down_.closing()) return down_.flush();
        if (!final_written_ || !req_.done()) return;
        if (machine_.state() != intermediary_state::idle) return;
        up_->end_exchange();
        next_request();
    }
    bool response_in_flight() const noexcept { return up_->relaying(); }
    client_wait waiting_for_client() const noexcept {
        if (between_requests())
            return exchange_started_ == steady::time_point{} ? client_wait::idle
                                                             : client_wait::request;
        const bool body_owed = req_.in_body() && !up_->holding_body() && !final_written_;
        return body_owed ? client_wait::request : client_wait::none;
    }
    void flush_upstream() { up_->flush(); }
    void shut() {
        if (down_.closed()) return;
        down_.close();
        timer_.cancel();
        up_->close();
    }
    void log(unsigned status, std::string_view note = {}) {
        if (!trace_) return;
        log_exchange(*trace_, {req_.record().method(), req_.record().target(), status,
                               config_.preset, note, exchange_started_});
    }

    thread_state& thread_;
    const thread_state::member counted_{thread_};  // for draining
    const proxy_config& config_;
    downstream_connection<session> down_;
    std::unique_ptr<upstream_side> up_;
    beast::basic_machine_timer<steady_timer> timer_;
    std::unique_ptr<session_trace> trace_;  // with --trace only
    proxy_machine machine_;
    beast::request_reader req_;
    // The decoded content, for an upstream that takes content (upstream_body_input::content).
    struct content_to_upstream final : beast::content_sink {
        explicit content_to_upstream(session& s) noexcept : s_(s) {}
        void on_content(std::string_view bytes) override { s_.up_->take_body(bytes); }
        session& s_;
    } content_{*this};
    steady::time_point exchange_started_{};
    bool client_http10_ = false;
    bool add_close_ = false;      // the machine said add_close: our next final says close
    bool final_written_ = false;  // the client has its final response (ours or relayed)
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_SESSION_HPP
