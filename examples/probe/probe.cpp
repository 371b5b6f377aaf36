// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-probe: how does a live endpoint (and whatever sits in front of it) handle
// Expect: 100-continue? What the outage's operators needed and nobody had.
//
//   expect100-probe https://mail.example.com/EWS/mrsproxy.svc [--json] [--wait MS]
//
// It runs a battery of experiments, each on a fresh connection, each a deliberate move a real
// client makes (including the outage's: the body after a wait with no 100). For each it prints
// a ladder of what crossed the wire with timings, then a verdict table citing the RFC, the
// preset of this library the endpoint behaves like, and what to change. --json prints the same
// as stable finding codes (docs/programs/probe.md lists them).
//
// The probe is a test tool: it sends what it wants byte by byte (no client machine deciding
// for it), and reads responses with the library's response head parser.
#include "../common/blocking.hpp"
#include "../common/http.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"
#include "h2_connection.hpp"
#include "suite/suite.hpp"

#include <expect100/beast/response_reader.hpp>

#include <boost/json.hpp>
#include <boost/json/src.hpp>  // Boost.JSON header-only, in this one translation unit

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace expect100;
using namespace expect100::examples;
namespace json = boost::json;

struct settings {
    url where;
    std::string method = "POST";
    std::chrono::milliseconds wait{1000};
    ssl::context* tls = nullptr;
    bool http2 = false;  // --http2: every experiment on an HTTP/2 stream
};

std::string request_head(const settings& s, const std::string& version,
                         const std::vector<std::string>& extra, std::size_t length) {
    std::string h =
        s.method + " " + s.where.target + " " + version + "\r\nHost: " + host_field(s.where);
    h +=
        "\r\nUser-Agent: expect100-probe/0.1\r\nContent-Length: " + std::to_string(length) + "\r\n";
    for (const auto& e : extra)
        h += e + "\r\n";
    return h + "\r\n";
}

// ---- One connection, driven step by step with timeouts
// -------------------------------------------

struct response_seen {
    unsigned status = 0;
    double at_ms = 0;
    std::string reason;
    std::string body;
    bool close = false;
};

class probe_connection : private beast::content_sink {
public:
    probe_connection(asio::io_context& io, const settings& s)
        : io_(io), s_(s), stream_(io, s.tls) {}
    probe_connection(const probe_connection&) = delete;
    probe_connection& operator=(const probe_connection&) = delete;
    // The read kept in flight across calls ends here, while this object lives (its handler
    // points at it); without this it would run in the next experiment's loop, after the end.
    ~probe_connection() {
        stream_.close();
        io_.restart();
        io_.poll();
    }

    // @return an error text, or empty.
    std::string connect() {
        if (std::string error = connect_blocking(io_, stream_, s_.where); !error.empty())
            return error;
        t0_ = steady::now();
        return {};
    }

    double now_ms() const { return ms_between(t0_, steady::now()); }

    // What exchange() asks of a connection (h2_connection.hpp has the HTTP/2 one).
    std::string request_line(const std::string& version) const {
        return s_.method + " " + s_.where.target + " " + version;
    }
    bool send_request(const std::string& version, const std::vector<std::string>& expect_lines,
                      std::size_t length, bool body_now) {
        const std::string head = request_head(s_, version, expect_lines, length);
        return write(body_now ? head + std::string(length, 'x') : head);
    }
    void send_body(std::size_t length) { write(std::string(length, 'x')); }

    bool write(const std::string& bytes) {
        bool done = false;
        error_code ec;
        stream_.async_write(asio::buffer(bytes), [&](const error_code& wec, std::size_t) {
            ec = wec;
            done = true;
        });
        run_until(done, std::chrono::seconds(10));
        return done && !ec;
    }

    // The next response head (1xx or final; a final's body read too), or nothing within `limit`.
    std::optional<response_seen> next_response(std::chrono::milliseconds limit) {
        const auto deadline = steady::now() + limit;
        if (!reader_.in_response()) {  // the response to the request just sent
            reader_.expect(to_request_method(s_.method));
            body_.clear();
        }
        for (;;) {
            const beast::response_step step =
                closed_ && pending_.empty() ? reader_.put_eof() : reader_.put(pending_);
            pending_.erase(0, step.used);
            switch (step.event) {
            case beast::response_event::interim_head: return seen(reader_.facts());
            case beast::response_event::final_head: final_ = seen(reader_.facts()); continue;
            case beast::response_event::complete: {
                response_seen r = final_;
                r.body = body_;
                return r;
            }
            case beast::response_event::error:
            case beast::response_event::unsolicited:
                broken_ = !closed_;  // garbage; a close mid-response is only a close
                return std::nullopt;
            case beast::response_event::closed: return std::nullopt;
            case beast::response_event::need_more: break;
            }
            const auto left = deadline - steady::now();
            if (left <= std::chrono::milliseconds(0)) return std::nullopt;
            // One read stays in flight across calls (a TLS read is not cancelled midway).
            if (!reading_) {
                reading_ = true;
                stream_.async_read_some(asio::buffer(buf_),
                                        [this](const error_code& ec, std::size_t n) {
                                            reading_ = false;
                                            if (ec)
                                                closed_ = true;
                                            else
                                                pending_.append(buf_.data(), n);
                                        });
            }
            run_until_read(std::chrono::duration_cast<std::chrono::milliseconds>(left));
        }
    }

    bool closed() const noexcept { return closed_; }
    bool broken() const noexcept { return broken_; }

private:
    response_seen seen(const response_facts& f) const {
        response_seen r;
        r.status = f.status;
        r.at_ms = now_ms();
        r.reason = std::string(reader_.record().reason());
        r.close = f.connection == connection_intent::close;
        return r;
    }

    // The first KiB of each response body: enough for expect100-origin's JSON echo.
    void on_content(std::string_view bytes) override {
        if (body_.size() < 1024) body_.append(bytes.substr(0, 1024 - body_.size()));
    }

    void run_until_read(std::chrono::milliseconds limit) {
        examples::run_until(
            io_, [this] { return !reading_; }, limit);
    }
    void run_until(bool& done, std::chrono::milliseconds limit) {
        examples::run_until(
            io_, [&done] { return done; }, limit);
    }

    asio::io_context& io_;
    const settings& s_;
    stream stream_;
    beast::response_reader reader_{this};
    std::string pending_;
    response_seen final_;  // the final head, until its body is in
    std::string body_;
    std::array<char, 16384> buf_{};
    bool reading_ = false;
    steady::time_point t0_{};
    bool closed_ = false;
    bool broken_ = false;
};

// ---- The experiments
// --------------------------------------------------------------------------------

struct rung {
    double at_ms;
    bool out;  // probe → endpoint
    std::string text;
};

struct outcome {
    std::string name;
    std::string question;
    std::vector<rung> ladder;
    std::vector<std::string> findings;
    unsigned final_status = 0;
    std::optional<double> continue_ms;
    std::string error;
    std::string echo;  // the final response's body, when small
};

const std::string small_body(64, 'x');

struct step_plan {
    enum class body_timing { after_100_or_wait, at_once, after_wait_only, never } timing;
};

// The connection an experiment runs on: HTTP/1.1 (probe_connection) or HTTP/2 (--http2).
template <class Connection>
std::unique_ptr<Connection> open(asio::io_context& io, const settings& s) {
    if constexpr (std::is_same_v<Connection, probe_connection>)
        return std::make_unique<probe_connection>(io, s);
    else
        return std::make_unique<probe::h2_connection>(io, s.where, s.tls, s.method);
}

// One request: the head, then the body as `timing` says, then responses until the final one.
template <class Connection>
outcome exchange(asio::io_context& io, const settings& s, std::string name, std::string question,
                 const std::string& version, const std::vector<std::string>& expect_lines,
                 std::size_t length, step_plan::body_timing timing) {
    outcome o;
    o.name = std::move(name);
    o.question = std::move(question);
    const auto conn = open<Connection>(io, s);
    Connection& c = *conn;
    o.error = c.connect();
    if (!o.error.empty()) return o;
    std::string summary = c.request_line(version);
    for (const auto& e : expect_lines)
        summary += " + " + e;
    using bt = step_plan::body_timing;
    c.send_request(version, expect_lines, length, timing == bt::at_once);
    o.ladder.push_back(
        {c.now_ms(), true, summary + (timing == bt::at_once ? " + body at once" : " (body held)")});
    bool body_sent = timing == bt::at_once || length == 0;
    auto wait_left = s.wait;
    for (;;) {
        const auto limit = body_sent ? std::chrono::milliseconds(15000) : wait_left;
        const double before = c.now_ms();
        auto r = c.next_response(limit);
        if (!r) {
            if (c.broken()) {
                o.error = "a malformed response";
                return o;
            }
            if (c.closed()) {
                o.ladder.push_back({c.now_ms(), false, "connection closed"});
                o.error = "closed without a final response";
                return o;
            }
            if (!body_sent) {  // the wait ran out: send the body anyway (RFC 9110 §10.1.1)
                if (timing == bt::never) {
                    o.ladder.push_back({c.now_ms(), false, "(nothing within the wait)"});
                    return o;
                }
                c.send_body(length);
                body_sent = true;
                o.ladder.push_back({c.now_ms(), true,
                                    o.continue_ms ? "body after the full wait (held on purpose)"
                                                  : "body (no 100 came within " +
                                                        std::to_string(s.wait.count()) + " ms)"});
                continue;
            }
            o.error = "no final response within 15 s";
            o.ladder.push_back({c.now_ms(), false, "(silence)"});
            return o;
        }
        wait_left -= std::chrono::milliseconds(static_cast<long>(c.now_ms() - before));
        if (wait_left < std::chrono::milliseconds(0)) wait_left = std::chrono::milliseconds(0);
        o.ladder.push_back({r->at_ms, false, std::to_string(r->status) + " " + r->reason});
        if (r->status >= 100 && r->status < 200) {
            if (r->status == 100 && !o.continue_ms) o.continue_ms = r->at_ms;
            if (r->status == 100 && !body_sent && timing == bt::after_100_or_wait) {
                c.send_body(length);
                body_sent = true;
                o.ladder.push_back({c.now_ms(), true, "body (released by the 100)"});
            }
            continue;
        }
        o.final_status = r->status;
        o.echo = r->body;
        return o;
    }
}

// Keep-alive after an early final response (RFC 9110 §10.1.1, S-8, C-9, C-12): an expectation
// likely to be refused at once (417). The body was announced, so the probe sends it anyway to
// keep the framing whole (a client may not reuse the connection with it unsent, C-12), then a
// second request: a server that drains the refused body (S-8) answers it; one that read the
// body as a new request answers 400; one that closed should have said Connection: close.
outcome reuse_after_early_final(asio::io_context& io, const settings& s) {
    outcome o;
    o.name = "reuse_after_early_final";
    o.question = "After an early final response, is the connection still usable?";
    probe_connection c(io, s);
    o.error = c.connect();
    if (!o.error.empty()) return o;
    c.write(request_head(s, "HTTP/1.1", {"Expect: x-unknown-expectation"}, small_body.size()));
    o.ladder.push_back(
        {c.now_ms(), true,
         s.method + " " + s.where.target + " + Expect: x-unknown-expectation (body held)"});
    auto r = c.next_response(s.wait);
    while (r && r->status < 200) {
        o.ladder.push_back({r->at_ms, false, std::to_string(r->status) + " " + r->reason});
        r = c.next_response(s.wait);
    }
    if (!r) {
        o.ladder.push_back(
            {c.now_ms(), false, c.closed() ? "connection closed" : "(no early answer)"});
        return o;  // no early final response: nothing to learn here
    }
    o.ladder.push_back(
        {r->at_ms, false,
         std::to_string(r->status) + " " + r->reason + (r->close ? " (Connection: close)" : "")});
    o.final_status = r->status;
    if (r->close) return o;
    c.write(small_body);  // the framing stays whole: the server reads and drops it (S-8)
    o.ladder.push_back(
        {c.now_ms(), true, "the announced body anyway (keeps the connection in sync)"});
    c.write(request_head(s, "HTTP/1.1", {}, 0));
    o.ladder.push_back(
        {c.now_ms(), true, s.method + " " + s.where.target + " (a second request, no body)"});
    auto second = c.next_response(std::chrono::milliseconds(5000));
    if (second) {
        o.ladder.push_back(
            {second->at_ms, false, std::to_string(second->status) + " " + second->reason});
        o.continue_ms.reset();
        o.echo = std::to_string(second->status);
    } else {
        o.ladder.push_back({c.now_ms(), false, c.closed() ? "connection closed" : "(silence)"});
    }
    return o;
}

// The same question over HTTP/2: after an early final the stream is over (the held body is
// never sent and the stream cancelled, H2-7); a second request goes on a new stream of the same
// connection, which an early answer must not have broken (H2-12).
outcome reuse_after_early_final_h2(asio::io_context& io, const settings& s) {
    outcome o;
    o.name = "reuse_after_early_final";
    o.question = "After an early final response, is the connection still usable?";
    probe::h2_connection c(io, s.where, s.tls, s.method);
    o.error = c.connect();
    if (!o.error.empty()) return o;
    c.send_request({}, {"Expect: x-unknown-expectation"}, small_body.size(), false);
    o.ladder.push_back(
        {c.now_ms(), true, c.request_line() + " + Expect: x-unknown-expectation (body held)"});
    auto r = c.next_response(s.wait);
    while (r && r->status < 200) {
        o.ladder.push_back({r->at_ms, false, std::to_string(r->status) + " " + r->reason});
        r = c.next_response(s.wait);
    }
    if (!r) {
        o.ladder.push_back({c.now_ms(), false, c.closed() ? "stream closed" : "(no early answer)"});
        return o;
    }
    o.ladder.push_back({r->at_ms, false, std::to_string(r->status) + " " + r->reason});
    o.final_status = r->status;
    c.cancel();  // the body is never sent: this stream is done (H2-6)
    o.ladder.push_back({c.now_ms(), true, "RST_STREAM(CANCEL): the held body is not sent"});
    c.send_request({}, {}, 0, false);
    o.ladder.push_back({c.now_ms(), true, c.request_line() + " (a second stream, no body)"});
    auto second = c.next_response(std::chrono::milliseconds(5000));
    if (second) {
        o.ladder.push_back(
            {second->at_ms, false, std::to_string(second->status) + " " + second->reason});
        o.echo = std::to_string(second->status);
    } else {
        o.ladder.push_back({c.now_ms(), false, c.closed() ? "connection closed" : "(silence)"});
    }
    return o;
}

// Every experiment on one kind of connection. HTTP/1.0 has no HTTP/2 form: skipped there.
template <class Connection>
std::vector<outcome> run_experiments(asio::io_context& io, const settings& s) {
    using bt = step_plan::body_timing;
    const std::size_t n = small_body.size();
    constexpr bool h1 = std::is_same_v<Connection, probe_connection>;
    std::vector<outcome> runs;
    runs.push_back(exchange<Connection>(io, s, "expect_and_wait", "Is a 100 sent, and how soon?",
                                        "HTTP/1.1", {"Expect: 100-continue"}, n,
                                        bt::after_100_or_wait));
    runs.push_back(exchange<Connection>(io, s, "body_at_once",
                                        "Is a body sent with the head accepted?", "HTTP/1.1",
                                        {"Expect: 100-continue"}, n, bt::at_once));
    runs.push_back(exchange<Connection>(
        io, s, "body_after_wait", "The outage's move: no 100, the body after the wait", "HTTP/1.1",
        {"Expect: 100-continue"}, n, bt::after_wait_only));
    runs.push_back(exchange<Connection>(
        io, s, "unknown_expectation", "An expectation nobody knows: 417?", "HTTP/1.1",
        {"Expect: x-unknown-expectation"}, n, bt::after_100_or_wait));
    runs.push_back(exchange<Connection>(
        io, s, "two_expect_lines", "Expect split over two field lines", "HTTP/1.1",
        {"Expect: 100-continue", "Expect: 100-continue"}, n, bt::after_100_or_wait));
    runs.push_back(exchange<Connection>(io, s, "continue_and_unknown", "Expect: 100-continue, foo",
                                        "HTTP/1.1", {"Expect: 100-continue, foo"}, n,
                                        bt::after_100_or_wait));
    if constexpr (h1) {
        runs.push_back(exchange<Connection>(
            io, s, "http10_expect", "HTTP/1.0 with Expect: any 1xx is a violation", "HTTP/1.0",
            {"Expect: 100-continue"}, n, bt::after_100_or_wait));
    }
    runs.push_back(exchange<Connection>(io, s, "zero_length", "Content-Length: 0 with Expect",
                                        "HTTP/1.1", {"Expect: 100-continue"}, 0,
                                        bt::after_100_or_wait));
    runs.push_back(h1 ? reuse_after_early_final(io, s) : reuse_after_early_final_h2(io, s));
    return runs;
}

// ---- Verdicts
// ---------------------------------------------------------------------------------------

struct verdict {
    std::string experiment;
    std::string finding;
    std::string rfc;
    std::string meaning;
    bool violation = false;
};

bool ok_status(unsigned s) {
    return s >= 200 && s < 300;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "suite") {
        return run_program("expect100-probe suite",
                           [&] { return suite::suite_main(argc - 1, argv + 1); });
    }
    return run_program("expect100-probe", [&]() -> int {
        po::options_description desc("options");
        desc.add_options()("help,h", "print this help")("url", po::value<std::string>()->required(),
                                                        "http:// or https:// URL to probe")(
            "json", "print the findings as JSON (stable codes; docs/programs/probe.md)")(
            "summary", "print the verdict table only, without the ladders")(
            "wait", po::value<unsigned>()->default_value(1000), "how long to wait for a 100, ms")(
            "method", po::value<std::string>()->default_value("POST"), "request method")(
            "path", po::value<std::string>(), "request target (default: the URL's)")(
            "cacert", po::value<std::string>()->default_value(""),
            "CA file (default: the system's store)")("insecure,k",
                                                     "do not verify the server's certificate")(
            "http2",
            "every experiment on an HTTP/2 stream: ALPN h2 over https, prior knowledge "
            "over http (http10_expect has no HTTP/2 form)");
        po::positional_options_description positional;
        positional.add("url", 1);
        po::variables_map vm;
        if (!parse_command_line(
                argc, argv, desc, positional, vm,
                "expect100-probe URL [--json] [--wait MS] [--method M] [--path P]")) {
            return exit_ok;
        }
        settings s;
        s.where = parse_url(vm["url"].as<std::string>());
        if (vm.count("path") != 0) s.where.target = vm["path"].as<std::string>();
        s.method = vm["method"].as<std::string>();
        s.wait = std::chrono::milliseconds(vm["wait"].as<unsigned>());
        s.http2 = vm.count("http2") != 0;
        const bool as_json = vm.count("json") != 0;
        const bool summary = vm.count("summary") != 0;
        std::optional<ssl::context> tls;
        if (s.where.https) {
            tls.emplace(client_tls(vm["cacert"].as<std::string>(),
                                   vm.count("insecure") != 0 ? peer_verification::insecure
                                                             : peer_verification::verify));
            offer_alpn(*tls, s.http2 ? alpn_offer::h2_and_http1 : alpn_offer::http1_only);
            s.tls = &*tls;
        }
        asio::io_context io(1);
        std::vector<outcome> runs = s.http2 ? run_experiments<probe::h2_connection>(io, s)
                                            : run_experiments<probe_connection>(io, s);

        // ---- Findings -------------------------------------------------------------------------
        std::vector<verdict> verdicts;
        std::vector<std::string> codes;
        const auto add = [&](outcome& o, std::string code, std::string rfc, std::string meaning,
                             bool violation) {
            o.findings.push_back(code);
            codes.push_back(code);
            verdicts.push_back(
                {o.name, std::move(code), std::move(rfc), std::move(meaning), violation});
        };
        outcome& wait_run = runs[0];
        const bool got_100 = wait_run.continue_ms.has_value();
        if (!wait_run.error.empty())
            add(wait_run, "transport_error", "-", wait_run.error, true);
        else if (got_100) {
            char ms[32];
            std::snprintf(ms, sizeof ms, "%.1f", *wait_run.continue_ms);
            add(wait_run, "continue_received", "RFC 9110 §10.1.1, §15.2.1",
                std::string("a 100 came ") + ms + " ms after the head", false);
        } else {
            add(wait_run, "no_continue", "RFC 9110 §10.1.1 (S-3, P-4)",
                "no 100 within the wait: the client's timer decides (a withheld 100, or a silent "
                "origin)",
                false);
        }
        // Who sent the 100? expect100-origin echoes the Expect it saw ({"expect":...}): null means
        // something in front removed it, so the 100 was that intermediary's own (nginx, Envoy).
        enum class continue_source { unknown, relayed, intermediary };
        continue_source source = continue_source::unknown;
        if (got_100 && ok_status(wait_run.final_status)) {
            error_code jec;
            const json::value echo = json::parse(wait_run.echo, jec);
            if (!jec && echo.is_object() && echo.as_object().contains("expect")) {
                source = echo.as_object().at("expect").is_null() ? continue_source::intermediary
                                                                 : continue_source::relayed;
            }
        }
        if (source == continue_source::intermediary) {
            add(wait_run, "continue_from_intermediary", "RFC 9110 §10.1.1 (P-11)",
                "Expect never reached the origin: an intermediary answered the 100 itself", false);
        } else if (source == continue_source::relayed) {
            add(wait_run, "continue_relayed", "RFC 9110 §10.1.1 (P-1, P-4)",
                "Expect reached the origin and its 100 was relayed", false);
        }
        outcome& at_once = runs[1];
        if (ok_status(at_once.final_status)) {
            add(at_once, "early_body_accepted", "RFC 9110 §10.1.1 (P-12, S-15)",
                "a body sent without waiting is read as the request's content", false);
        } else if (at_once.final_status != 0) {
            add(at_once, "early_body_rejected", "RFC 9110 §10.1.1 (P-12)",
                "a body sent without waiting was refused with " +
                    std::to_string(at_once.final_status),
                true);
        }
        outcome& after_wait = runs[2];
        if (!after_wait.continue_ms && after_wait.final_status != 0) {
            if (ok_status(after_wait.final_status)) {
                add(after_wait, "body_without_continue_accepted", "RFC 9110 §10.1.1 (C-3, P-12)",
                    "the body sent after the wait (no 100) was accepted", false);
            } else {
                add(after_wait, "body_without_continue_rejected",
                    "RFC 9110 §10.1.1 (P-12); the outage",
                    "the body sent after the wait (no 100) was refused with " +
                        std::to_string(after_wait.final_status) +
                        ": clients that wait then send fail",
                    true);
            }
        }
        outcome& unknown = runs[3];
        if (unknown.final_status == 417) {
            add(unknown, "unknown_expectation_417", "RFC 9110 §10.1.1 (S-11)",
                "an unknown expectation is refused with 417 (allowed)", false);
        } else if (unknown.final_status != 0) {
            add(unknown, "unknown_expectation_ignored", "RFC 9110 §10.1.1 (S-11, P-6)",
                "an unknown expectation was ignored or passed on", false);
        }
        for (int i : {4, 5}) {
            outcome& o = runs[static_cast<std::size_t>(i)];
            const std::string base = i == 4 ? "two_expect_lines" : "continue_with_unknown";
            if (o.continue_ms)
                add(o, base + "_continue", "RFC 9110 §5.3, §10.1.1 (G-6)", "a 100 came", false);
            else if (o.final_status == 417)
                add(o, base + "_417", "RFC 9110 §10.1.1 (G-6)", "refused with 417", false);
            else if (o.final_status != 0)
                add(o, base + "_no_continue", "RFC 9110 §10.1.1 (G-6)",
                    "no 100; final " + std::to_string(o.final_status), false);
        }
        if (!s.http2) {  // HTTP/1.0 has no HTTP/2 form
            outcome& h10 = runs[6];
            bool h10_1xx = false;
            for (const rung& r : h10.ladder) {
                if (!r.out && r.text.size() > 1 && r.text[0] == '1') h10_1xx = true;
            }
            if (h10_1xx)
                add(h10, "http10_got_1xx", "RFC 9110 §15.2 (S-2, P-5)",
                    "a 1xx was sent to an HTTP/1.0 client: a violation", true);
            else if (h10.final_status != 0)
                add(h10, "http10_no_1xx", "RFC 9110 §15.2 (S-2)", "no 1xx to HTTP/1.0", false);
        }
        outcome& zero = runs[runs.size() - 2];
        if (zero.continue_ms)
            add(zero, "zero_length_continue", "RFC 9110 §10.1.1 (S-5)",
                "a 100 for a request without content (harmless, unneeded)", false);
        else if (zero.final_status != 0)
            add(zero, "zero_length_no_continue", "RFC 9110 §10.1.1 (S-5)",
                "no 100 for a request without content", false);

        outcome& reuse = runs.back();
        if (reuse.final_status == 0) {
            add(reuse, "early_final_not_observed", "-",
                "no early final response to test reuse with", false);
        } else if (reuse.echo == "400") {
            add(reuse, "desync_after_early_final", "RFC 9110 §10.1.1 (S-8); RFC 9112 §6.3",
                "after the early " + std::to_string(reuse.final_status) +
                    ", the refused body was read as a new request (400): a smuggling hazard",
                true);
        } else if (!reuse.echo.empty()) {
            add(reuse, "reuse_after_early_final_ok", "RFC 9110 §10.1.1 (S-8, C-12)",
                "the connection served a second request after an early " +
                    std::to_string(reuse.final_status),
                false);
        } else {
            bool announced = false;
            for (const rung& r : reuse.ladder)
                announced = announced || r.text.find("Connection: close") != std::string::npos;
            add(reuse,
                announced ? "closed_after_early_final" : "closed_after_early_final_unannounced",
                "RFC 9110 §10.1.1 (S-7, S-9)",
                announced
                    ? "the early answer said Connection: close, and the connection closed"
                    : "the connection could not be reused and the early answer did not say so",
                !announced);
        }

        // ---- Which known system this looks like
        // ---------------------------------------------------
        const auto has = [&](const std::string& c) {
            for (const auto& x : codes)
                if (x == c) return true;
            return false;
        };
        std::string like;
        std::vector<std::string> also;
        std::string advice;
        if (has("body_without_continue_rejected")) {
            like = "kemp_rfc2616_strict";
            advice =
                "the outage: an intermediary withholds the 100 and refuses the late body. Relay "
                "the "
                "origin's 100 (P-4) and treat a body that comes first as content (P-12); on KEMP, "
                "'RFC-7231 Compliant' stops the 501, relaying the 100 removes the wait";
        } else if (has("no_continue") && has("body_without_continue_accepted")) {
            like = "kemp_rfc7231";
            advice =
                "no 100 ever reaches the client, so every upload waits out the client's timer. If "
                "the "
                "origin sends 100, something in between withholds it: relay it (P-4) or answer it "
                "(rfc9110_intermediary's grace 100)";
        } else if (has("continue_from_intermediary")) {
            like = "nginx_proxy";
            also = {"envoy", "gateway_self_100", "haproxy_buffer"};
            advice =
                "an intermediary answers 100 itself and strips Expect: the origin can no longer "
                "refuse before the upload (a 413 or 401 costs the whole body)";
        } else if (has("continue_received") && has("early_body_accepted")) {
            like = has("unknown_expectation_417") ? "squid" : "rfc9110_intermediary";
            also = {"haproxy", "passthrough_proxy"};
            advice = "conformant: a 100 comes and early bodies are accepted";
        } else if (has("early_body_rejected")) {
            like = "kemp_rfc2616_strict";
            advice =
                "a body sent with its head is refused: accept it as the request's content (P-12)";
        } else {
            like = "unknown";
            advice = "see the findings";
        }
        if (has("http10_got_1xx")) advice += "; never send 1xx to HTTP/1.0 clients (S-2)";

        // ---- Output
        // ------------------------------------------------------------------------------
        if (as_json) {
            json::object out;
            out["url"] = vm["url"].as<std::string>();
            out["wait_ms"] = s.wait.count();
            json::array experiments;
            for (const outcome& o : runs) {
                json::object e;
                e["name"] = o.name;
                e["final_status"] = o.final_status;
                if (o.continue_ms)
                    e["continue_ms"] = *o.continue_ms;
                else
                    e["continue_ms"] = nullptr;
                if (!o.error.empty()) e["error"] = o.error;
                json::array f;
                for (const auto& c : o.findings)
                    f.emplace_back(json::string(c));
                e["findings"] = f;
                json::array ladder;
                for (const rung& r : o.ladder) {
                    ladder.emplace_back(json::object{
                        {"ms", r.at_ms}, {"dir", r.out ? "out" : "in"}, {"what", r.text}});
                }
                e["ladder"] = ladder;
                experiments.emplace_back(e);
            }
            out["experiments"] = experiments;
            json::array all;
            for (const auto& c : codes)
                all.emplace_back(json::string(c));
            out["findings"] = all;
            out["behaves_like"] = like;
            json::array alternatives;
            for (const auto& a : also)
                alternatives.emplace_back(json::string(a));
            out["also_like"] = alternatives;
            out["advice"] = advice;
            std::printf("%s\n", json::serialize(out).c_str());
            return exit_ok;
        }
        for (const outcome& o : runs) {
            if (summary) break;
            std::printf("\n%s — %s\n", o.name.c_str(), o.question.c_str());
            for (const rung& r : o.ladder) {
                std::printf("  %9.1f ms   probe %s %s\n", r.at_ms, r.out ? "──▶" : "◀──",
                            r.text.c_str());
            }
            if (!o.error.empty()) std::printf("  (%s)\n", o.error.c_str());
        }
        std::printf("\n%-24s %-34s %-34s %s\n", "experiment", "finding", "RFC", "meaning");
        for (const verdict& v : verdicts) {
            std::printf("%-24s %s%-32s %-34s %s\n", v.experiment.c_str(), v.violation ? "✗ " : "  ",
                        v.finding.c_str(), v.rfc.c_str(), v.meaning.c_str());
        }
        std::string others;
        for (const auto& a : also)
            others += (others.empty() ? " (or " : ", ") + a;
        if (!others.empty()) others += ")";
        std::printf("\nbehaves like: %s%s\nadvice: %s\n", like.c_str(), others.c_str(),
                    advice.c_str());
        return exit_ok;
    });
}
