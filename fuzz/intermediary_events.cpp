// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: basic_intermediary driven by event sequences from both sides, with monotonic
// times, under every intermediary preset. Byte 0 picks the preset; then each byte is an event
// (with argument bytes after it). After every step it checks:
// - the action list never overflowed, and no fault is ever `internal` (a table gap);
// - the sub-machine invariants of the theory block hold (invariants_hold());
// - the same preset as a run-time policy value (presets::runtime_intermediary) answers every event
// alike;
// - a refused event left the state unchanged;
// - no 1xx toward an HTTP/1.0 client; no 100 downstream after the final response; at most one
//   100 of our own per request; at most one final response downstream per request;
// - nothing goes upstream as body once the final response went downstream (the unsent body is
//   never forwarded as a request), and the head goes upstream at most once per request, or twice
//   when an upstream 417 came before any body byte: then the old upstream connection is closed
//   first and the repeat carries no Expect (T-P-18);
// - a deadline is armed while draining, and while waiting on upstream after the head went out;
// - nothing but empty steps once closed.
#include "../tests/support/machine.hpp"
#include "check.hpp"

#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
        test::expect_put(400000),
        head("POST", {{"Transfer-Encoding", "chunked"}, {"Expect", "100-continue"}}),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "foo"}}),
        head("PUT", {{"Content-Length", "10"}, {"Expect", "foo, 100-continue"}}),
        head("GET", {{"Expect", "100-continue"}}),
        head("POST", {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}),
        head("PUT",
             {{"Content-Length", "10"}, {"Expect", "100-continue"}, {"Connection", "close"}}),
        head("POST", {{"Content-Length", "10"}}),
        head("GET", {}),
    };
}

template <class Traits>
void run(const std::uint8_t* data, std::size_t size) {
    static const std::vector<request_facts> all_heads = heads();
    basic_intermediary<Traits> p;
    // The same preset as a run-time policy value (presets::runtime_intermediary): it must answer
    // every event exactly as the compile-time machine does.
    basic_intermediary<presets::runtime_intermediary<clock_type>> twin(
        intermediary_policy_of<Traits>());
    const auto both = [&](auto&& call) {
        const auto got = call(p);
        const auto mirrored = call(twin);
        check(test::same_step(got, mirrored) && p.state() == twin.state() &&
                  p.next_deadline() == twin.next_deadline() &&
                  p.continue_state() == twin.continue_state(),
              "the run-time policy machine answered otherwise than the preset's");
        return got;
    };
    std::size_t i = 0;
    const auto next = [&]() -> unsigned { return i < size ? data[i++] : 0U; };
    auto now = test::t0;
    request_facts current = all_heads[0];
    unsigned own_continues = 0;
    unsigned finals_down = 0;
    unsigned heads_up = 0;
    unsigned repeats = 0;       // heads repeated without Expect after an upstream 417
    std::uint64_t body_in = 0;  // body bytes the client sent in this request
    bool head_sent_up = false;

    while (i < size) {
        const unsigned op = next();
        now += std::chrono::milliseconds(next() * 53U);
        const intermediary_state before = p.state();
        intermediary_step st;
        switch (op % 11U) {
        case 0: {
            const request_facts& candidate = all_heads[next() % all_heads.size()];
            const unsigned hop = next();
            const local_answer answer{static_cast<std::uint16_t>((hop & 8U) != 0 ? 403 : 0)};
            st = both([&](auto& m) {
                return m.on_request_head(candidate, static_cast<next_hop_version>(hop % 3U), now,
                                         answer);
            });
            if (st.ok() || st.origin == error_origin::remote) {
                current = candidate;
                own_continues = finals_down = heads_up = repeats = 0;
                body_in = 0;
                head_sent_up = false;
            }
            break;
        }
        case 1:
            st = both([&](auto& m) { return m.on_upstream_head_sent(now); });
            if (st.ok() && heads_up != 0) head_sent_up = true;
            break;
        case 2: {
            const auto status = static_cast<std::uint16_t>(100U + next() % 100U);
            st = both([&](auto& m) { return m.on_upstream_interim(status, now); });
            break;
        }
        case 3: {
            const unsigned b = next();
            const unsigned status = b == 255U ? 417U : 100U + b * 2U;
            const response_facts r = analyze_response_head(
                status, http_version::http_1_1,
                std::vector<test::field>{
                    {"Content-Length", "0"},
                    {"Connection", (next() & 1U) != 0 ? "close" : "keep-alive"}},
                request_method::put);
            st = both([&](auto& m) { return m.on_upstream_final(r, now); });
            break;
        }
        case 4: {
            const std::uint64_t n = next() * 1031U;
            st = both([&](auto& m) { return m.on_body_bytes(n, now); });
            if (st.ok()) body_in += 1;  // only whether any came matters
            break;
        }
        case 5: st = both([&](auto& m) { return m.on_body_end(now); }); break;
        case 6: st = both([&](auto& m) { return m.on_response_complete(now); }); break;
        case 7: st = both([&](auto& m) { return m.on_upstream_failed(now); }); break;
        case 8: st = both([&](auto& m) { return m.on_timer(now); }); break;
        case 9: st = both([&](auto& m) { return m.on_timer(m.next_deadline()); }); break;
        default: st = both([&](auto& m) { return m.on_downstream_closed(now); }); break;
        }

        check(!st.actions.overflowed(), "action list overflow");
        check(st.origin != error_origin::internal, "a move missing from the intermediary table");
        check(p.invariants_hold(),
              "a sub-machine invariant broke (intermediary.hpp's theory block)");
        if (!st.ok() && st.origin == error_origin::local) {
            check(p.state() == before, "a refused event changed the state");
        }
        if (before == intermediary_state::closed) {
            check(st.actions.empty(), "actions after closed");
        }
        bool closed_up = false;
        for (const auto& a : st.actions) {
            switch (a.kind()) {
            case intermediary_action::send_continue: ++own_continues; [[fallthrough]];
            case intermediary_action::relay_interim:
                check(current.version == http_version::http_1_1, "a 1xx toward HTTP/1.0 (P-5)");
                check(finals_down == 0 || a.kind() != intermediary_action::send_continue,
                      "a 100 after the final response");
                check(a.kind() != intermediary_action::relay_interim || a.status() != 100 ||
                          finals_down == 0,
                      "a relayed 100 after the final response");
                break;
            case intermediary_action::send_final:
            case intermediary_action::relay_final: ++finals_down; break;
            case intermediary_action::forward_head:
            case intermediary_action::forward_head_adding_expect: ++heads_up; break;
            case intermediary_action::forward_head_without_expect:
                if (heads_up !=
                    0) {  // a repeat: only after a 417, before any body, on a new connection
                    ++repeats;
                    check(closed_up, "a head repeated upstream without closing the old connection");
                    check(body_in == 0, "a head repeated upstream after body bytes came");
                    check(op % 11U == 3U,
                          "a head repeated upstream on anything but a final response");
                }
                ++heads_up;
                break;
            case intermediary_action::forward_body:
                check(finals_down == 0, "body forwarded upstream after the final response");
                break;
            case intermediary_action::stop_body:
            case intermediary_action::hold_body:
            case intermediary_action::discard_body:
            case intermediary_action::add_close: break;
            case intermediary_action::close:
                closed_up = closed_up || a.side() == action_side::upstream;
                break;
            }
        }
        check(own_continues <= 1, "two 100s of our own for one request");
        check(finals_down <= 1, "two final responses downstream for one request");
        check(repeats <= 1, "the head repeated twice after a 417");
        check(heads_up <= 1 + repeats, "the head forwarded twice (P-9: no retry)");
        if (p.state() == intermediary_state::draining) {
            check(p.next_deadline() != clock_type::time_point::max(), "draining with no deadline");
        }
        const bool waiting_upstream = p.state() == intermediary_state::awaiting_continue ||
                                      p.state() == intermediary_state::streaming_body ||
                                      p.state() == intermediary_state::awaiting_response;
        if (waiting_upstream && head_sent_up) {
            check(p.next_deadline() != clock_type::time_point::max(),
                  "waiting on upstream with no deadline");
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
    using all = presets::intermediary_presets<clock_type>;
    std::size_t pick = data[0] % std::tuple_size_v<all>;
    presets::for_each_preset<all>([&](auto preset) {
        if (pick-- == 0) run<decltype(preset)>(data + 1, size - 1);
    });
    return 0;
}
