// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-origin: a scripted origin server for demos, tests and benchmarks.
//
// What it shows: the server machine (basic_server with a run-time policy) wired into Asio with
// callback parsing (beast/head_parser.hpp) and one machine_timer per connection. Every decision
// about the 100 (when, whether, what after an early answer) is the machine's; this file only
// performs the actions and plays the application the --behaviour names:
//   immediate     100 as soon as the head is in (the outage's Exchange server)
//   lazy          100 when the application first reads the body (Go, hyper, httpd)
//   never         no 100 ever: the client's timer releases the body
//   late:MS       the application starts reading after MS milliseconds, then the 100
//   reject:STATUS final STATUS at once, the body read and dropped; reject:STATUS:close closes
//   interim:103   a 103 Early Hints (or 102) before the 100; interim:100 a second 100 first,
//                 carrying Content-Length: 0 (a duplicate, and a field a 1xx may not carry)
//   http10        an HTTP/1.0 server: no 1xx, Connection: close
//   silent        reads the request and never answers (a hung application: 504 tests)
// The answer is 200 with a small JSON echo of what arrived:
//   {"length":N,"sha256":"...","expect":"100-continue"|null,"version":"1.1","target":"/x"}
// (expect, every Expect line joined with ", ", and version say what an intermediary in front
// forwarded: a probe reads them).
// Keep-alive and pipelining are served; bodies are streamed and hashed, never held whole.
#include "../common/http.hpp"
#include "../common/input_buffer.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"
#include "../common/protocol_choice.hpp"
#include "behaviour.hpp"
#include "h2_connection.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/beast/machine_timer.hpp>
#include <expect100/beast/request_reader.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>
#include <expect100/wire.hpp>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <boost/json/src.hpp>  // header-only Boost.JSON, in this one translation unit

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace expect100;
using namespace expect100::examples;
using namespace expect100::examples::origin;

// Every Expect line of a head as one value, joined with ", " as RFC 9110 §5.3 combines field
// lines; empty when there is none.
std::string combined_expect(const beast::head_record& head) {
    std::string out;
    bool any = false;
    for (const beast::head_record::field_entry& f : head.fields()) {
        if (f.id != boost::beast::http::field::expect) continue;
        if (any) out.append(", ");
        out.append(head.value_of(f));
        any = true;
    }
    return out;
}

// ---- One connection ---------------------------------------------------------------------------

class connection : public std::enable_shared_from_this<connection>, private beast::content_sink {
public:
    // `io` has done its TLS handshake (choose_protocol).
    connection(stream io, const origin_setup& setup)
        : faults_(setup.faults),
          hash_body_(setup.hash),
          log_(setup.log),
          stream_(std::move(io)),
          timer_(stream_.socket().get_executor()),
          app_timer_(stream_.socket().get_executor()),
          in_(64 * 1024),
          behaviour_(setup.script),
          machine_(policy_for(setup.script)) {
        req_.set_content_sink(this);
    }

    void start() { next_request(); }

private:
    // ---- Reading and parsing ----------------------------------------------------------------
    void read_more() {
        if (reading_ || closing_) return;
        if (in_.full()) return shut();  // only a head can fill it: the parser limits that first
        reading_ = true;
        stream_.async_read_some(in_.prepare(),
                                [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                    self->reading_ = false;
                                    self->in_.commit(ec ? 0 : n);
                                    if (ec) {
                                        self->perform(self->machine_.on_peer_closed(steady::now()));
                                        return self->shut();
                                    }
                                    self->parse();
                                });
    }

    void next_request() {
        req_.next();
        hash_.reset();
        length_ = 0;
        add_close_ = false;
        parse();
    }

    // beast/request_reader.hpp: limits, obs-fold refused (RFC 9112 §5.2), content counted.
    void parse() {
        while (!closing_ && !req_.done()) {
            const beast::request_step s = req_.put(in_.data());
            in_.consume(s.used);
            if (reset_due_) return reset();
            if (s.event == beast::request_event::error) return bad_request(s.error);
            if (s.content != 0) perform(machine_.on_body_bytes(s.content, steady::now()));
            if (s.event == beast::request_event::need_more) break;
            if (s.event == beast::request_event::head) {
                on_head();
            } else {  // complete
                if (req_.facts().has_content()) perform(machine_.on_body_end(steady::now()));
                return on_body_complete();
            }
        }
        read_more();
    }

    void on_content(std::string_view bytes) override {
        length_ += bytes.size();
        if (!discarding_ && hash_body_) hash_.update(bytes);
        if (fault_ == fault_path::reset_mid_body && 2 * length_ >= req_.facts().content_length) {
            reset_due_ = true;  // after put() returns: never close under the parser's feet
        }
    }

    void bad_request(const error_code& ec) {
        add_close_ = true;
        write_final(beast::status_for(ec), {});
        closing_ = true;
        flush();
    }

    // ---- The application --------------------------------------------------------------------
    void on_head() {
        const request_facts& facts = req_.facts();
        http10_ =
            facts.version == http_version::http_1_0 || behaviour_.kind == behaviour_kind::http10;
        discarding_ = false;
        if (faults_ && on_fault_path()) return;
        if (behaviour_.kind == behaviour_kind::interim && facts.expects_continue()) {
            if (behaviour_.status == 100) {
                // A 100 of its own before the machine's, carrying a Content-Length a 1xx may not
                // have (G-16/G-17): what T-P-12 and T-P-13 send a proxy.
                out_.queue().append("HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n");
            } else {
                out_.queue().append(
                    behaviour_.status == 102
                        ? "HTTP/1.1 102 Processing\r\n\r\n"
                        : "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
            }
        }
        perform(machine_.on_request_head(facts, steady::now()));
        if (closing_ || machine_.state() == server_state::responding ||
            machine_.state() == server_state::closed) {
            return;  // the machine answered the head itself (400, 417, ...)
        }
        if (behaviour_.kind == behaviour_kind::reject) {
            return respond(behaviour_.status);
        }
        if (behaviour_.kind == behaviour_kind::late) {
            app_timer_.expires_after(std::chrono::milliseconds(behaviour_.late_ms));
            app_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
                if (ec || self->closing_ || self->req_.in_head()) return;
                if (self->machine_.state() == server_state::deciding) self->read_body();
            });
            return;
        }
        read_body();
    }

    // --faults: paths that misbehave on purpose, for soak tests of what sits in front.
    //   /fault/flood           1000 × 103 Early Hints before anything else
    //   /fault/reset           a TCP reset once the head (and any body bytes with it) is in
    //   /fault/reset-mid-body  a TCP reset once half the announced body is in (the upstream
    //                          going down while the body streams)
    //   /fault/big             the echo followed by 4 MiB of JSON whitespace (a response long
    //                          enough for a client to give up half-way)
    bool on_fault_path() {
        const std::string_view target = req_.record().target();
        fault_ = fault_path::none;
        if (target.rfind("/fault/reset-mid-body", 0) == 0) {
            fault_ = fault_path::reset_mid_body;
            return false;  // the exchange starts as usual; on_content resets it
        }
        if (target.rfind("/fault/big", 0) == 0) {
            fault_ = fault_path::big;
            return false;
        }
        if (target.rfind("/fault/flood", 0) == 0) {
            for (int i = 0; i < 1000; ++i)
                out_.queue().append("HTTP/1.1 103 Early Hints\r\n\r\n");
            return false;  // then the exchange goes on as usual
        }
        if (target.rfind("/fault/reset", 0) == 0) {
            reset();
            return true;
        }
        return false;
    }

    // An abortive close: RST, not FIN (SO_LINGER with a zero timeout).
    void reset() {
        error_code ignored;
        stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);
        shut();
    }

    void read_body() {
        if (machine_.state() != server_state::deciding) return;  // no content, or all in
        perform(machine_.accept(steady::now()));
        perform(machine_.on_body_read(steady::now()));
        flush();
    }

    void on_body_complete() {
        if (discarding_) {
            discarding_ = false;
            after_response();
            return;
        }
        if (behaviour_.kind == behaviour_kind::silent) return;  // a hung application
        if (machine_.state() == server_state::received) respond(200);
    }

    void respond(std::uint16_t status) {
        app_timer_.cancel();
        perform(machine_.on_final_response(status, steady::now()));
        if (closing_) return;
        std::string body;
        if (status == 200 && !hash_body_) {  // --no-hash: the least work an answer can be
            body = "{\"length\":" + std::to_string(length_) + "}\n";
        } else if (status == 200) {
            // What the origin saw of Expect tells a probe whether an intermediary stripped it
            // (and so answered 100 itself) or forwarded it.
            const std::string expect = combined_expect(req_.record());
            body = echo_json(length_, hash_.hex(), expect,
                             req_.record().version() == 10 ? "1.0" : "1.1", req_.record().target());
            if (log_ != nullptr) log_->record(req_.record().target(), length_, hash_.hex());
            if (fault_ == fault_path::big) body.append(4U * 1024U * 1024U, ' ');
        } else {
            body = error_json(status);
        }
        write_final(status, body);
        perform(machine_.on_response_complete(steady::now()));
        if (!closing_ && status != 200) discarding_ = machine_.state() == server_state::discarding;
        flush();
        if (status == 200) after_response();
    }

    // The response is queued: the next request may be parsed (pipelining keeps order: the next
    // response is queued behind this one).
    void after_response() {
        if (closing_ || machine_.state() != server_state::idle || !req_.done()) {
            if (!closing_ && !req_.done()) parse();  // discarding the rest of a body
            return;
        }
        next_request();
    }

    void write_final(unsigned status, const std::string& body) {
        std::string& q = out_.queue();
        q.append(http10_ ? "HTTP/1.0 " : "HTTP/1.1 ");
        q.append(std::to_string(status));
        q.push_back(' ');
        q.append(reason_phrase(static_cast<std::uint16_t>(status)));
        q.append(
            "\r\nServer: expect100-origin\r\nContent-Type: application/json\r\nContent-Length: ");
        q.append(std::to_string(body.size()));
        if (add_close_ || http10_) {
            q.append("\r\nConnection: close");
            closing_after_flush_ = true;
        }
        q.append("\r\n\r\n");
        q.append(body);
    }

    // ---- Performing the machine's actions ------------------------------------------------------
    void perform(const server_step& s) {
        std::optional<server_step> written;  // the step of our own final, performed after these
        for (const auto& a : s.actions) {
            switch (a.kind()) {  // every server action (server_action), no default
            case server_action::send_continue:
                // --behaviour http10 plays an HTTP/1.0 server, which has no 1xx to send.
                if (!http10_) append_interim(out_.queue());
                break;
            case server_action::send_final:  // the machine's own: 400, 408, 417
                write_final(a.status(), {});
                written = machine_.on_response_complete(steady::now());
                if (machine_.state() == server_state::discarding) discarding_ = true;
                break;
            case server_action::discard_body: discarding_ = true; break;
            case server_action::add_close: add_close_ = true; break;
            case server_action::close: closing_after_flush_ = true; break;
            }
        }
        if (written) return perform(*written);  // docs/reference/step.md, rule 3
        timer_.arm(machine_.next_deadline(), [self = shared_from_this()] {
            self->perform(self->machine_.on_timer(steady::now()));
            self->flush();
        });
        flush();
    }

    void flush() {
        out_.flush(stream_, [self = shared_from_this()](const error_code& ec) {
            if (ec) return self->shut();
            if (self->closing_after_flush_ && self->out_.idle()) {
                self->closing_ = true;
                self->stream_.shutdown_send();
                self->linger();
            }
        });
        if (closing_after_flush_ && out_.idle()) {
            closing_ = true;
            stream_.shutdown_send();
            linger();
        }
    }

    // After our half-close, read and drop until the client closes (bounded by the timer) so that
    // a reset does not destroy the response before the client reads it (RFC 9112 §9.6).
    void linger() {
        if (lingering_) return;
        lingering_ = true;
        app_timer_.expires_after(std::chrono::seconds(2));
        app_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec) self->shut();
        });
        drain();
    }
    void drain() {
        stream_.async_read_some(in_.prepare(),
                                [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                    self->in_.commit(ec ? 0 : n);
                                    if (ec) return self->shut();
                                    self->in_.consume(self->in_.size());
                                    self->drain();
                                });
    }

    void shut() {
        closing_ = true;
        timer_.cancel();
        app_timer_.cancel();
        stream_.close();
    }

    bool faults_;
    bool hash_body_;
    access_log* log_;
    enum class fault_path { none, reset_mid_body, big };
    fault_path fault_ = fault_path::none;
    bool reset_due_ = false;
    stream stream_;
    beast::machine_timer timer_;
    asio::steady_timer app_timer_;
    input_buffer in_;
    gather_writer out_;
    behaviour behaviour_;
    origin_machine machine_;
    beast::request_reader req_{beast::request_limits{16 * 1024, std::nullopt}};
    sha256 hash_;
    std::uint64_t length_ = 0;
    bool reading_ = false;
    bool closing_ = false;
    bool closing_after_flush_ = false;
    bool lingering_ = false;
    bool add_close_ = false;
    bool http10_ = false;
    bool discarding_ = false;
};

void accept_loop(tcp::acceptor& acceptor, const origin_setup& setup) {
    acceptor.async_accept([&acceptor, &setup](const error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
            socket.set_option(tcp::no_delay(true));
            auto& io = static_cast<asio::io_context&>(acceptor.get_executor().context());
            choose_protocol(
                io, std::move(socket), setup.tls, setup.h2c, std::chrono::seconds(30),
                [&setup](stream s, wire_protocol p) {
                    if (p == wire_protocol::h2)
                        return std::make_shared<h2_connection>(std::move(s), setup)->start();
                    std::make_shared<connection>(std::move(s), setup)->start();
                });
        }
        accept_loop(acceptor, setup);
    });
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-origin", [&]() -> int {
        po::options_description options("options");
        options.add_options()("help,h", "print this help")(
            "listen", po::value<std::string>()->default_value("127.0.0.1:0"),
            "HOST:PORT to listen on; port 0 picks a free port")(
            "behaviour", po::value<std::string>()->default_value("immediate"),
            "immediate | lazy | never | late:MS | reject:STATUS[:close] | interim:103|102|100 | "
            "http10 | silent")("tls-cert", po::value<std::string>(),
                               "certificate chain (PEM): serve HTTPS")(
            "tls-key", po::value<std::string>(), "private key (PEM) of --tls-cert")(
            "h2c",
            "also serve cleartext HTTP/2 to clients that open with its preface (prior "
            "knowledge); with --tls-cert, ALPN offers h2 anyway")(
            "no-h2", "with --tls-cert, offer only http/1.1 in ALPN")(
            "h2-window", po::value<std::uint32_t>()->default_value(65535),
            "HTTP/2: each stream's initial window (what a client may send before its body is "
            "wanted)")("threads", po::value<unsigned>()->default_value(1),
                       "threads, one io_context each")(
            "faults",
            "misbehave on /fault/flood (1000 x 103), /fault/reset (TCP reset), "
            "/fault/reset-mid-body and /fault/big (4 MiB): soak tests")(
            "no-hash",
            "count the body instead of hashing it and answer 200 with {\"length\":N} only: "
            "the least work per request, for throughput benchmarks")(
            "access-log", po::value<std::string>(),
            "append \"TARGET LENGTH SHA256\" to FILE for every request answered 200");
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, {}, vm,
                                "expect100-origin [--listen HOST:PORT] [--behaviour B]")) {
            return exit_ok;
        }
        const behaviour b = parse_behaviour(vm["behaviour"].as<std::string>());
        const host_port listen = parse_host_port(vm["listen"].as<std::string>());
        if ((vm.count("tls-cert") != 0) != (vm.count("tls-key") != 0)) {
            throw usage_error("--tls-cert and --tls-key go together");
        }
        std::optional<ssl::context> tls;
        if (vm.count("tls-cert") != 0) {
            tls.emplace(
                server_tls(vm["tls-cert"].as<std::string>(), vm["tls-key"].as<std::string>()));
            serve_alpn(*tls,
                       vm.count("no-h2") != 0 ? alpn_offer::http1_only : alpn_offer::h2_and_http1);
        }
        const unsigned threads = std::max(1U, vm["threads"].as<unsigned>());

        std::vector<std::unique_ptr<asio::io_context>> contexts;
        std::vector<tcp::acceptor> acceptors;
        contexts.push_back(std::make_unique<asio::io_context>(1));
        tcp::endpoint ep = resolve_one(*contexts[0], listen);
        acceptors.push_back(listen_on(*contexts[0], ep, threads > 1));
        ep = acceptors[0].local_endpoint();  // port 0: now the real one, for every thread
        for (unsigned i = 1; i < threads; ++i) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
            acceptors.push_back(listen_on(*contexts[i], ep, true));
        }
        std::optional<access_log> log;
        if (vm.count("access-log") != 0) log.emplace(vm["access-log"].as<std::string>());
        origin_setup setup;
        setup.tls = tls ? &*tls : nullptr;
        setup.script = b;
        setup.faults = vm.count("faults") != 0;
        setup.hash = vm.count("no-hash") == 0;
        setup.log = log ? &*log : nullptr;
        setup.h2c = vm.count("h2c") != 0;
        setup.h2_window = std::max<std::uint32_t>(1, vm["h2-window"].as<std::uint32_t>());
        for (std::size_t i = 0; i < contexts.size(); ++i)
            accept_loop(acceptors[i], setup);
        asio::signal_set signals(*contexts[0], SIGINT, SIGTERM);
        signals.async_wait([&](const error_code&, int) {
            for (auto& c : contexts)
                c->stop();
        });
        announce_listening(ep);
        std::vector<std::thread> pool;
        for (std::size_t i = 1; i < contexts.size(); ++i) {
            pool.emplace_back([&c = *contexts[i]] { c.run(); });
        }
        contexts[0]->run();
        for (auto& c : contexts)
            c->stop();
        for (auto& t : pool)
            t.join();
        return exit_ok;
    });
}
