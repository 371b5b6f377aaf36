// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Presets: named traits that reproduce real systems, so that a test, a demo or a migration can
// say "behave like Go's server" in one word. The RFC 9110 preset is the default; every other
// preset documents, in docs/presets.md, where its behaviour comes from and what goes wrong with
// it. Facts are from ../shared/peers.md (read sources and measurements), cited per preset.
//
// Each preset is a template on the clock type (only its types are used; nothing here reads a
// clock), defaulting to std::chrono::steady_clock.
#ifndef EXPECT100_PRESETS_HPP
#define EXPECT100_PRESETS_HPP

#include <expect100/server.hpp>

#include <chrono>
#include <cstdint>

namespace expect100::presets {

// ---- Origin servers ---------------------------------------------------------------------------

// RFC 9110 as this library reads it: the 100 as soon as the application accepts the head
// (S-3, S-4: immediately, never waiting for content), unknown expectations ignored (S-11 is a
// MAY), a malformed Expect refused with 400, early final responses followed by a bounded
// read-and-discard (S-8), a client stalled for 30 s mid-body answered 408 (S-16).
template <class Clock = std::chrono::steady_clock>
struct rfc9110_server {
    using clock = Clock;
    static constexpr continue_timing when_continue = continue_timing::on_accept;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::ignore;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::reject_400;
    static constexpr early_final_action after_early_final = early_final_action::discard;
    static constexpr stall_action on_body_stall = stall_action::send_408_and_close;
    static constexpr unsolicited_continue unsolicited = unsolicited_continue::off;
    static constexpr std::uint64_t discard_byte_limit = 256U * 1024U;
    static constexpr std::chrono::seconds discard_time_limit{5};
    static constexpr std::chrono::seconds body_stall_timeout{30};
};

// The outage's origin (Exchange 2013 behind the balancer): answered 100 "almost at once",
// before any application decision (outage-story.md step 2). Otherwise RFC defaults.
template <class Clock = std::chrono::steady_clock>
struct exchange_origin : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_head;
};

// nginx as an origin (peers.md §7): 100 lazily when a module starts reading the body; no list
// parsing, so anything but the exact value is ignored, unknown members included; after an
// early response the body is read and discarded under lingering_close limits (5 s, M);
// client_body_timeout 60 s answers 408.
template <class Clock = std::chrono::steady_clock>
struct nginx_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::ignore;
    static constexpr std::chrono::seconds body_stall_timeout{60};
};

// Go net/http (peers.md §3): 100 on the handler's first Read; any other Expect value → 417 and
// close; an expect-continue body left unread → close after the reply (no discard, golang#11549);
// no read deadline by default.
template <class Clock = std::chrono::steady_clock>
struct go_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr early_final_action after_early_final = early_final_action::close;
    static constexpr stall_action on_body_stall = stall_action::wait;
};

// hyper (peers.md §2): 100 the first time the service polls the body; unknown values silently
// ignored (whole-value compare); an unread body gets a cheap drain, else the read side closes;
// no body timeout of its own.
template <class Clock = std::chrono::steady_clock>
struct hyper_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::ignore;
    static constexpr std::uint64_t discard_byte_limit = 64U * 1024U;  // "cheap": buffered bytes
    static constexpr stall_action on_body_stall = stall_action::wait;
};

// Node.js http without a 'checkContinue' listener (peers.md §11): writes 100 immediately and
// emits 'request'; other values → automatic 417; unread bodies are dumped; requestTimeout
// (300 s) answers 408.
template <class Clock = std::chrono::steady_clock>
struct node_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_head;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr std::chrono::seconds body_stall_timeout{300};
};

// Apache httpd core (peers.md §8): 100 lazily on the first blocking body read; any other value
// → 417 (HttpExpectStrict on); a response that goes out while the 100 is still pending
// disables keep-alive (PR 47087): close; RequestReadTimeout body=20 s answers 408.
template <class Clock = std::chrono::steady_clock>
struct httpd_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr early_final_action after_early_final = early_final_action::close;
    static constexpr std::chrono::seconds body_stall_timeout{20};
};

// A legacy server that never sends 100 (the case every client timer exists for, C-4).
template <class Clock = std::chrono::steady_clock>
struct never_continue_server : rfc9110_server<Clock> {
    static constexpr continue_timing when_continue = continue_timing::never;
};

} // namespace expect100::presets

namespace expect100 {

// The RFC 9110 server with the steady clock and no trace: what most callers want.
using server = basic_server<presets::rfc9110_server<>>;

} // namespace expect100

#endif // EXPECT100_PRESETS_HPP
