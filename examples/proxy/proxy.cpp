// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-proxy: a reverse proxy (one upstream) that gets Expect: 100-continue right, or
// reproduces how a named system gets it wrong (--preset).
//
// What it shows: how to run the intermediary machine on Asio (session.hpp has the wiring; this
// file is the command line, threads and shutdown). One io_context per thread, each with its own
// SO_REUSEPORT acceptor and upstream pool; nothing is shared between threads.
//
//   expect100-proxy --listen 127.0.0.1:0 --upstream 127.0.0.1:8080 --preset kemp_rfc2616_strict
//
// SIGINT/SIGTERM: stop accepting, let exchanges in flight finish (at most --drain-ms), exit 0.
#include "../common/http.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"
#include "../common/protocol_choice.hpp"
#include "h2_session.hpp"
#include "session.hpp"

#include <expect100/presets.hpp>

#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

namespace {

using namespace expect100;
using namespace expect100::examples;

intermediary_policy policy_for(const std::string& name) {
    const auto found =
        presets::policy_named<presets::intermediary_presets<>, intermediary_policy>(name);
    if (!found)
        throw usage_error("unknown --preset '" + name +
                          "'; the presets are: " + preset_names<presets::intermediary_presets<>>());
    return *found;
}

// ---- File descriptors --------------------------------------------------------------------------
// Every proxied connection holds two descriptors (the client's and the upstream's). Debian's
// default soft limit (1024) would hold about 500, so at start the soft limit is raised as far as
// the hard limit allows, as HAProxy and nginx (worker_rlimit_nofile) do.
struct descriptor_limit {
    rlim_t before = 0;
    rlim_t now = 0;
};

descriptor_limit raise_descriptor_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0) return {};
    descriptor_limit d{r.rlim_cur, r.rlim_cur};
    // An unlimited hard limit still stops at the kernel's fs.nr_open; 1 Mi is its default.
    const rlim_t target = r.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : r.rlim_max;
    if (target > r.rlim_cur) {
        r.rlim_cur = target;
        if (setrlimit(RLIMIT_NOFILE, &r) == 0) d.now = target;
    }
    return d;
}

// The default --max-connections: two descriptors each, with room kept for the listeners, idle
// pooled upstream connections' churn and the standard streams.
std::size_t default_max_connections(rlim_t limit) {
    const rlim_t reserve = 64;
    const std::size_t pairs = limit > 2 * reserve ? (limit - reserve) / 2 : 16;
    return pairs;
}

struct worker {
    explicit worker(std::size_t max_idle) : io(1), state(io, max_idle), pause(io) {}
    asio::io_context io;
    thread_state state;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::weak_ptr<session>> sessions;  // for draining; pruned as it grows
    std::vector<std::weak_ptr<h2_session>> h2_sessions;
    asio::steady_timer pause;      // accepting resumes when it fires
    std::size_t max_sessions = 0;  // this thread's share of --max-connections
    bool said_full = false;        // "out of descriptors" is logged once per episode
};

void accept_loop(worker& w, const proxy_config& config);

template <class Session>
void prune(std::vector<std::weak_ptr<Session>>& v, std::size_t live) {
    if (v.size() <= 2 * live + 64) return;
    v.erase(std::remove_if(v.begin(), v.end(), [](const auto& p) { return p.expired(); }), v.end());
}

void start_http1(worker& w, std::shared_ptr<session> s) {
    prune(w.sessions, w.state.sessions);
    w.sessions.push_back(s);
    s->start();
}

void start_h2(worker& w, stream io, const proxy_config& config) {
    auto s = std::make_shared<h2_session>(std::move(io), w.state, config);
    prune(w.h2_sessions, w.state.sessions);
    w.h2_sessions.push_back(s);
    s->start();
}

// HTTP/1.1 or HTTP/2, by ALPN or (--h2c) by the client's first bytes.
void open_connection(worker& w, const proxy_config& config, tcp::socket socket) {
    choose_protocol(w.io, std::move(socket), config.downstream_tls, config.h2c,
                    config.request_timeout, [&w, &config](stream io, wire_protocol p) {
                        if (p == wire_protocol::h2) return start_h2(w, std::move(io), config);
                        start_http1(w, std::make_shared<session>(std::move(io), w.state, config,
                                                                 tls_handshake::done));
                    });
}

// Accepting stops for a moment: at --max-connections (the connection waits in the kernel's
// backlog until a session ends), or when accept() failed for want of descriptors or memory.
// Retrying at once would spin a core on the same failure (the listening socket stays readable
// while the connection waits), so it waits; 10 wakeups a second cost nothing.
void pause_accepting(worker& w, const proxy_config& config) {
    w.pause.expires_after(std::chrono::milliseconds(100));
    w.pause.async_wait([&w, &config](const error_code& ec) {
        if (ec || !w.acceptor->is_open()) return;
        accept_loop(w, config);
    });
}

bool out_of_resources(const error_code& ec) {
    return ec == asio::error::no_descriptors ||
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

void accept_loop(worker& w, const proxy_config& config) {
    if (w.state.sessions >= w.max_sessions) return pause_accepting(w, config);
    w.acceptor->async_accept([&w, &config](const error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !w.acceptor->is_open()) return;
        if (out_of_resources(ec)) {
            if (!w.said_full) {
                std::fprintf(stderr,
                             "expect100-proxy: cannot accept (%s) with %zu connections "
                             "open on this thread; pausing accepts until one closes\n",
                             ec.message().c_str(), w.state.sessions);
                w.said_full = true;
            }
            return pause_accepting(w, config);
        }
        if (!ec) {
            w.said_full = false;
            socket.set_option(tcp::no_delay(true));
            open_connection(w, config, std::move(socket));
        }
        accept_loop(w, config);
    });
}

// Stop accepting; idle sessions close now, busy ones after their exchange; stop after `bound`.
void drain(worker& w, std::chrono::milliseconds bound) {
    asio::post(w.io, [&w, bound] {
        error_code ignored;
        w.acceptor->close(ignored);
        w.state.draining = true;
        w.state.pool.close_all();
        if (w.state.h2_upstream) w.state.h2_upstream->close_when_idle();
        auto deadline = std::make_shared<asio::steady_timer>(w.io, bound);
        w.state.on_last_session = [deadline] { deadline->cancel(); };
        deadline->async_wait([&w](const error_code& ec) {
            if (!ec) w.io.stop();  // the bound passed with exchanges still open
        });
        for (auto& weak : w.sessions) {
            if (auto s = weak.lock()) s->drain();
        }
        for (auto& weak : w.h2_sessions) {
            if (auto s = weak.lock()) s->drain();
        }
        if (w.state.sessions == 0) deadline->cancel();
    });
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-proxy", [&]() -> int {
        po::options_description options("options");
        options.add_options()("help,h", "print this help")(
            "listen", po::value<std::string>()->default_value("127.0.0.1:0"),
            "HOST:PORT to listen on; port 0 picks a free port (printed as `listening on "
            "HOST:PORT`)")("upstream", po::value<std::string>()->required(),
                           "HOST:PORT of the origin")(
            "preset", po::value<std::string>()->default_value("rfc9110_intermediary"),
            ("intermediary preset: " + preset_names<presets::intermediary_presets<>>()).c_str())(
            "tls-cert", po::value<std::string>(), "certificate chain (PEM): serve HTTPS")(
            "tls-key", po::value<std::string>(), "private key (PEM) of --tls-cert")(
            "upstream-tls", "speak TLS to the upstream")(
            "upstream-cacert", po::value<std::string>()->default_value(""),
            "CA file for the upstream's certificate (default: the system's store)")(
            "upstream-insecure", "do not verify the upstream's certificate")(
            "upstream-http10", "the upstream speaks HTTP/1.0 (P-3: no 100 can come from it)")(
            "upstream-h2",
            "the upstream speaks HTTP/2: one connection per thread, one stream per exchange "
            "(with --upstream-tls, ALPN h2; without, prior knowledge)")(
            "h2c",
            "also accept HTTP/2 in cleartext from clients that open with its preface (prior "
            "knowledge); with --tls-cert, ALPN offers h2 anyway")(
            "no-h2", "with --tls-cert, offer only http/1.1 in ALPN")(
            "h2-window", po::value<std::uint32_t>()->default_value(65535),
            "HTTP/2: each stream's initial window, the most body a client that skips the wait "
            "can send before the origin's 100 (or our own)")(
            "threads", po::value<unsigned>()->default_value(1), "threads, one io_context each")(
            "max-body", po::value<std::uint64_t>()->default_value(0),
            "largest request body in bytes, 413 above it (0: no limit)")(
            "splice-min", po::value<std::uint64_t>()->default_value(64 * 1024),
            "a body with at least this many bytes left moves by splice(2), in the kernel, when "
            "both sides are plain TCP and its length is known (0: always copy)")(
            "max-head", po::value<std::uint32_t>()->default_value(16 * 1024),
            "largest request head in bytes, 431 above it")(
            "request-timeout-ms", po::value<unsigned>()->default_value(30000),
            "a head or body stalled this long: 408 and close")(
            "upstream-timeout-ms", po::value<unsigned>()->default_value(0),
            "upstream silent this long before the final response: 504 (0: the preset's, 60 s)")(
            "idle-timeout-ms", po::value<unsigned>()->default_value(60000),
            "a keep-alive connection idle this long: close")(
            "max-connections", po::value<std::size_t>(),
            "client connections held at once; more wait in the kernel's backlog (default: "
            "what the descriptor limit allows, two per connection; the soft limit is raised "
            "to the hard one at start)")(
            "drain-ms", po::value<unsigned>()->default_value(5000),
            "on SIGINT/SIGTERM, how long exchanges in flight may take to finish")(
            "trace",
            "print each exchange's timeline (stderr), with the reason when it stalled or failed");
        po::variables_map vm;
        if (!parse_command_line(
                argc, argv, options, {}, vm,
                "expect100-proxy --upstream HOST:PORT [--listen HOST:PORT] [--preset NAME] "
                "[--tls-cert F --tls-key F] [--upstream-tls] [--trace]")) {
            return exit_ok;
        }
        proxy_config config;
        config.trace = vm.count("trace") != 0;
        config.preset = vm["preset"].as<std::string>();
        config.policy = policy_for(config.preset);
        const host_port listen = parse_host_port(vm["listen"].as<std::string>());
        const host_port upstream = parse_host_port(vm["upstream"].as<std::string>());
        if ((vm.count("tls-cert") != 0) != (vm.count("tls-key") != 0)) {
            throw usage_error("--tls-cert and --tls-key go together");
        }
        config.max_body = vm["max-body"].as<std::uint64_t>();
        config.splice_min = vm["splice-min"].as<std::uint64_t>();
        config.header_limit = std::max<std::uint32_t>(256, vm["max-head"].as<std::uint32_t>());
        config.request_timeout = std::chrono::milliseconds(vm["request-timeout-ms"].as<unsigned>());
        config.idle_timeout = std::chrono::milliseconds(vm["idle-timeout-ms"].as<unsigned>());
        const unsigned upstream_timeout_ms = vm["upstream-timeout-ms"].as<unsigned>();
        if (upstream_timeout_ms != 0) {  // 0: the preset's; else silence that long → 504
            config.policy.upstream_timeout = std::chrono::milliseconds(upstream_timeout_ms);
        }
        if (vm.count("upstream-h2") != 0) {
            if (vm.count("upstream-http10") != 0)
                throw usage_error("--upstream-h2 and --upstream-http10 exclude each other");
            config.upstream_version = upstream_protocol::http_2;
        }
        config.hop = vm.count("upstream-http10") != 0 ? next_hop_version::http_1_0
                                                      : next_hop_version::unknown;
        std::optional<ssl::context> down_tls;
        std::optional<ssl::context> up_tls;
        if (vm.count("tls-cert") != 0) {
            down_tls.emplace(
                server_tls(vm["tls-cert"].as<std::string>(), vm["tls-key"].as<std::string>()));
            config.downstream_tls = &*down_tls;
            serve_alpn(*down_tls,
                       vm.count("no-h2") != 0 ? alpn_offer::http1_only : alpn_offer::h2_and_http1);
        }
        config.h2c = vm.count("h2c") != 0;
        config.h2_window = std::max<std::uint32_t>(1, vm["h2-window"].as<std::uint32_t>());
        if (vm.count("upstream-tls") != 0) {
            up_tls.emplace(client_tls(vm["upstream-cacert"].as<std::string>(),
                                      vm.count("upstream-insecure") != 0
                                          ? peer_verification::insecure
                                          : peer_verification::verify));
            config.upstream_tls = &*up_tls;
            if (config.upstream_version == upstream_protocol::http_2)
                offer_alpn(*up_tls, alpn_offer::h2_and_http1);  // h2 is checked at connect
        }
        const unsigned threads = std::max(1U, vm["threads"].as<unsigned>());
        const descriptor_limit fds = raise_descriptor_limit();
        const std::size_t max_connections =
            vm.count("max-connections") != 0
                ? std::max<std::size_t>(1, vm["max-connections"].as<std::size_t>())
                : default_max_connections(fds.now);
        if (fds.now != fds.before) {
            std::fprintf(stderr,
                         "expect100-proxy: descriptor limit raised from %llu to %llu; "
                         "up to %zu connections\n",
                         static_cast<unsigned long long>(fds.before),
                         static_cast<unsigned long long>(fds.now), max_connections);
        }

        std::vector<std::unique_ptr<worker>> workers;
        for (unsigned i = 0; i < threads; ++i) {
            workers.push_back(std::make_unique<worker>(config.max_idle_upstream));
            workers.back()->max_sessions = (max_connections + threads - 1) / threads;
        }
        config.upstream = resolve_one(workers[0]->io, upstream);
        config.upstream_host = upstream.host;
        tcp::endpoint ep = resolve_one(workers[0]->io, listen);
        workers[0]->acceptor.emplace(listen_on(workers[0]->io, ep, threads > 1));
        ep = workers[0]->acceptor->local_endpoint();
        for (unsigned i = 1; i < threads; ++i) {
            workers[i]->acceptor.emplace(listen_on(workers[i]->io, ep, true));
        }
        for (auto& w : workers)
            accept_loop(*w, config);

        const auto bound = std::chrono::milliseconds(vm["drain-ms"].as<unsigned>());
        asio::io_context signal_io(1);
        asio::signal_set signals(signal_io, SIGINT, SIGTERM);
        signals.async_wait([&](const error_code& ec, int) {
            if (ec) return;
            for (auto& w : workers)
                drain(*w, bound);
        });
        std::thread signal_thread([&] { signal_io.run(); });
        announce_listening(ep);
        std::vector<std::thread> pool;
        for (std::size_t i = 1; i < workers.size(); ++i) {
            pool.emplace_back([&w = *workers[i]] { w.io.run(); });
        }
        workers[0]->io.run();
        for (auto& t : pool)
            t.join();
        signal_io.stop();
        signal_thread.join();
        return exit_ok;
    });
}
