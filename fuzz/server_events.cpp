// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: basic_server driven by event sequences with monotonic times, under every server
// preset. Byte 0 picks the preset, byte 1 the first request head; then each byte is an event
// (with argument bytes after it where it needs one). After every step it checks:
// - the action list never overflowed, and no fault is ever `internal` (a table gap);
// - the sub-machine invariants of the theory block hold (invariants_hold());
// - the same preset as a run-time policy value (presets::runtime_server) answers every event alike;
// - a refused event left the state unchanged;
// - at most one 100 per request, never to HTTP/1.0, never after body bytes or a final response;
// - at most one final response per request;
// - a deadline is armed whenever the machine waits on the client (stall or discard caps);
// - nothing but empty steps once closed.
#include "../tests/support/machine.hpp"
#include "check.hpp"

#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using namespace expect100;
using clock_type = test::virtual_clock;

using fuzz::check;

std::vector<request_facts> heads() {
    using test::head;
    return {
        test::expect_put(10),
        test::expect_put(300000),
        head("POST", {{"Transfer-Encoding", "chunked"}, {"Expect", "100-continue"}}),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "foo"}}),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "foo, 100-continue"}}),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "100-continue;x"}}),
        head("GET", {{"Expect", "100-continue"}}),
        head("PUT", {{"Content-Length", "0"}, {"Expect", "100-continue"}}),
        head("POST", {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}),
        head("PUT",
             {{"Content-Length", "10"}, {"Expect", "100-continue"}, {"Connection", "close"}}),
        head("POST", {{"Content-Length", "10"}}),
        head("POST", {{"Content-Length", "10"},
                      {"Expect", "100-continue"},
                      {"Upgrade", "websocket"},
                      {"Connection", "upgrade"}}),
    };
}

template <class Traits>
void run(const std::uint8_t* data, std::size_t size) {
    static const std::vector<request_facts> all_heads = heads();
    basic_server<Traits> s;
    // The same preset as a run-time policy value (presets::runtime_server): it must answer every
    // event exactly as the compile-time machine does.
    basic_server<presets::runtime_server<clock_type>> twin(server_policy_of<Traits>());
    const auto both = [&](auto&& call) {
        const auto got = call(s);
        const auto mirrored = call(twin);
        check(test::same_step(got, mirrored) && s.state() == twin.state() &&
                  s.next_deadline() == twin.next_deadline() &&
                  s.continue_state() == twin.continue_state(),
              "the run-time policy machine answered otherwise than the preset's");
        return got;
    };
    std::size_t i = 0;
    const auto next = [&]() -> unsigned { return i < size ? data[i++] : 0U; };
    auto now = test::t0;
    request_facts current = all_heads[next() % all_heads.size()];
    unsigned continues = 0;
    unsigned finals = 0;
    bool body_seen = false;

    while (i < size) {
        const unsigned op = next();
        now += std::chrono::milliseconds(next() * 97U);  // monotonic, up to ~25 s a step
        const server_state before = s.state();
        const continue_status continue_before = s.continue_state();
        server_step st;
        switch (op % 10U) {
        case 0: {
            const request_facts& candidate = all_heads[next() % all_heads.size()];
            st = both([&](auto& m) { return m.on_request_head(candidate, now); });
            if (st.ok() || st.origin == error_origin::remote) {  // the machine took the head
                current = candidate;
                continues = 0;
                finals = 0;
                body_seen = false;
            }
            break;
        }
        case 1: st = both([&](auto& m) { return m.accept(now); }); break;
        case 2: st = both([&](auto& m) { return m.on_body_read(now); }); break;
        case 3: {
            const std::uint64_t n = next() * 1031U;
            st = both([&](auto& m) { return m.on_body_bytes(n, now); });
            if (st.ok() && n != 0) body_seen = true;
            break;
        }
        case 4: st = both([&](auto& m) { return m.on_body_end(now); }); break;
        case 5: {
            const std::uint16_t status = static_cast<std::uint16_t>(100U + next() * 2U);
            st = both([&](auto& m) { return m.on_final_response(status, now); });
            if (st.ok()) ++finals;
            break;
        }
        case 6: st = both([&](auto& m) { return m.on_response_complete(now); }); break;
        case 7: st = both([&](auto& m) { return m.on_timer(now); }); break;
        case 8:
            st = both([&](auto& m) { return m.on_timer(m.next_deadline()); });
            break;  // exactly at the deadline
        default: st = both([&](auto& m) { return m.on_peer_closed(now); }); break;
        }

        check(!st.actions.overflowed(), "action list overflow");
        check(st.origin != error_origin::internal, "a move missing from the server table");
        check(s.invariants_hold(), "a sub-machine invariant broke (server.hpp's theory block)");
        if (!st.ok() && st.origin == error_origin::local) {
            check(s.state() == before && s.continue_state() == continue_before,
                  "a refused event changed the state");
        }
        for (const auto& a : st.actions) {
            if (a.kind() == server_action::send_continue) {
                ++continues;
                check(current.version == http_version::http_1_1, "a 1xx toward HTTP/1.0");
                check(!body_seen, "a 100 after body bytes arrived");
                check(finals == 0, "a 100 after the final response");
            }
            if (a.kind() == server_action::send_final) {
                ++finals;
            }
        }
        check(continues <= 1, "more than one 100 for one request");
        check(finals <= 1, "more than one final response for one request");
        if (before == server_state::closed) {
            check(st.actions.empty(), "actions after closed");
        }
        const bool waits_on_client =
            (s.state() == server_state::receiving && Traits::on_body_stall != stall_action::wait) ||
            s.state() == server_state::discarding;
        if (waits_on_client) {
            check(s.next_deadline() != clock_type::time_point::max(),
                  "waiting on the client without a deadline");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    // Byte 0 picks the preset from the one list that says which exist (presets.hpp), so a new
    // preset is fuzzed without touching this file.
    using all = presets::server_presets<clock_type>;
    std::size_t pick = data[0] % std::tuple_size_v<all>;
    presets::for_each_preset<all>([&](auto preset) {
        if (pick-- == 0) run<decltype(preset)>(data + 1, size - 1);
    });
    return 0;
}
