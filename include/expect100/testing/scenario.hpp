// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// A fuzz scenario: what a client sends, in which cuts and when, and how the upstream answers.
// Decoded from a fuzzer's input by fuzz_driver.hpp; written by hand for seeds and regressions.
//
// The input format
// ----------------
//   CLIENT BYTES [ "\n#!script\n" OPS ]
// The client bytes are raw HTTP (any corpus file of share/expect100/fuzz/corpus is one), sent
// as they are, malformed or not. Everything after the first "\n#!script\n" is a list of
// one-byte operations, run in order; the separator itself is not sent. Without a script the
// client sends everything at once and the upstream behaves like a well-mannered origin (the
// settle phase, below).
//
//   0x00-0x3f  the client sends its next (op + 1) bytes
//   0x40-0x4f  the client sends all it has left
//   0x50-0x5f  the client closes its side (no more bytes; what it had left is never sent)
//   0x60-0x7f  time passes: delays_ms[op & 0x0f]; timers that come due fire
//   0x80-0xef  the upstream acts on its oldest exchange that is not finished: answers[(op - 0x80)
//              % answer_count] (a 100, another 1xx, an early or late final, a close, silence)
//   0xf0-0xff  nothing (lets the subject's output be delivered)
//
// After the last operation, the settle phase: the client sends what it has left (unless it
// closed), the upstream answers every exchange it has not answered and not marked silent like a
// good origin (a 100 to a request that expects one, then, once the body is in, 200 with
// "ok"), and time runs from deadline to deadline until nothing is pending.
#ifndef EXPECT100_TESTING_SCENARIO_HPP
#define EXPECT100_TESTING_SCENARIO_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace expect100::testing {

// What the scripted upstream does when an operation picks it.
enum class upstream_answer : std::uint8_t {
    continue_100,            // HTTP/1.1 100 Continue
    processing_102,          // 102 Processing
    early_hints_103,         // 103 with a Link field
    ok_200,                  // 200 with Content-Length: 2 "ok" (early if the body is still coming)
    ok_200_chunked,          // 200, chunked, "ok"
    no_content_204,          // 204
    too_large_413,           // 413, keep-alive: the origin then reads and drops the rest
    too_large_413_close,     // 413 with Connection: close, then the origin closes
    expectation_failed_417,  // 417
    unauthorized_401,        // 401 with a small body
    error_500_until_close,   // 500 delimited by the close, then the origin closes
    reset,                   // the origin closes the connection at once, without an answer
    silent,                  // never answers this exchange, not even in the settle phase
    not_modified_304,        // 304
    malformed,               // a status line that does not parse (the subject must not relay it)
    continue_then_ok,        // 100 and 200 in one write, before the body
};
inline constexpr std::size_t answer_count = 16;

constexpr std::string_view to_string(upstream_answer a) noexcept {
    constexpr std::array<std::string_view, answer_count> names{
        "100",          "102",   "103",         "200", "200 chunked",
        "204",          "413",   "413 + close", "417", "401",
        "500 to close", "reset", "silence",     "304", "malformed status line",
        "100 + 200"};
    return names[static_cast<std::size_t>(a)];
}

inline constexpr std::array<std::uint32_t, 16> delays_ms{
    0, 1, 2, 5, 10, 20, 50, 100, 200, 250, 300, 500, 1000, 2000, 5000, 30000};

struct scenario_op {
    enum class kind : std::uint8_t {
        client_send,
        client_send_all,
        client_close,
        wait,
        upstream,
        nothing
    };
    kind what = kind::nothing;
    std::uint32_t amount = 0;  // bytes to send, or milliseconds to wait
    upstream_answer answer = upstream_answer::continue_100;
};

struct scenario {
    std::string client_bytes;
    std::vector<scenario_op> ops;
};

inline constexpr std::string_view script_separator = "\n#!script\n";

inline scenario decode_scenario(std::string_view input) {
    scenario s;
    const std::size_t sep = input.find(script_separator);
    s.client_bytes = input.substr(0, sep);
    if (sep == std::string_view::npos) return s;
    for (char byte : input.substr(sep + script_separator.size())) {
        const auto op = static_cast<unsigned char>(byte);
        scenario_op o;
        if (op < 0x40) {
            o.what = scenario_op::kind::client_send;
            o.amount = op + 1u;
        } else if (op < 0x50) {
            o.what = scenario_op::kind::client_send_all;
        } else if (op < 0x60) {
            o.what = scenario_op::kind::client_close;
        } else if (op < 0x80) {
            o.what = scenario_op::kind::wait;
            o.amount = delays_ms[op & 0x0f];
        } else if (op < 0xf0) {
            o.what = scenario_op::kind::upstream;
            o.answer = static_cast<upstream_answer>((op - 0x80) % answer_count);
        }
        s.ops.push_back(o);
    }
    return s;
}

// The inverse, for writing seeds: `encode_scenario(bytes, {0x05, 0x80, 0x40})`.
inline std::string encode_scenario(std::string_view client_bytes,
                                   const std::vector<std::uint8_t>& ops) {
    std::string out(client_bytes);
    if (ops.empty()) return out;
    out.append(script_separator);
    for (std::uint8_t op : ops)
        out.push_back(static_cast<char>(op));
    return out;
}

}  // namespace expect100::testing

#endif  // EXPECT100_TESTING_SCENARIO_HPP
