// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What crossed each hop of one suite case, and when: the suite sees both ends of the proxy
// under test (it is the client and the origin), so one clock orders everything. The report's
// ladders (text and SVG) are drawn from these events.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_TIMELINE_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_TIMELINE_HPP

#include "../../common/program.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::examples::suite {

// The four directions an event can take. The suite observes the proxy from outside: a
// client→proxy event is stamped when the client wrote it, a proxy→origin event when the origin
// read it, and so on.
enum class hop : std::uint8_t {
    client_to_proxy,
    proxy_to_client,
    proxy_to_origin,
    origin_to_proxy
};

constexpr std::string_view to_string(hop h) noexcept {
    switch (h) {
    case hop::client_to_proxy: return "client→proxy";
    case hop::proxy_to_client: return "proxy→client";
    case hop::proxy_to_origin: return "proxy→origin";
    case hop::origin_to_proxy: return "origin→proxy";
    }
    return "?";
}

struct event {
    double ms = 0;  // since the case started
    hop where = hop::client_to_proxy;
    std::string what;
    unsigned connection = 0;  // the client's or the origin's connection number, from 1
};

class timeline {
public:
    void restart() {
        t0_ = steady::now();
        events_.clear();
    }
    double now_ms() const { return ms_between(t0_, steady::now()); }
    void add(hop where, std::string what, unsigned connection) {
        events_.push_back({now_ms(), where, std::move(what), connection});
    }
    const std::vector<event>& events() const noexcept { return events_; }

private:
    steady::time_point t0_ = steady::now();
    std::vector<event> events_;
};

// Bytes as a reader can see them: printable ASCII kept, the rest escaped (\r \n \t \xNN).
inline std::string printable(std::string_view bytes, std::size_t limit = 160) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes.substr(0, limit)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (u < 0x20 || u >= 0x7f) {
            out += "\\x";
            out.push_back(hex[u >> 4U]);
            out.push_back(hex[u & 15U]);
        } else {
            out.push_back(c);
        }
    }
    if (bytes.size() > limit) out += "…";
    return out;
}

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_TIMELINE_HPP
