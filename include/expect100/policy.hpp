// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The policy layer: every decision a machine leaves to its traits, as enums, and the policy of
// each role as one value (server_policy, client_policy, intermediary_policy). A traits type (a
// preset, or the caller's own) picks one value of each, as static members read at compile time
// (<role>_policy_of<Traits>() gathers them into the value), or says that the policy is given at
// run time (policy_source::run_time: the machine takes the value in its constructor, e.g. a
// preset's value with a field changed from the command line). The machines read the value and
// nothing else decides those rules. Presets and the docs' tables need only this header, not the
// machines. Each value names the RFC rule or the peer it follows (docs/requirements.md,
// docs/peers.md).
#ifndef EXPECT100_POLICY_HPP
#define EXPECT100_POLICY_HPP

#include <chrono>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace expect100 {

// ---- Client (client.hpp) -------------------------------------------------------------------

enum class expect_use : std::uint8_t {
    never,         // never send Expect
    always,        // every request with content (botocore for S3)
    large_bodies,  // content of unknown length or at least Traits::expect_threshold bytes (curl)
    learned,       // as large_bodies, unless the origin record says Expect is refused or useless
};

enum class body_release : std::uint8_t {
    on_100,                  // only a 100 releases the body; 102, 103, ... are ignored (default)
    on_100_or_unrecognised,  // also an unrecognised 1xx such as 150, read as 100 (G-20)
    on_any_1xx,              // any 1xx releases it (h11, aiohttp)
    non_100_is_final,        // any other status ends the request unsent (botocore, Beast snippet)
};

enum class client_early_final : std::uint8_t {
    stop_and_close,     // do not send (or stop sending) the body; close after the response
    keep_sending,       // send the whole body unless the response says close (RFC 9110 §7.5)
    end_chunked_early,  // a chunked body ends at once with its last chunk; otherwise stop and close
};

enum class retry_policy : std::uint8_t { never, once };

// ---- Origin server (server.hpp); the intermediary shares the server's for its client side ----

// When an owed 100 Continue is sent.
enum class continue_timing : std::uint8_t {
    on_head,        // as soon as the head is in, before the application decides (nginx, Envoy)
    on_accept,      // when the application accepts the head (or first reads the body)
    on_first_read,  // lazily, when the application first reads the body (Go, hyper, httpd)
    never,          // never: the client's own timer releases the body (legacy servers)
};

enum class unknown_expectation_action : std::uint8_t {
    ignore,      // process the request as if the unknown member were absent
    reject_417,  // answer 417 Expectation Failed (S-11)
};

enum class malformed_expectation_action : std::uint8_t {
    reject_400,  // answer 400 and close: the field breaks its grammar
    ignore,      // process the request as if it had no Expect field
};

enum class early_final_action : std::uint8_t {
    close,    // Connection: close on the response, then close (S-7, S-9)
    discard,  // keep the connection; read and drop the rest of the body within caps (S-8)
    // close while no body byte has come and no 100 went out, else discard (the default of the
    // RFC 9110 intermediary, T-P-17): a client that got the final before sending any body may
    // repeat its request on the same connection without that body (curl 7.88 after a 417), and
    // reading its retry as the announced body would lose it; a body already flowing, or
    // released by a 100, is read and dropped within the caps, as with discard.
    close_if_unstarted,
};

// The one place of the early_final_action rule: after a final response sent while the body is
// still due, does the connection close, or are the rest of the body's bytes read and dropped,
// and how many at most? The server and the intermediary both ask this (S-8, S-9, P-15).
struct after_early_final {
    bool closes = true;               // else: read and drop, then the connection persists
    std::uint64_t discard_limit = 0;  // with !closes: body bytes still allowed in
};

// `closing`: the connection closes anyway (Connection: close, HTTP/1.0); `remaining`: the body
// bytes still due when the framing says (Content-Length), nothing when it does not (chunked);
// `body_started`: a body byte came; `continue_sent`: a 100 went to the client (the body is on
// its way); `byte_limit`: the policy's discard cap (a known remainder above it closes at once;
// an unknown one is allowed up to it).
struct body_remainder {
    bool known = false;
    std::uint64_t bytes = 0;
};

constexpr after_early_final plan_after_early_final(early_final_action a, bool closing,
                                                   body_remainder remaining, bool body_started,
                                                   bool continue_sent,
                                                   std::uint64_t byte_limit) noexcept {
    const bool policy_closes = [&] {
        switch (a) {
        case early_final_action::close: return true;
        case early_final_action::discard: return false;
        case early_final_action::close_if_unstarted: return !body_started && !continue_sent;
        }
        return true;
    }();
    if (closing || policy_closes || (remaining.known && remaining.bytes > byte_limit)) {
        return {};
    }
    return {false, remaining.known ? remaining.bytes : byte_limit};
}

enum class stall_action : std::uint8_t {
    wait,                // no deadline of our own
    close,               // close without a response
    send_408_and_close,  // 408 Request Timeout, then close (S-16)
};

// RFC 2068/2616 let a server send 100 to an HTTP/1.1 PUT or POST that did not ask (S-14).
enum class unsolicited_continue : std::uint8_t {
    off,                  // only requests with 100-continue are ever sent a 100 (default)
    http11_put_and_post,  // also HTTP/1.1 PUT and POST with content (2068 compatibility)
};

// ---- Intermediary (intermediary.hpp) ------------------------------------------------------------

// What goes upstream when a head with 100-continue arrives.
enum class expect_forwarding : std::uint8_t {
    keep_expect,       // forward the head at once, Expect unchanged (RFC 9110, HAProxy, KEMP)
    strip_and_answer,  // answer 100 ourselves at once, forward without Expect (Envoy, gateway)
    buffer_request,    // answer 100, read the whole body, then forward without Expect (nginx)
};

enum class continue_relay : std::uint8_t {
    relay,     // relay the upstream 100 at once (P-4)
    withhold,  // never relay it (the outage's balancer; a defect)
};

enum class other_1xx_relay : std::uint8_t {
    relay,       // relay 102, 103, ... as they come (HAProxy)
    first_only,  // relay only the first 1xx of the response (Envoy's proxy_100_continue)
    drop,        // relay none (nginx toward an HTTP/1.0 upstream)
};

enum class early_body_action : std::uint8_t {
    forward,              // it is the request's content: forward it (P-12)
    hold_until_continue,  // stop reading it until the upstream 100 (KEMP "Require 100-Continue")
    reject_501,           // take it for a new request and answer 501 (KEMP default; the outage)
};

enum class http10_hop_action : std::uint8_t {
    own_100,     // answer 100 ourselves and forward without Expect (RFC 9110 P-2)
    reject_417,  // answer 417 and do not forward (RFC 2616 §8.2.3)
};

// A 417 from upstream to the Expect we forwarded, before any body byte went up. RFC 9110
// §10.1.1: a 417 "merely indicates that the response chain does not support expectations", and
// the client that gets it SHOULD repeat the request without Expect. Upstream, the intermediary is
// that client; downstream it may answer the 100 itself, as it may toward an HTTP/1.0 hop (P-2).
enum class upstream_417_action : std::uint8_t {
    relay,                 // relay the 417; the client repeats the request if it can (HAProxy)
    retry_without_expect,  // repeat the head upstream without Expect on a new connection, send
                           // our own 100 if still owed, and stream the body (T-P-18)
};

// A second 100 from upstream after one already reached the client.
enum class duplicate_continue_relay : std::uint8_t {
    relay,     // relay it too (P-4; the client copes, C-6)
    coalesce,  // drop it: the client has had its 100
};

// Whether the intermediary asks upstream for a 100 that the client did not ask for (Apache
// httpd's `ping=`: a liveness probe before the body goes; P-4's exception: that 100 is ours,
// never relayed).
enum class added_expectation : std::uint8_t {
    never,  // forward what the client sent
    probe,  // add Expect: 100-continue to requests with content; no 100 in time: 503
};

// ---- The policy of each role, as a value ----------------------------------------------------

// Where a machine's policy comes from: its traits type's static members (the presets; zero
// size), or a value given to the machine's constructor (presets.hpp's runtime_* traits).
enum class policy_source : std::uint8_t { compile_time, run_time };

// A wait strategy as a value, for machines configured at run time (runtime_wait below) and for
// reading what a preset does: which kind, and its numbers. Every strategy of this header but
// configured_wait states its own as `static constexpr wait_policy policy`.
enum class wait_kind : std::uint8_t {
    fixed,     // hold for `fixed`
    adaptive,  // multiplier x the smoothed round trip, clamped to [minimum, maximum]; `initial`
               // first
    infinite,  // hold until a response comes (the hang C-4 warns about)
};

struct wait_policy {
    wait_kind kind = wait_kind::fixed;
    std::chrono::milliseconds fixed{1000};
    std::int64_t multiplier = 4;
    std::chrono::milliseconds minimum{50};
    std::chrono::milliseconds maximum{2000};
    std::chrono::milliseconds initial{1000};

    friend constexpr bool operator==(const wait_policy& a, const wait_policy& b) noexcept {
        return a.kind == b.kind && a.fixed == b.fixed && a.multiplier == b.multiplier &&
               a.minimum == b.minimum && a.maximum == b.maximum && a.initial == b.initial;
    }
};

// What basic_server decides by (server.hpp). The defaults are presets::rfc9110_server's.
struct server_policy {
    continue_timing when_continue = continue_timing::on_accept;
    unknown_expectation_action on_unknown_expectation = unknown_expectation_action::ignore;
    malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::reject_400;
    early_final_action after_early_final = early_final_action::discard;
    stall_action on_body_stall = stall_action::send_408_and_close;
    unsolicited_continue unsolicited = unsolicited_continue::off;
    std::uint64_t discard_byte_limit = std::uint64_t{256} * 1024;
    std::chrono::milliseconds discard_time_limit{5000};
    std::chrono::milliseconds body_stall_timeout{30000};

    constexpr auto fields() const noexcept {
        return std::tie(when_continue, on_unknown_expectation, on_malformed_expectation,
                        after_early_final, on_body_stall, unsolicited, discard_byte_limit,
                        discard_time_limit, body_stall_timeout);
    }
    friend constexpr bool operator==(const server_policy& a, const server_policy& b) noexcept {
        return a.fields() == b.fields();
    }
};

// What basic_client decides by (client.hpp). `wait` is the wait strategy's value: the machine
// uses it when its traits' strategy is runtime_wait (the run-time traits); a compile-time
// preset's strategy type states its own. The defaults are presets::rfc9110_client's.
struct client_policy {
    expect_use use_expect = expect_use::large_bodies;
    std::uint64_t expect_threshold = std::uint64_t{1024} * 1024;
    body_release release = body_release::on_100;
    client_early_final after_early_final = client_early_final::keep_sending;
    retry_policy on_417 = retry_policy::once;
    retry_policy on_close_before_response = retry_policy::once;
    wait_policy wait{wait_kind::adaptive,
                     std::chrono::milliseconds(0),
                     4,
                     std::chrono::milliseconds(50),
                     std::chrono::milliseconds(2000),
                     std::chrono::milliseconds(1000)};

    constexpr auto fields() const noexcept {
        return std::tie(use_expect, expect_threshold, release, after_early_final, on_417,
                        on_close_before_response, wait);
    }
    friend constexpr bool operator==(const client_policy& a, const client_policy& b) noexcept {
        return a.fields() == b.fields();
    }
};

// What basic_intermediary decides by (intermediary.hpp); `grace` as `wait` above. The defaults
// are presets::rfc9110_intermediary's.
struct intermediary_policy {
    expect_forwarding forwarding = expect_forwarding::keep_expect;
    continue_relay relay_continue = continue_relay::relay;
    other_1xx_relay relay_other_1xx = other_1xx_relay::relay;
    early_body_action early_body = early_body_action::forward;
    http10_hop_action on_http10_next_hop = http10_hop_action::own_100;
    unknown_expectation_action on_unknown_expectation = unknown_expectation_action::ignore;
    early_final_action after_early_final = early_final_action::close_if_unstarted;
    upstream_417_action on_upstream_417 = upstream_417_action::retry_without_expect;
    duplicate_continue_relay duplicate_continue = duplicate_continue_relay::relay;
    added_expectation add_expect = added_expectation::never;
    std::uint64_t discard_byte_limit = std::uint64_t{256} * 1024;
    std::chrono::milliseconds discard_time_limit{5000};
    std::chrono::milliseconds upstream_timeout{60000};
    wait_policy grace{wait_kind::adaptive,
                      std::chrono::milliseconds(0),
                      4,
                      std::chrono::milliseconds(50),
                      std::chrono::milliseconds(1000),
                      std::chrono::milliseconds(250)};

    constexpr auto fields() const noexcept {
        return std::tie(forwarding, relay_continue, relay_other_1xx, early_body, on_http10_next_hop,
                        on_unknown_expectation, after_early_final, on_upstream_417,
                        duplicate_continue, add_expect, discard_byte_limit, discard_time_limit,
                        upstream_timeout, grace);
    }
    friend constexpr bool operator==(const intermediary_policy& a,
                                     const intermediary_policy& b) noexcept {
        return a.fields() == b.fields();
    }
};

namespace detail {

template <class Traits, class = void>
struct policy_source_of {
    static constexpr policy_source value = policy_source::compile_time;
};
template <class Traits>
struct policy_source_of<Traits, std::void_t<decltype(Traits::source)>> {
    static constexpr policy_source value = Traits::source;
};

template <class Expected, class Member>
constexpr bool member_is = std::is_same_v<std::decay_t<Member>, Expected>;

template <class Strategy, class = void>
struct stated_wait_policy {
    static constexpr wait_policy value{};  // runtime_wait, shared_wait, the caller's own
};
template <class Strategy>
struct stated_wait_policy<Strategy, std::void_t<decltype(Strategy::policy)>> {
    static constexpr wait_policy value = Strategy::policy;
};

}  // namespace detail

// The policy a compile-time traits type states through its static members (every preset).
template <class Traits>
constexpr server_policy server_policy_of() noexcept {
    using detail::member_is;
    static_assert(member_is<continue_timing, decltype(Traits::when_continue)>,
                  "ServerTraits::when_continue must be a continue_timing");
    static_assert(member_is<unknown_expectation_action, decltype(Traits::on_unknown_expectation)>,
                  "ServerTraits::on_unknown_expectation must be an unknown_expectation_action");
    static_assert(
        member_is<malformed_expectation_action, decltype(Traits::on_malformed_expectation)>,
        "ServerTraits::on_malformed_expectation must be a malformed_expectation_action");
    static_assert(member_is<early_final_action, decltype(Traits::after_early_final)>,
                  "ServerTraits::after_early_final must be an early_final_action");
    static_assert(member_is<stall_action, decltype(Traits::on_body_stall)>,
                  "ServerTraits::on_body_stall must be a stall_action");
    static_assert(member_is<unsolicited_continue, decltype(Traits::unsolicited)>,
                  "ServerTraits::unsolicited must be an unsolicited_continue");
    server_policy p;
    p.when_continue = Traits::when_continue;
    p.on_unknown_expectation = Traits::on_unknown_expectation;
    p.on_malformed_expectation = Traits::on_malformed_expectation;
    p.after_early_final = Traits::after_early_final;
    p.on_body_stall = Traits::on_body_stall;
    p.unsolicited = Traits::unsolicited;
    p.discard_byte_limit = static_cast<std::uint64_t>(Traits::discard_byte_limit);
    p.discard_time_limit = std::chrono::milliseconds(Traits::discard_time_limit);
    p.body_stall_timeout = std::chrono::milliseconds(Traits::body_stall_timeout);
    return p;
}

template <class Traits>
constexpr client_policy client_policy_of() noexcept {
    using detail::member_is;
    static_assert(member_is<expect_use, decltype(Traits::use_expect)>,
                  "ClientTraits::use_expect must be an expect_use");
    static_assert(member_is<body_release, decltype(Traits::release)>,
                  "ClientTraits::release must be a body_release");
    static_assert(member_is<client_early_final, decltype(Traits::after_early_final)>,
                  "ClientTraits::after_early_final must be a client_early_final");
    static_assert(member_is<retry_policy, decltype(Traits::on_417)> &&
                      member_is<retry_policy, decltype(Traits::on_close_before_response)>,
                  "ClientTraits::on_417 and on_close_before_response must be retry_policy");
    client_policy p;
    p.use_expect = Traits::use_expect;
    p.expect_threshold = static_cast<std::uint64_t>(Traits::expect_threshold);
    p.release = Traits::release;
    p.after_early_final = Traits::after_early_final;
    p.on_417 = Traits::on_417;
    p.on_close_before_response = Traits::on_close_before_response;
    p.wait = detail::stated_wait_policy<typename Traits::wait_strategy>::value;
    return p;
}

template <class Traits>
constexpr intermediary_policy intermediary_policy_of() noexcept {
    using detail::member_is;
    static_assert(member_is<expect_forwarding, decltype(Traits::forwarding)>,
                  "IntermediaryTraits::forwarding must be an expect_forwarding");
    static_assert(member_is<continue_relay, decltype(Traits::relay_continue)>,
                  "IntermediaryTraits::relay_continue must be a continue_relay");
    static_assert(member_is<other_1xx_relay, decltype(Traits::relay_other_1xx)>,
                  "IntermediaryTraits::relay_other_1xx must be an other_1xx_relay");
    static_assert(member_is<early_body_action, decltype(Traits::early_body)>,
                  "IntermediaryTraits::early_body must be an early_body_action");
    static_assert(member_is<http10_hop_action, decltype(Traits::on_http10_next_hop)>,
                  "IntermediaryTraits::on_http10_next_hop must be an http10_hop_action");
    static_assert(
        member_is<unknown_expectation_action, decltype(Traits::on_unknown_expectation)>,
        "IntermediaryTraits::on_unknown_expectation must be an unknown_expectation_action");
    static_assert(member_is<early_final_action, decltype(Traits::after_early_final)>,
                  "IntermediaryTraits::after_early_final must be an early_final_action");
    static_assert(member_is<upstream_417_action, decltype(Traits::on_upstream_417)>,
                  "IntermediaryTraits::on_upstream_417 must be an upstream_417_action");
    static_assert(member_is<duplicate_continue_relay, decltype(Traits::duplicate_continue)>,
                  "IntermediaryTraits::duplicate_continue must be a duplicate_continue_relay");
    static_assert(member_is<added_expectation, decltype(Traits::add_expect)>,
                  "IntermediaryTraits::add_expect must be an added_expectation");
    intermediary_policy p;
    p.forwarding = Traits::forwarding;
    p.relay_continue = Traits::relay_continue;
    p.relay_other_1xx = Traits::relay_other_1xx;
    p.early_body = Traits::early_body;
    p.on_http10_next_hop = Traits::on_http10_next_hop;
    p.on_unknown_expectation = Traits::on_unknown_expectation;
    p.after_early_final = Traits::after_early_final;
    p.on_upstream_417 = Traits::on_upstream_417;
    p.duplicate_continue = Traits::duplicate_continue;
    p.add_expect = Traits::add_expect;
    p.discard_byte_limit = static_cast<std::uint64_t>(Traits::discard_byte_limit);
    p.discard_time_limit = std::chrono::milliseconds(Traits::discard_time_limit);
    p.upstream_timeout = std::chrono::milliseconds(Traits::upstream_timeout);
    p.grace = detail::stated_wait_policy<typename Traits::grace_wait>::value;
    return p;
}

namespace detail {

template <class Policy>
struct policy_reader;
template <>
struct policy_reader<server_policy> {
    template <class Traits>
    static constexpr server_policy of() noexcept {
        return server_policy_of<Traits>();
    }
};
template <>
struct policy_reader<client_policy> {
    template <class Traits>
    static constexpr client_policy of() noexcept {
        return client_policy_of<Traits>();
    }
};
template <>
struct policy_reader<intermediary_policy> {
    template <class Traits>
    static constexpr intermediary_policy of() noexcept {
        return intermediary_policy_of<Traits>();
    }
};

// Where a machine keeps its policy: nowhere for compile-time traits (an empty base that answers
// with the traits' value), a member for run-time ones.
template <class Policy, class Traits, policy_source Source = policy_source_of<Traits>::value>
class policy_store {
public:
    static constexpr Policy value = policy_reader<Policy>::template of<Traits>();
    constexpr const Policy& policy() const noexcept { return value; }
};

template <class Policy, class Traits>
class policy_store<Policy, Traits, policy_source::run_time> {
public:
    constexpr const Policy& policy() const noexcept { return policy_value_; }

protected:
    Policy policy_value_{};
};

}  // namespace detail

}  // namespace expect100

#endif  // EXPECT100_POLICY_HPP
