// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-chaos: thousands of exchanges through a proxy with faults mixed in, each checked.
// Used by tests/soak/soak.sh against expect100-proxy (built with ASan+UBSan) in front of
// `expect100-origin --faults`.
//
// Each worker thread loops over exchanges on its own connection, choosing a kind at random
// (seeded): a normal Expect upload whose body must come back intact (SHA-256 of the origin's
// echo), a client that aborts after the head or mid-body, a slow head that completes, a slow head
// abandoned, a huge head (431), three pipelined requests in one write (three answers, in order),
// an origin that floods 1000 x 103 (the upload must still succeed), an origin that resets the
// connection (502), an origin that goes down half-way through the body (502), a client that
// gives up half-way through a 4 MiB response, bytes that are not HTTP (400 or a close), and with
// --tls-target: uploads over TLS (intact) and TLS connections dropped mid-body without a
// close_notify. A failure is a wrong answer, a body not intact, or no answer within 10 s.
// Prints a JSON line of counts; exits 1 on any failure.
#include "../../examples/common/net.hpp"
#include "../../examples/common/program.hpp"

#include <expect100/beast/response_reader.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <boost/json/src.hpp>  // header-only Boost.JSON, in this one translation unit

#include <array>
#include <atomic>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <sys/time.h>

namespace {

using namespace expect100;
using namespace expect100::examples;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

enum kind : int {
    normal,
    abort_after_head,
    abort_mid_body,
    slow_head,
    slow_head_abandoned,
    slow_body,
    slow_body_abandoned,
    huge_head,
    pipelined_burst,
    origin_flood,
    origin_reset,
    not_http,
    origin_down_mid_body,
    abort_mid_response,
    tls_normal,
    tls_abort_mid_body,
    kind_count
};
const char* const kind_names[kind_count] = {"normal",
                                            "abort_after_head",
                                            "abort_mid_body",
                                            "slow_head",
                                            "slow_head_abandoned",
                                            "slow_body",
                                            "slow_body_abandoned",
                                            "huge_head",
                                            "pipelined_burst",
                                            "origin_flood",
                                            "origin_reset",
                                            "not_http",
                                            "origin_down_mid_body",
                                            "abort_mid_response",
                                            "tls_normal",
                                            "tls_abort_mid_body"};
constexpr bool over_tls(kind k) {
    return k == tls_normal || k == tls_abort_mid_body;
}

struct counts {
    std::array<std::atomic<std::uint64_t>, kind_count> done{};
    std::array<std::atomic<std::uint64_t>, kind_count> failed{};
    std::atomic<std::uint64_t> interims{0};
    std::mutex log_mutex;
};

struct response {
    unsigned status = 0;
    std::string body;
    bool close = false;
};

// One client connection, plain or TLS (when given a context), with blocking reads and writes.
class client : private beast::content_sink {
public:
    client(asio::io_context& io, const tcp::endpoint& ep, counts& c, ssl::context* tls = nullptr)
        : io_(io), ep_(ep), c_(c), tls_ctx_(tls) {}

    // A fresh connection with a 10 s receive timeout (a hang is a failure, not a stuck test).
    void connect() {
        close();
        if (tls_ctx_ != nullptr) {
            tls_.emplace(io_, *tls_ctx_);
            tls_->next_layer().connect(ep_);
            tune(tls_->next_layer());
            tls_->handshake(ssl::stream_base::client);
        } else {
            sock_.emplace(io_);
            sock_->connect(ep_);
            tune(*sock_);
        }
        pending_.clear();
    }
    // Closes the TCP connection; over TLS without a close_notify (a peer that just vanishes).
    void close() {
        error_code ignored;
        if (sock_) sock_->close(ignored);
        if (tls_) tls_->next_layer().close(ignored);
        sock_.reset();
        tls_.reset();
    }
    bool open() const { return sock_.has_value() || tls_.has_value(); }

    bool send(const std::string& bytes) {
        error_code ec;
        if (tls_)
            asio::write(*tls_, asio::buffer(bytes), ec);
        else
            asio::write(*sock_, asio::buffer(bytes), ec);
        return !ec;
    }
    // Reads and drops up to `n` bytes of what follows (the start of a long response body).
    void read_some_of(std::size_t n) {
        std::size_t got = pending_.size();
        std::array<char, 16384> buf{};
        while (got < n) {
            error_code ec;
            const std::size_t k = read_some(asio::buffer(buf), ec);
            if (ec) return;
            got += k;
        }
    }

    // The next response; with skip_interim, the next final one (1xx counted and skipped).
    // nullopt on close, timeout or garbage.
    std::optional<response> read_response(bool skip_interim) {
        if (!reader_.in_response()) {
            reader_.expect(request_method::post);
            body_.clear();
        }
        bool closed = false;
        for (;;) {
            const beast::response_step s = closed ? reader_.put_eof() : reader_.put(pending_);
            pending_.erase(0, s.used);
            switch (s.event) {
            case beast::response_event::interim_head:
                ++c_.interims;
                if (skip_interim) continue;
                return response{reader_.facts().status, {}, false};
            case beast::response_event::final_head: continue;
            case beast::response_event::complete:
                return response{reader_.facts().status, body_,
                                reader_.facts().connection == connection_intent::close};
            case beast::response_event::closed:
            case beast::response_event::unsolicited:
            case beast::response_event::error: return std::nullopt;
            case beast::response_event::need_more: break;
            }
            std::array<char, 16384> buf{};
            error_code ec;
            const std::size_t n = read_some(asio::buffer(buf), ec);
            if (ec) {
                closed = true;
                continue;
            }
            pending_.append(buf.data(), n);
        }
    }

    // The next response's head only (its body left unread); nullopt on close or garbage.
    std::optional<unsigned> read_status_line() {
        std::array<char, 16384> buf{};
        while (pending_.find("\r\n") == std::string::npos) {
            error_code ec;
            const std::size_t n = read_some(asio::buffer(buf), ec);
            if (ec) return std::nullopt;
            pending_.append(buf.data(), n);
        }
        if (pending_.compare(0, 9, "HTTP/1.1 ") != 0 || pending_.size() < 12) return std::nullopt;
        return static_cast<unsigned>(std::stoul(pending_.substr(9, 3)));
    }

private:
    void on_content(std::string_view b) override { body_.append(b); }

    static void tune(tcp::socket& s) {
        s.set_option(tcp::no_delay(true));
        timeval tv{10, 0};
        setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    std::size_t read_some(const asio::mutable_buffer& b, error_code& ec) {
        return tls_ ? tls_->read_some(b, ec) : sock_->read_some(b, ec);
    }

    asio::io_context& io_;
    tcp::endpoint ep_;
    counts& c_;
    ssl::context* tls_ctx_;
    std::optional<ssl::stream<tcp::socket>> tls_;
    std::optional<tcp::socket> sock_;
    beast::response_reader reader_{this};
    std::string pending_;
    std::string body_;
};

std::string head(const std::string& path, std::size_t length, bool expect) {
    return "POST " + path + " HTTP/1.1\r\nHost: soak\r\nContent-Length: " + std::to_string(length) +
           (expect ? "\r\nExpect: 100-continue" : "") + "\r\n\r\n";
}

// One exchange of kind k on the client's connection. @return whether it went as it must.
// Every request gets a target of its own (`/soak/<worker>-<n>`, `/fault/flood/<worker>-<n>`):
// soak.sh reads the origin's access log to prove none arrived twice.
bool exchange(client& cl, kind k, std::mt19937& rng, const std::string& body,
              const std::string& body_sha, const std::function<std::string(const char*)>& target) {
    const auto intact = [&](const std::optional<response>& r) {
        return r && r->status == 200 &&
               r->body.find("\"sha256\":\"" + body_sha + "\"") != std::string::npos;
    };
    // Expect, wait for the 100 (1xx before it skipped), then the body, then the final response.
    const auto upload = [&](const std::string& path) {
        cl.send(head(path, body.size(), true));
        for (;;) {
            auto r = cl.read_response(false);
            if (!r) return r;
            if (r->status == 100) break;
            if (r->status >= 200) return r;  // an early final: the body is not sent
        }
        cl.send(body);
        return cl.read_response(true);
    };
    switch (k) {
    case normal:
    case tls_normal:
    case origin_flood: {
        const auto r = upload(target(k == origin_flood ? "/fault/flood/" : "/soak/"));
        if (!r || r->close) cl.close();
        return intact(r);
    }
    case tls_abort_mid_body:
        cl.send(head(target("/soak/"), body.size(), false) + body.substr(0, body.size() / 2));
        cl.close();  // no close_notify: the TLS session just ends
        return true;
    case origin_down_mid_body: {
        // The 100 comes, the body streams, the origin resets half-way: the proxy cannot deliver
        // the rest, so 502 (P-9: no retry) and the connection closes.
        const auto r = upload(target("/fault/reset-mid-body/"));
        cl.close();
        return r && r->status == 502;
    }
    case abort_mid_response: {
        // 4 MiB come back; the client reads the status line and 64 KiB, then hangs up.
        cl.send(head(target("/fault/big/"), 3, false) + "abc");
        const auto status = cl.read_status_line();
        if (status) cl.read_some_of(64U * 1024U);
        cl.close();
        return status && *status == 200;
    }
    case abort_after_head:
        cl.send(head(target("/soak/"), body.size(), true));
        cl.close();
        return true;
    case abort_mid_body:
        cl.send(head(target("/soak/"), body.size(), false) + body.substr(0, body.size() / 2));
        cl.close();
        return true;
    case slow_head: {
        const std::string h = head(target("/soak/"), body.size(), false);
        for (std::size_t i = 0; i < h.size(); i += h.size() / 4 + 1) {
            cl.send(h.substr(i, h.size() / 4 + 1));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        cl.send(body);
        const auto r = cl.read_response(true);
        if (!r || r->close) cl.close();
        return intact(r);
    }
    case slow_head_abandoned:
        cl.send("POST /soak HTTP/1.1\r\nHost: so");
        std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 50));
        cl.close();
        return true;
    case slow_body: {
        // The body in 8 pieces 15 ms apart (a slow client, well inside the request timeout).
        cl.send(head(target("/soak/"), body.size(), false));
        const std::size_t piece = body.size() / 8;
        for (std::size_t i = 0; i < body.size(); i += piece) {
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
            cl.send(body.substr(i, piece));
        }
        const auto r = cl.read_response(true);
        if (!r || r->close) cl.close();
        return intact(r);
    }
    case slow_body_abandoned:
        cl.send(head(target("/soak/"), body.size(), false) + body.substr(0, 100));
        std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 50));
        cl.close();
        return true;
    case huge_head: {
        cl.send("GET /soak HTTP/1.1\r\nHost: soak\r\nX-Big: " + std::string(40000, 'a') +
                "\r\n\r\n");
        const auto r = cl.read_response(true);
        cl.close();
        return r && r->status == 431;
    }
    case pipelined_burst: {
        std::string three;
        for (int i = 0; i < 3; ++i)
            three += head(target("/soak/"), 3, false) + "abc";
        cl.send(three);
        bool all = true;
        for (int i = 0; i < 3; ++i) {
            const auto r = cl.read_response(true);
            all =
                all && r && r->status == 200 && r->body.find("\"length\":3,") != std::string::npos;
            if (!r) break;
        }
        if (!all) cl.close();
        return all;
    }
    case origin_reset: {
        cl.send(head(target("/fault/reset/"), body.size(), false) + body);
        const auto r = cl.read_response(true);
        cl.close();  // 502 with close, or the proxy closed: either way a new connection
        return r && r->status == 502;
    }
    case not_http: {
        std::string junk(64, '\0');
        for (char& ch : junk)
            ch = static_cast<char>(rng() % 256);
        cl.send(junk + "\r\n\r\n");
        const auto r = cl.read_response(true);
        cl.close();
        return !r || r->status == 400;
    }
    case kind_count: break;
    }
    return false;
}

void worker(const tcp::endpoint& ep, const std::optional<tcp::endpoint>& tls_ep, ssl::context& tls,
            counts& c, std::atomic<std::int64_t>& left, unsigned seed, const std::string& body,
            const std::string& body_sha) {
    asio::io_context io;
    client plain_cl(io, ep, c);
    client tls_cl(io, tls_ep.value_or(ep), c, &tls);
    std::mt19937 rng(seed);
    std::uint64_t n = 0;
    const std::function<std::string(const char*)> target = [&](const char* prefix) {
        return prefix + std::to_string(seed) + "-" + std::to_string(++n);
    };
    const int kinds = tls_ep ? kind_count : tls_normal;  // the TLS kinds come last
    while (left.fetch_sub(1) > 0) {
        const auto k = static_cast<kind>(rng() % static_cast<unsigned>(kinds));
        client& cl = over_tls(k) ? tls_cl : plain_cl;
        bool ok = false;
        try {
            if (!cl.open()) cl.connect();
            ok = exchange(cl, k, rng, body, body_sha, target);
        } catch (const std::exception& e) {
            ok = false;
            std::lock_guard<std::mutex> lock(c.log_mutex);
            std::fprintf(stderr, "%s: %s\n", kind_names[k], e.what());
        }
        ++c.done[static_cast<std::size_t>(k)];
        if (!ok) {
            ++c.failed[static_cast<std::size_t>(k)];
            cl.close();
            std::lock_guard<std::mutex> lock(c.log_mutex);
            std::fprintf(stderr, "failed: %s\n", kind_names[k]);
        }
    }
    plain_cl.close();
    tls_cl.close();
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-chaos", [&]() -> int {
        po::options_description desc("options");
        desc.add_options()("help,h", "print this help")(
            "target", po::value<std::string>()->required(), "HOST:PORT of the proxy")(
            "tls-target", po::value<std::string>(),
            "HOST:PORT of the same proxy behind TLS "
            "(adds the TLS kinds; no verification)")(
            "exchanges", po::value<std::int64_t>()->default_value(2000), "how many exchanges")(
            "workers", po::value<unsigned>()->default_value(8), "concurrent connections")(
            "seed", po::value<unsigned>()->default_value(1), "random seed");
        po::variables_map vm;
        if (!parse_command_line(
                argc, argv, desc, {}, vm,
                "expect100-chaos --target HOST:PORT [--exchanges N] [--workers N]")) {
            return exit_ok;
        }
        asio::io_context io;
        const tcp::endpoint ep = resolve_one(io, parse_host_port(vm["target"].as<std::string>()));
        std::optional<tcp::endpoint> tls_ep;
        if (vm.count("tls-target") != 0) {
            tls_ep = resolve_one(io, parse_host_port(vm["tls-target"].as<std::string>()));
        }
        ssl::context tls = client_tls({}, peer_verification::insecure);
        std::string body(16384, 'b');
        for (std::size_t i = 0; i < body.size(); ++i)
            body[i] = static_cast<char>('a' + i * 7 % 26);
        sha256 h;
        h.update(body);
        const std::string body_sha = h.hex();

        counts c;
        std::atomic<std::int64_t> left{vm["exchanges"].as<std::int64_t>()};
        std::vector<std::thread> threads;
        const unsigned workers = std::max(1U, vm["workers"].as<unsigned>());
        for (unsigned i = 0; i < workers; ++i) {
            threads.emplace_back(worker, std::cref(ep), std::cref(tls_ep), std::ref(tls),
                                 std::ref(c), std::ref(left), vm["seed"].as<unsigned>() * 1000 + i,
                                 std::cref(body), std::cref(body_sha));
        }
        for (auto& t : threads)
            t.join();
        std::uint64_t total = 0, failed = 0;
        boost::json::object kinds;
        for (std::size_t k = 0; k < kind_count; ++k) {
            total += c.done[k];
            failed += c.failed[k];
            kinds[kind_names[k]] = boost::json::array{c.done[k].load(), c.failed[k].load()};
        }
        const boost::json::object report{{"exchanges", total},
                                         {"failures", failed},
                                         {"interims_seen", c.interims.load()},
                                         {"per_kind_done_failed", kinds}};
        std::printf("%s\n", boost::json::serialize(report).c_str());
        return failed == 0 ? exit_ok : exit_failure;
    });
}
