// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What expect100-proxy's sessions are given: the command line's settings, what a thread shares
// among its sessions, and the one machine type every preset runs on.
#ifndef EXPECT100_EXAMPLES_PROXY_CONFIG_HPP
#define EXPECT100_EXAMPLES_PROXY_CONFIG_HPP

#include "../common/net.hpp"
#include "../common/program.hpp"
#include "upstream_pool.hpp"

#include <expect100/beast/request_reader.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/trace.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace expect100::examples {

class h2_upstream_connection;  // upstream_h2.hpp

// The version the proxy speaks to the origin (--upstream-h2).
enum class upstream_protocol : std::uint8_t { http_1_1, http_2 };

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
    // Bodies with at least this much content left move by splice(2) when both sides are plain
    // TCP (common/splice_pump.hpp); 0: never.
    std::uint64_t splice_min = 64 * 1024;
    // HTTP/2 from clients: cleartext connections that open with the HTTP/2 preface (--h2c;
    // with TLS, ALPN decides), and each stream's initial window (H2-8: what a client that skips
    // the wait can send before the machine admits the body).
    bool h2c = false;
    std::uint32_t h2_window = 65535;
    upstream_protocol upstream_version = upstream_protocol::http_1_1;
    bool trace = false;

    beast::request_limits request_limits() const noexcept {
        if (max_body == 0) return {header_limit, std::nullopt};
        return {header_limit, max_body};
    }
    // Backpressure: a side stops reading while the other side's unsent bytes exceed this.
    std::size_t backlog_limit() const noexcept { return 4 * buffer_size; }
};

// What a thread shares among its sessions.
struct thread_state {
    explicit thread_state(asio::io_context& c, std::size_t max_idle) : io(c), pool(max_idle) {}
    asio::io_context& io;
    upstream_pool pool;                                   // HTTP/1.1 origins
    std::shared_ptr<h2_upstream_connection> h2_upstream;  // an HTTP/2 origin: every stream on it
    std::size_t sessions = 0;
    bool draining = false;
    std::function<void()> on_last_session;  // set while draining

    // A session counts itself while it lives; the last one to go while draining says so.
    class member {
    public:
        explicit member(thread_state& t) noexcept : t_(t) { ++t_.sessions; }
        ~member() {
            if (--t_.sessions == 0 && t_.draining && t_.on_last_session) t_.on_last_session();
        }
        member(const member&) = delete;
        member& operator=(const member&) = delete;

    private:
        thread_state& t_;
    };
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_CONFIG_HPP
