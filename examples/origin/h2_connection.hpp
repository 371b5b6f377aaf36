// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One HTTP/2 connection of expect100-origin (TLS with ALPN h2, or --h2c): every stream is one
// exchange with a server machine of its own (the same policy as HTTP/1.1, from --behaviour), and
// the application plays the same script. The machine's actions become frames through
// nghttp2::server_stream (docs/guide/http2.md): the 100 a HEADERS frame without END_STREAM, an
// early final followed by RST_STREAM(NO_ERROR) once it is written (H2-5), and stream window
// granted only for the body the machine admits (H2-8). The reset waits for the client's next
// DATA or a second's linger (early_reset::when_client_sends: curl 7.88 reads a response and a
// reset that come together as an empty reply).
// What HTTP/2 cannot play: `http10` has no 1xx here either (no HTTP/1.0 on HTTP/2) and
// `interim:100` sends its extra 100 without a Content-Length (a 1xx carries no content, and
// nghttp2 refuses one that says so).
#ifndef EXPECT100_EXAMPLES_ORIGIN_H2_CONNECTION_HPP
#define EXPECT100_EXAMPLES_ORIGIN_H2_CONNECTION_HPP

#include "../common/net.hpp"
#include "../common/program.hpp"
#include "behaviour.hpp"

#include <expect100/beast/machine_timer.hpp>
#include <expect100/nghttp2/server_stream.hpp>
#include <expect100/nghttp2/session.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples::origin {

class h2_connection final : public std::enable_shared_from_this<h2_connection> {
public:
    h2_connection(stream io, const origin_setup& setup)
        : setup_(setup), io_(std::move(io)), executor_(io_.get_executor()) {}
    h2_connection(const h2_connection&) = delete;
    h2_connection& operator=(const h2_connection&) = delete;

    void start() {
        nghttp2::session_settings settings;
        settings.initial_window = setup_.h2_window;
        session_ = nghttp2::make_session(nghttp2::session_role::server, *this, settings);
        if (!session_) return close();
        flush();
        read();
    }

    // ---- nghttp2's callbacks (nghttp2/session.hpp) ----------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST) {
            streams_[f.hd.stream_id] =
                std::make_unique<exchange>(session_.get(), f.hd.stream_id, executor_, setup_);
        }
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (exchange* x = find(f.hd.stream_id);
            x && f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST)
            x->stream.add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        exchange* x = find(f.hd.stream_id);
        if (x == nullptr) return 0;
        if (f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST) on_head(*x, f);
        if ((f.hd.type == NGHTTP2_DATA || f.hd.type == NGHTTP2_HEADERS) &&
            (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0 && x->facts.has_content()) {
            perform(*x, x->machine.on_body_end(steady::now()));
            if (x->machine.state() == server_state::received &&
                setup_.script.kind != behaviour_kind::silent)
                respond(*x, 200);
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        exchange* x = find(id);
        if (x == nullptr) {
            (void)nghttp2_session_consume_connection(session_.get(), data.size());
            return 0;
        }
        x->length += data.size();
        if (setup_.hash) x->hash.update(data);
        const server_state st = x->machine.state();
        if (st != server_state::idle && st != server_state::closed)
            perform(*x, x->machine.on_body_bytes(x->stream.on_data(data.size()), steady::now()));
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t) {
        if (exchange* x = find(id)) {
            const server_state st = x->machine.state();
            if (st != server_state::idle && st != server_state::closed)
                (void)x->machine.on_peer_closed(steady::now());  // this stream only (H2-12)
            streams_.erase(id);
        }
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        exchange* x = find(f.hd.stream_id);
        if (x != nullptr &&
            x->stream.on_frame_sent(f) == nghttp2::response_progress::final_complete) {
            const server_state st = x->machine.state();
            const bool told =
                st == server_state::responding || st == server_state::responding_early;
            perform(*x, told ? x->machine.on_response_complete(steady::now()) : server_step{});
        }
        return 0;
    }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

private:
    struct exchange {
        exchange(nghttp2_session* s, std::int32_t id, const tcp::socket::executor_type& ex,
                 const origin_setup& setup)
            : stream(s, id, nghttp2::early_reset::when_client_sends),
              timer(ex),
              app_timer(ex),
              machine(policy_for(setup.script)) {}
        nghttp2::server_stream stream;
        beast::machine_timer timer;
        asio::steady_timer app_timer;  // late:MS; after the final, the reset's linger
        bool lingering = false;
        origin_machine machine;
        request_facts facts{};
        sha256 hash;
        std::uint64_t length = 0;
    };

    exchange* find(std::int32_t id) {
        const auto it = streams_.find(id);
        return it == streams_.end() ? nullptr : it->second.get();
    }

    // The application, as the HTTP/1.1 connection plays it.
    void on_head(exchange& x, const nghttp2_frame& f) {
        x.facts = x.stream.on_headers_end(f);
        if (setup_.script.kind == behaviour_kind::interim && x.facts.expects_continue()) {
            (void)x.stream.send_interim(setup_.script.status);
        }
        perform(x, x.machine.on_request_head(x.facts, steady::now()));
        const server_state st = x.machine.state();
        if (st != server_state::deciding && st != server_state::received) return;  // 400, 417
        if (setup_.script.kind == behaviour_kind::reject) return respond(x, setup_.script.status);
        if (st == server_state::received) {
            if (setup_.script.kind != behaviour_kind::silent) respond(x, 200);
            return;
        }
        if (setup_.script.kind == behaviour_kind::late) {
            const std::int32_t id = x.stream.id();
            x.app_timer.expires_after(std::chrono::milliseconds(setup_.script.late_ms));
            x.app_timer.async_wait([this, self = shared_from_this(), id](const error_code& ec) {
                exchange* y = find(id);
                if (ec || y == nullptr || closed_) return;
                read_body(*y);
                flush();
            });
            return;
        }
        read_body(x);
    }
    void read_body(exchange& x) {
        if (x.machine.state() != server_state::deciding) return;
        perform(x, x.machine.accept(steady::now()));
        perform(x, x.machine.on_body_read(steady::now()));
    }
    void respond(exchange& x, std::uint16_t status) {
        x.app_timer.cancel();
        const server_step s = x.machine.on_final_response(status, steady::now());
        const nghttp2::field_list& req = x.stream.request_fields();
        std::string body;
        if (status == 200 && !setup_.hash) {
            body = "{\"length\":" + std::to_string(x.length) + "}\n";
        } else if (status == 200) {
            std::string expect;  // every expect line, joined as RFC 9110 §5.3 combines them
            for (const auto& [name, value] : req) {
                if (name != "expect") continue;
                if (!expect.empty()) expect.append(", ");
                expect.append(value);
            }
            body = echo_json(x.length, x.hash.hex(), expect, "2", req.get(":path"));
            if (setup_.log != nullptr) setup_.log->record(req.get(":path"), x.length, x.hash.hex());
        } else {
            body = error_json(status);
        }
        send_answer(x, status, body);
        perform(x, s);
    }

    // A final response with a JSON body.
    void send_answer(exchange& x, std::uint16_t status, const std::string& body) {
        const std::vector<std::pair<std::string, std::string>> fields = {
            {"server", "expect100-origin"},
            {"content-type", "application/json"},
            {"content-length", std::to_string(body.size())}};
        (void)x.stream.send_final(status, fields, nghttp2::server_stream::content::with_body);
        x.stream.append_body(body);
        x.stream.finish_body();
    }

    // The server's actions on a stream (nghttp2/server_stream.hpp's table); the machine's own
    // finals carry a JSON body, as on HTTP/1.1.
    void perform(exchange& x, const server_step& s) {
        for (const auto& a : s.actions) {
            if (a.kind() == server_action::send_continue &&
                setup_.script.kind == behaviour_kind::http10) {
                continue;  // --behaviour http10 plays an HTTP/1.0 server: no 1xx to send
            }
            if (a.kind() != server_action::send_final) {
                x.stream.perform(a);
                continue;
            }
            send_answer(x, a.status(), error_json(a.status()));  // 400, 408, 417
        }
        x.stream.grant(x.machine.body_credit());  // H2-8
        const std::int32_t id = x.stream.id();
        if (x.stream.reset_pending() && !x.lingering) {  // as the proxy's (h2_session.hpp)
            x.lingering = true;
            x.app_timer.expires_after(std::chrono::seconds(1));
            x.app_timer.async_wait([this, self = shared_from_this(), id](const error_code& ec) {
                exchange* y = find(id);
                if (ec || y == nullptr || closed_) return;
                y->stream.linger_expired();
                flush();
            });
        }
        x.timer.arm(x.machine.next_deadline(), [this, self = shared_from_this(), id] {
            exchange* y = find(id);
            if (y == nullptr || closed_) return;
            perform(*y, y->machine.on_timer(steady::now()));
            flush();
        });
        flush();
    }

    // ---- The connection ----------------------------------------------------------------------
    void read() {
        io_.async_read_some(asio::buffer(buffer_), [this, self = shared_from_this()](
                                                       const error_code& ec, std::size_t n) {
            if (closed_) return;
            if (ec) return close();
            const bool ok = sio_.receive(session_.get(), std::string_view(buffer_.data(), n));
            flush();
            if (!ok || nghttp2::finished(session_.get())) return finish();
            read();
        });
    }
    void flush() {
        if (closed_ || !session_) return;
        switch (sio_.take(session_.get(), out_.queue())) {
        case nghttp2::session_io::output::deferred: return;
        case nghttp2::session_io::output::failed: return close();
        case nghttp2::session_io::output::taken: break;
        }
        out_.flush(io_, [this, self = shared_from_this()](const error_code& ec) {
            if (ec) return close();
            if (closing_ && out_.idle()) close();
        });
    }
    void finish() {
        closing_ = true;
        if (out_.idle()) close();
    }
    void close() {
        if (closed_) return;
        closed_ = true;
        io_.close();
        streams_.clear();
    }

    const origin_setup& setup_;
    stream io_;
    tcp::socket::executor_type executor_;
    nghttp2::session_handle session_;
    gather_writer out_;
    std::array<char, 64 * 1024> buffer_{};
    std::map<std::int32_t, std::unique_ptr<exchange>> streams_;
    nghttp2::session_io sio_;
    bool closing_ = false;
    bool closed_ = false;
};

}  // namespace expect100::examples::origin

#endif  // EXPECT100_EXAMPLES_ORIGIN_H2_CONNECTION_HPP
