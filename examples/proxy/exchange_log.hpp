// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// --trace: one exchange's ladder of machine transitions, written to stderr when the exchange
// ends, with the machine's own explanation when it went wrong (a 5xx, a 408, or longer than a
// second: a stall is what an operator asks about).
#ifndef EXPECT100_EXAMPLES_PROXY_EXCHANGE_LOG_HPP
#define EXPECT100_EXAMPLES_PROXY_EXCHANGE_LOG_HPP

#include "../common/program.hpp"
#include "config.hpp"

#include <expect100/explain.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace expect100::examples {

struct exchange_summary {
    std::string_view method;
    std::string_view target;
    unsigned status = 0;
    std::string_view preset;
    std::string_view note;       // why, when the proxy answered on its own
    steady::time_point started;  // the request's first byte
};

inline void log_exchange(const session_trace& t, const exchange_summary& x) {
    static std::mutex one_writer;
    const auto start = x.started == steady::time_point{} ? steady::now() : x.started;
    std::string out = "exchange " + std::string(x.method) + " " + std::string(x.target) + " -> " +
                      std::to_string(x.status) + " (preset " + std::string(x.preset) + ")" +
                      (x.note.empty() ? "" : ": " + std::string(x.note)) + "\n";
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto& e = t[i];
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
    if (x.status >= 500 || stalled || x.status == 408) {
        out += "  why: " + std::string(explain_intermediary(t, x.preset).view()) + "\n";
    }
    const std::lock_guard<std::mutex> lock(one_writer);
    std::fputs(out.c_str(), stderr);
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_EXCHANGE_LOG_HPP
