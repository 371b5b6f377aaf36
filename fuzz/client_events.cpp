// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: basic_client driven by event sequences with monotonic times, under every client
// preset. Byte 0 picks the preset; then each byte is an event (with argument bytes after it).
// After every step it checks:
// - the action list never overflowed, and no fault is ever `internal` (a table gap);
// - the sub-machine invariants of the theory block hold (invariants_hold());
// - the same preset as a run-time policy value (presets::runtime_client) answers every event alike;
// - a refused event left the state unchanged;
// - the body is released at most once per request, never before the head is out; only an
//   unreleased body is skipped and only a released one stopped (no byte lost or sent twice);
// - a request without content never carries Expect (C-1);
// - a retry is asked at most once per request, never for a retry (C-14);
// - a deadline is armed whenever the machine holds the body for a 100 (but for the preset that
//   reproduces an infinite wait);
// - nothing but empty steps once closed.
#include "../tests/support/machine.hpp"
#include "check.hpp"

#include <expect100/client.hpp>
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

template <class Traits>
void run(const std::uint8_t* data, std::size_t size) {
    basic_client<Traits> c;
    // The same preset as a run-time policy value (presets::runtime_client): it must answer every
    // event exactly as the compile-time machine does.
    basic_client<presets::runtime_client<clock_type>> twin(client_policy_of<Traits>());
    const auto both = [&](auto&& call) {
        const auto got = call(c);
        const auto mirrored = call(twin);
        check(test::same_step(got, mirrored) && c.state() == twin.state() &&
                  c.next_deadline() == twin.next_deadline() && c.origin() == twin.origin() &&
                  c.expect_state() == twin.expect_state(),
              "the run-time policy machine answered otherwise than the preset's");
        return got;
    };
    origin_cache<clock_type, 2> cache(std::chrono::seconds(60));
    std::uint64_t origin_key = 0;
    std::size_t i = 0;
    const auto next = [&]() -> unsigned { return i < size ? data[i++] : 0U; };
    auto now = test::t0;
    unsigned releases = 0;
    unsigned skips = 0;
    unsigned retries = 0;
    bool head_out = false;
    client_request current;

    while (i < size) {
        const unsigned op = next();
        now += std::chrono::milliseconds(next() * 37U);
        const client_state before = c.state();
        client_step st;
        switch (op % 9U) {
        case 0: {
            client_request r;
            const unsigned shape = next();
            r.method = (shape & 1U) != 0 ? request_method::put : request_method::post;
            r.framing = (shape & 6U) == 0   ? body_framing::none
                        : (shape & 6U) == 2 ? body_framing::chunked
                                            : body_framing::content_length;
            r.content_length = (shape & 8U) != 0 ? 0U : 1U + next() * 65536U;
            r.replay = (shape & 16U) != 0 ? body_replay::one_shot : body_replay::replayable;
            r.attempt = static_cast<request_attempt>((shape >> 5U) % 3U);
            origin_key = 1U + (shape >> 7U);
            st = both(
                [&](auto& m) { return m.start_request(r, now, cache.recall(origin_key, now)); });
            if (st.ok()) {
                current = r;
                releases = skips = retries = 0;
                head_out = false;
                check(r.has_content() || !st.actions.contains(client_action::send_head_with_expect),
                      "Expect on a request without content (C-1)");
            }
            break;
        }
        case 1:
            st = both([&](auto& m) { return m.on_head_sent(now); });
            if (st.ok()) head_out = true;
            break;
        case 2: {
            const auto status = static_cast<std::uint16_t>(100U + next() % 100U);
            st = both([&](auto& m) { return m.on_interim_response(status, now); });
            break;
        }
        case 3: {
            const unsigned status = 100U + next() * 2U;
            const response_facts r = analyze_response_head(
                status, (next() & 1U) != 0 ? http_version::http_1_0 : http_version::http_1_1,
                std::vector<test::field>{
                    {"Content-Length", "0"},
                    {"Connection", (next() & 1U) != 0 ? "close" : "keep-alive"}},
                current.method);
            st = both([&](auto& m) { return m.on_final_response(r, now); });
            break;
        }
        case 4: st = both([&](auto& m) { return m.on_body_sent(now); }); break;
        case 5: st = both([&](auto& m) { return m.on_response_complete(now); }); break;
        case 6: st = both([&](auto& m) { return m.on_timer(now); }); break;
        case 7: st = both([&](auto& m) { return m.on_timer(m.next_deadline()); }); break;
        default: st = both([&](auto& m) { return m.on_peer_closed(now); }); break;
        }

        check(!st.actions.overflowed(), "action list overflow");
        check(st.origin != error_origin::internal, "a move missing from the client table");
        check(c.invariants_hold(), "a sub-machine invariant broke (client.hpp's theory block)");
        cache.remember(origin_key, c.origin(), now);  // the caller stores what was learned, by key
        if (!st.ok() && st.origin == error_origin::local) {
            check(c.state() == before, "a refused event changed the state");
        }
        for (const auto& a : st.actions) {
            switch (a.kind()) {
            case client_action::send_body:
                ++releases;
                // Only a final response may release it before the head is reported out (the
                // body then follows the head to keep the framing whole, C-12).
                check(head_out || c.state() == client_state::finishing_body,
                      "the body released before the head was out");
                check(skips == 0, "a dropped body released");
                break;
            case client_action::skip_body:  // "never sent": only a body not yet released
                check(releases == 0, "a released body skipped");
                ++skips;
                break;
            case client_action::stop_body:  // "stop sending": only a body being sent
                check(releases == 1, "a body stopped that was never released");
                ++skips;
                break;
            case client_action::retry_request:
            case client_action::retry_without_expect:
                ++retries;
                check(current.attempt == request_attempt::first, "a retry of a retry (C-14)");
                break;
            case client_action::send_head:
            case client_action::send_head_with_expect:
            case client_action::end_chunked_body:
            case client_action::close: break;
            }
        }
        check(releases <= 1, "the body released twice");
        check(skips <= 1, "the body dropped twice");
        check(retries <= 1, "more than one retry for a request");
        if (before == client_state::closed) {
            check(st.actions.empty(), "actions after closed");
        }
        if (c.state() == client_state::awaiting_continue &&
            !std::is_same_v<typename Traits::wait_strategy, infinite_wait>) {
            check(c.next_deadline() != clock_type::time_point::max(),
                  "holding the body with no deadline (C-4)");
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
    using all = presets::client_presets<clock_type>;
    std::size_t pick = data[0] % std::tuple_size_v<all>;
    presets::for_each_preset<all>([&](auto preset) {
        if (pick-- == 0) run<decltype(preset)>(data + 1, size - 1);
    });
    return 0;
}
