// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Test support for the role machines: a virtual clock (no now(): time only moves when a test
// says so), steps written as short text, and request heads built in one line.
#ifndef EXPECT100_TESTS_SUPPORT_MACHINE_HPP
#define EXPECT100_TESTS_SUPPORT_MACHINE_HPP

#include <expect100/action.hpp>
#include <expect100/message.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::test {

// A clock with types only. Tests hold a time_point and add durations to it.
struct virtual_clock {
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<virtual_clock>;
    static constexpr bool is_steady = true;
};

inline constexpr virtual_clock::time_point t0{};

constexpr virtual_clock::time_point at_ms(std::int64_t ms) {
    return t0 + std::chrono::milliseconds(ms);
}

// "send_continue", "add_close send_final(400) close", "discard_body(10)", "" for no action;
// an error is appended as " !errc_name".
template <class Kind>
std::string text(const basic_step<Kind>& s) {
    std::string out;
    for (const basic_action<Kind>& a : s.actions) {
        if (!out.empty()) out += ' ';
        const std::string name(to_string(a.kind()));
        out += name;
        if (a.side() == action_side::upstream) {
            out += "@up";
        }
        if (name == "send_final" || name == "relay_interim" || name == "relay_final") {
            out += "(" + std::to_string(a.status()) + ")";
        } else if (name == "discard_body") {
            out += "(" + std::to_string(a.byte_limit()) + ")";
        }
    }
    if (s.error) {
        out +=
            (out.empty() ? "!" : " !") + std::string(to_string(static_cast<errc>(s.error.value())));
    }
    return out;
}

// Two steps say the same: the same actions in the same order, the same error and fault owner.
template <class Kind>
bool same_step(const basic_step<Kind>& a, const basic_step<Kind>& b) {
    if (a.actions.size() != b.actions.size() || a.error != b.error || a.origin != b.origin) {
        return false;
    }
    for (std::size_t i = 0; i < a.actions.size(); ++i) {
        if (a.actions[i] != b.actions[i]) return false;
    }
    return true;
}

using field = std::pair<std::string_view, std::string_view>;

inline request_facts head(std::string_view method, std::vector<field> fields,
                          http_version version = http_version::http_1_1,
                          expect_policy policy = {}) {
    return analyze_request_head(method, version, fields, policy);
}

// The request of most tests: PUT with a 10-byte body and Expect: 100-continue.
inline request_facts expect_put(std::uint64_t length = 10) {
    const std::string cl = std::to_string(length);  // the facts keep no pointer into it
    return head("PUT", {{"Content-Length", cl}, {"Expect", "100-continue"}});
}

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_MACHINE_HPP
