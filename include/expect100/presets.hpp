// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Presets: named traits that reproduce real systems, so that a test, a demo or a migration can
// say "behave like Go's server" in one word. The RFC 9110 preset is the default; every other
// preset documents, in docs/presets.md, where its behaviour comes from and what goes wrong with
// it. Facts are from docs/peers.md (sources read, docs, measurements), cited per preset.
//
// Each preset is a template on the clock type (only its types are used; nothing here reads a
// clock), defaulting to std::chrono::steady_clock.
#ifndef EXPECT100_PRESETS_HPP
#define EXPECT100_PRESETS_HPP

#include <expect100/policy.hpp>
#include <expect100/wait.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>

namespace expect100::presets {

// ---- Origin servers ---------------------------------------------------------------------------

// RFC 9110 as this library reads it: the 100 as soon as the application accepts the head
// (S-3, S-4: immediately, never waiting for content), unknown expectations ignored (S-11 is a
// MAY), a malformed Expect refused with 400, early final responses followed by a bounded
// read-and-discard (S-8), a client stalled for 30 s mid-body answered 408 (S-16).
template <class Clock = std::chrono::steady_clock>
struct rfc9110_server {
    static constexpr std::string_view name = "rfc9110_server";
    using clock = Clock;
    static constexpr continue_timing when_continue = continue_timing::on_accept;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::ignore;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::reject_400;
    static constexpr early_final_action after_early_final = early_final_action::discard;
    static constexpr stall_action on_body_stall = stall_action::send_408_and_close;
    static constexpr unsolicited_continue unsolicited = unsolicited_continue::off;
    static constexpr std::uint64_t discard_byte_limit = std::uint64_t{256} * 1024;
    static constexpr std::chrono::seconds discard_time_limit{5};
    static constexpr std::chrono::seconds body_stall_timeout{30};
};

// The outage's origin (Exchange 2013 behind the balancer): answered 100 "almost at once",
// before any application decision (docs/outage.md). Otherwise RFC defaults.
template <class Clock = std::chrono::steady_clock>
struct exchange_origin : rfc9110_server<Clock> {
    static constexpr std::string_view name = "exchange_origin";
    static constexpr continue_timing when_continue = continue_timing::on_head;
};

// nginx as an origin (docs/peers.md): 100 lazily when a module starts reading the body; no list
// parsing, so anything but the exact value is ignored, unknown members included; after an
// early response the body is read and discarded under lingering_close limits (5 s, M);
// client_body_timeout 60 s answers 408.
template <class Clock = std::chrono::steady_clock>
struct nginx_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "nginx_server";
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::ignore;
    static constexpr std::chrono::seconds body_stall_timeout{60};
};

// Go net/http (docs/peers.md): 100 on the handler's first Read; any other Expect value → 417 and
// close; an expect-continue body left unread → close after the reply (no discard, golang#11549);
// no read deadline by default.
template <class Clock = std::chrono::steady_clock>
struct go_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "go_server";
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr early_final_action after_early_final = early_final_action::close;
    static constexpr stall_action on_body_stall = stall_action::wait;
};

// hyper (docs/peers.md): 100 the first time the service polls the body; unknown values silently
// ignored (whole-value compare); an unread body gets a cheap drain, else the read side closes;
// no body timeout of its own.
template <class Clock = std::chrono::steady_clock>
struct hyper_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "hyper_server";
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr malformed_expectation_action on_malformed_expectation =
        malformed_expectation_action::ignore;
    static constexpr std::uint64_t discard_byte_limit =
        std::uint64_t{64} * 1024;  // "cheap": buffered bytes
    static constexpr stall_action on_body_stall = stall_action::wait;
};

// Node.js http without a 'checkContinue' listener (docs/peers.md): writes 100 immediately and
// emits 'request'; other values → automatic 417; unread bodies are dumped; requestTimeout
// (300 s) answers 408.
template <class Clock = std::chrono::steady_clock>
struct node_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "node_server";
    static constexpr continue_timing when_continue = continue_timing::on_head;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr std::chrono::seconds body_stall_timeout{300};
};

// Apache httpd core (docs/peers.md): 100 lazily on the first blocking body read; any other value
// → 417 (HttpExpectStrict on); a response that goes out while the 100 is still pending
// disables keep-alive (PR 47087): close; RequestReadTimeout body=20 s answers 408.
template <class Clock = std::chrono::steady_clock>
struct httpd_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "httpd_server";
    static constexpr continue_timing when_continue = continue_timing::on_first_read;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
    static constexpr early_final_action after_early_final = early_final_action::close;
    static constexpr std::chrono::seconds body_stall_timeout{20};
};

// A legacy server that never sends 100 (the case every client timer exists for, C-4).
template <class Clock = std::chrono::steady_clock>
struct never_continue_server : rfc9110_server<Clock> {
    static constexpr std::string_view name = "never_continue_server";
    static constexpr continue_timing when_continue = continue_timing::never;
};

// ---- Clients ------------------------------------------------------------------------------------

// RFC 9110 as this library reads it: Expect only where it pays (content of unknown length or
// at least 1 MiB, curl's threshold), a wait of 4 round trips clamped to 50 ms..2 s (1 s before
// any sample), only a 100 releases the body, the body is sent in full after an early final
// response unless the server closes (RFC 9110 §7.5, C-9, C-12), a 417 retried once without
// Expect (C-5), an idempotent request retried once when the connection dies first (C-14).
template <class Clock = std::chrono::steady_clock>
struct rfc9110_client {
    static constexpr std::string_view name = "rfc9110_client";
    using clock = Clock;
    using wait_strategy = adaptive_wait<4, 50, 2000, 1000>;
    static constexpr expect_use use_expect = expect_use::large_bodies;
    static constexpr std::uint64_t expect_threshold = std::uint64_t{1024} * 1024;
    static constexpr body_release release = body_release::on_100;
    static constexpr client_early_final after_early_final = client_early_final::keep_sending;
    static constexpr retry_policy on_417 = retry_policy::once;
    static constexpr retry_policy on_close_before_response = retry_policy::once;
};

// The outage's client (Office 365's mailbox-move check, docs/outage.md): Expect on every
// request with a body, a fixed 5 s wait, then the body anyway.
template <class Clock = std::chrono::steady_clock>
struct office365_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "office365_client";
    using wait_strategy = fixed_wait<5000>;
    static constexpr expect_use use_expect = expect_use::always;
    static constexpr client_early_final after_early_final = client_early_final::stop_and_close;
    static constexpr retry_policy on_417 = retry_policy::never;
};

// curl (docs/peers.md): Expect for unknown sizes or > 1 MiB, 1000 ms after the head is sent, other
// 1xx ignored, 417 retried once without Expect, >= 300 before the upload is done: stop and close.
template <class Clock = std::chrono::steady_clock>
struct curl_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "curl_client";
    using wait_strategy = fixed_wait<1000>;
    static constexpr client_early_final after_early_final = client_early_final::stop_and_close;
    static constexpr retry_policy on_close_before_response = retry_policy::never;
};

// Go's Transport with a user-set Expect (docs/peers.md): ExpectContinueTimeout 1 s in
// DefaultTransport, other 1xx skipped, a final response without close: send the body anyway;
// no 417 retry.
template <class Clock = std::chrono::steady_clock>
struct go_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "go_client";
    using wait_strategy = fixed_wait<1000>;
    static constexpr expect_use use_expect = expect_use::always;
    static constexpr retry_policy on_417 = retry_policy::never;
};

// .NET SocketsHttpHandler with ExpectContinue = true (docs/peers.md): Expect100ContinueTimeout
// 1 s, other 1xx ignored, a final >= 300 with the body unsent: do not send it, close (the
// 1 KiB small-body exception is not modelled); no 417 retry.
template <class Clock = std::chrono::steady_clock>
struct dotnet_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "dotnet_client";
    using wait_strategy = fixed_wait<1000>;
    static constexpr expect_use use_expect = expect_use::always;
    static constexpr client_early_final after_early_final = client_early_final::stop_and_close;
    static constexpr retry_policy on_417 = retry_policy::never;
};

// .NET Framework HttpWebRequest (docs/peers.md): Expect on POST/PUT, 350 ms, and the only
// per-origin memory in the survey: an origin that completed without a 100 is not waited for
// again (here: not sent Expect) until it is forgotten.
template <class Clock = std::chrono::steady_clock>
struct dotnet_framework_client : dotnet_client<Clock> {
    static constexpr std::string_view name = "dotnet_framework_client";
    using wait_strategy = fixed_wait<350>;
    static constexpr expect_use use_expect = expect_use::learned;
    static constexpr std::uint64_t expect_threshold = 1;
};

// botocore / boto3 for S3 (docs/peers.md): Expect on every body, a 1 s wait, and any status
// line other than 100 (even a 1xx) taken as final: the body is never sent. USE WITH CAUTION:
// this reproduces a defect (a 103 ends the upload).
template <class Clock = std::chrono::steady_clock>
struct botocore_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "botocore_client";
    using wait_strategy = fixed_wait<1000>;
    static constexpr expect_use use_expect = expect_use::always;
    static constexpr body_release release = body_release::non_100_is_final;
    static constexpr client_early_final after_early_final = client_early_final::stop_and_close;
    static constexpr retry_policy on_417 = retry_policy::never;
};

// java.net.http.HttpClient with expectContinue(true) (docs/peers.md): at most 5 s since
// JDK-8324209, the connection closed after a non-100 final; no 417 retry.
template <class Clock = std::chrono::steady_clock>
struct java_client : rfc9110_client<Clock> {
    static constexpr std::string_view name = "java_client";
    using wait_strategy = fixed_wait<5000>;
    static constexpr expect_use use_expect = expect_use::always;
    static constexpr client_early_final after_early_final = client_early_final::stop_and_close;
    static constexpr retry_policy on_417 = retry_policy::never;
};

// Beast's documented 100-continue snippet (docs/peers.md): always Expect, no timer at all, and
// any status but 100 treated as the final answer. USE WITH CAUTION: waits forever for a 100
// that an HTTP/1.0 hop can never send (C-4).
template <class Clock = std::chrono::steady_clock>
struct beast_snippet_client : botocore_client<Clock> {
    static constexpr std::string_view name = "beast_snippet_client";
    using wait_strategy = infinite_wait;
};

// ---- Intermediaries (proxies, load balancers) ---------------------------------------------------

// RFC 9110 with the grace 100 (the default forwarding preset, no peer has it): Expect forwarded
// unchanged (P-1), the origin's 1xx relayed at once (P-4), an early body forwarded (P-12), and
// if the origin stays silent for the grace (4 upstream round trips, 50 ms..1 s, 250 ms before
// any sample) the client gets our own 100; the origin's early rejection is still relayed. Toward
// an HTTP/1.0 hop our own 100 (P-2); unknown expectations forwarded (P-6); after an early final
// a body already flowing is dropped within 256 KiB / 5 s, and a client that sent none yet is
// asked to close (T-P-17: its next request comes on a new connection, never read as the body);
// a 417 to the forwarded Expect before any body went up is repeated upstream without Expect
// while the client gets our own 100 (T-P-18); upstream silent for 60 s: 504.
template <class Clock = std::chrono::steady_clock>
struct rfc9110_intermediary {
    static constexpr std::string_view name = "rfc9110_intermediary";
    using clock = Clock;
    using grace_wait = adaptive_wait<4, 50, 1000, 250>;
    static constexpr expect_forwarding forwarding = expect_forwarding::keep_expect;
    static constexpr continue_relay relay_continue = continue_relay::relay;
    static constexpr other_1xx_relay relay_other_1xx = other_1xx_relay::relay;
    static constexpr early_body_action early_body = early_body_action::forward;
    static constexpr http10_hop_action on_http10_next_hop = http10_hop_action::own_100;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::ignore;
    static constexpr early_final_action after_early_final = early_final_action::close_if_unstarted;
    static constexpr upstream_417_action on_upstream_417 =
        upstream_417_action::retry_without_expect;
    static constexpr duplicate_continue_relay duplicate_continue = duplicate_continue_relay::relay;
    static constexpr added_expectation add_expect = added_expectation::never;
    static constexpr std::uint64_t discard_byte_limit = std::uint64_t{256} * 1024;
    static constexpr std::chrono::seconds discard_time_limit{5};
    static constexpr std::chrono::seconds upstream_timeout{60};
};

// A transparent forwarding proxy: everything as RFC 9110 but no grace 100 of its own, so a
// silent origin costs the client its whole timer (HAProxy's measured behaviour). The base of
// the pass-through presets below.
template <class Clock = std::chrono::steady_clock>
struct passthrough_proxy : rfc9110_intermediary<Clock> {
    static constexpr std::string_view name = "passthrough_proxy";
    using grace_wait = infinite_wait;
    // HAProxy 2.6, Traffic Server 9.2 and Squid 5.7 relay an early final with keep-alive and
    // then read the announced body even when none came: curl 7.88's 417 retry, sent on the same
    // connection without that body, is read as the body (measured on loopback, December 2026).
    // The presets built on this one keep that behaviour; rfc9110_intermediary does not.
    static constexpr early_final_action after_early_final = early_final_action::discard;
    static constexpr upstream_417_action on_upstream_417 = upstream_417_action::relay;
};

// The three KEMP LoadMaster "100-Continue Handling" modes (docs/outage.md). The outage
// write-up says the balancer never passed the origin's immediate 100 on, and that switching the
// mode only made the 501 go away; so all three withhold the origin's 100 (the reason was
// never found) and differ in what they do with the body the client then sends.
//
// "RFC-2616 Compliant" (API expect100=0, the factory default): a body that arrives before any
// relayed 100 is read as a new request: 501 (the best reading of the log line, docs/outage.md).
// Unknown expectations and HTTP/1.0 hops: 417, as RFC 2616 reads. USE WITH CAUTION: this is the
// outage.
template <class Clock = std::chrono::steady_clock>
struct kemp_rfc2616_strict : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "kemp_rfc2616_strict";
    static constexpr continue_relay relay_continue = continue_relay::withhold;
    static constexpr early_body_action early_body = early_body_action::reject_501;
    static constexpr http10_hop_action on_http10_next_hop = http10_hop_action::reject_417;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
};

// "Require 100-Continue" (expect100=1): the client's body is held until the origin's 100 has
// been seen; never rejected (the best reading). An origin that never sends 100 stalls the upload
// until the upstream timeout. USE WITH CAUTION.
template <class Clock = std::chrono::steady_clock>
struct kemp_require_100 : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "kemp_require_100";
    static constexpr continue_relay relay_continue = continue_relay::withhold;
    static constexpr early_body_action early_body = early_body_action::hold_until_continue;
};

// "RFC-7231 Compliant" (expect100=2, the outage's fix): the body is passed through whenever it
// comes; no enforcement. The exchange completes, after the client's own wait.
template <class Clock = std::chrono::steady_clock>
struct kemp_rfc7231 : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "kemp_rfc7231";
    static constexpr continue_relay relay_continue = continue_relay::withhold;
};

// An RFC 2616 proxy: forward with Expect; toward a known HTTP/1.0 hop and for unknown
// expectations, 417 (§8.2.3, §14.20).
template <class Clock = std::chrono::steady_clock>
struct rfc2616_proxy : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "rfc2616_proxy";
    static constexpr http10_hop_action on_http10_next_hop = http10_hop_action::reject_417;
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
};

// A gateway that answers 100 itself as soon as the head is complete (RFC 9110 §3.7 with
// §10.1.1, P-11) and forwards without Expect; the origin's 100 is never duplicated.
template <class Clock = std::chrono::steady_clock>
struct gateway_self_100 : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "gateway_self_100";
    static constexpr expect_forwarding forwarding = expect_forwarding::strip_and_answer;
};

// nginx as a reverse proxy with its defaults (docs/peers.md, measured): answers 100 itself at
// once, reads the whole body (request buffering), then sends head and body upstream over
// HTTP/1.0 without Expect; relays no 1xx; unknown values ignored.
template <class Clock = std::chrono::steady_clock>
struct nginx_proxy : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "nginx_proxy";
    static constexpr expect_forwarding forwarding = expect_forwarding::buffer_request;
    static constexpr other_1xx_relay relay_other_1xx = other_1xx_relay::drop;
};

// HAProxy, mode http, defaults (docs/peers.md, measured): transparent; Expect forwarded, every
// 1xx relayed in order, an early body accepted; no grace: a silent origin costs the client its
// whole timer.
template <class Clock = std::chrono::steady_clock>
struct haproxy : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "haproxy";
};

// HAProxy with option http-buffer-request: answers 100 itself and removes the member.
template <class Clock = std::chrono::steady_clock>
struct haproxy_buffer : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "haproxy_buffer";
    static constexpr expect_forwarding forwarding = expect_forwarding::strip_and_answer;
};

// Envoy's default (docs/peers.md): a local 100 at once, Expect stripped.
template <class Clock = std::chrono::steady_clock>
struct envoy : gateway_self_100<Clock> {
    static constexpr std::string_view name = "envoy";
};

// Envoy with proxy_100_continue: Expect forwarded, only the first 1xx relayed.
template <class Clock = std::chrono::steady_clock>
struct envoy_proxy_100 : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "envoy_proxy_100";
    static constexpr other_1xx_relay relay_other_1xx = other_1xx_relay::first_only;
};

// Apache Traffic Server (docs/peers.md): option 0 forwards and relays 100 and 103 with no timer
// (it can hang, ATS#12072), and holds a body that came before the origin's 100 until that 100
// (measured: `expect100-probe suite`, silent_origin, docs/peers.md); option 1 answers 100 itself.
template <class Clock = std::chrono::steady_clock>
struct traffic_server_forward : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "traffic_server_forward";
    static constexpr early_body_action early_body = early_body_action::hold_until_continue;
};
template <class Clock = std::chrono::steady_clock>
struct traffic_server_local_100 : gateway_self_100<Clock> {
    static constexpr std::string_view name = "traffic_server_local_100";
};

// Apache httpd mod_proxy_http with a worker `ping=` (docs/peers.md): Expect: 100-continue added
// toward the backend as a liveness probe for requests with a body; no 100 within the ping
// timeout (here 1 s): 503. Its own 100s are never relayed (P-4).
template <class Clock = std::chrono::steady_clock>
struct httpd_proxy_ping : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "httpd_proxy_ping";
    using grace_wait = fixed_wait<1000>;
    static constexpr added_expectation add_expect = added_expectation::probe;
};

// Squid (docs/peers.md): forwards Expect, relays 1xx (an ACL can block them), no timer; unknown
// expectations answered 417.
template <class Clock = std::chrono::steady_clock>
struct squid : passthrough_proxy<Clock> {
    static constexpr std::string_view name = "squid";
    static constexpr unknown_expectation_action on_unknown_expectation =
        unknown_expectation_action::reject_417;
};

// ---- Every preset of a role, and lookup by name -------------------------------------------------
// The lists are the one place that says which presets exist: tests run every one of them, the
// programs accept each by its `name` (--preset), and the names are proved unique below.

// ---- Run-time policies ------------------------------------------------------------------------
//
// Traits whose policy is a value given to the machine's constructor (policy.hpp): one machine
// type serves every preset and every command-line override, e.g.
//     client_policy p = client_policy_of<presets::curl_client<>>();
//     p.use_expect = expect_use::always;                   // --expect always
//     basic_client<presets::runtime_client<>> c(p);
// The wait (a client's) and the grace (an intermediary's) are runtime_wait by default, set from
// the policy's wait_policy; shared_wait<adaptive_wait<>> instead lets every connection to one
// upstream share one estimate (wait.hpp).

template <class Clock = std::chrono::steady_clock>
struct runtime_server {
    static constexpr std::string_view name = "runtime_server";
    static constexpr policy_source source = policy_source::run_time;
    using clock = Clock;
};

template <class Clock = std::chrono::steady_clock, class Wait = runtime_wait>
struct runtime_client {
    static constexpr std::string_view name = "runtime_client";
    static constexpr policy_source source = policy_source::run_time;
    using clock = Clock;
    using wait_strategy = Wait;
};

template <class Clock = std::chrono::steady_clock, class Grace = runtime_wait>
struct runtime_intermediary {
    static constexpr std::string_view name = "runtime_intermediary";
    static constexpr policy_source source = policy_source::run_time;
    using clock = Clock;
    using grace_wait = Grace;
};

template <class Clock = std::chrono::steady_clock>
using server_presets =
    std::tuple<rfc9110_server<Clock>, exchange_origin<Clock>, nginx_server<Clock>, go_server<Clock>,
               hyper_server<Clock>, node_server<Clock>, httpd_server<Clock>,
               never_continue_server<Clock>>;

template <class Clock = std::chrono::steady_clock>
using client_presets =
    std::tuple<rfc9110_client<Clock>, office365_client<Clock>, curl_client<Clock>, go_client<Clock>,
               dotnet_client<Clock>, dotnet_framework_client<Clock>, botocore_client<Clock>,
               java_client<Clock>, beast_snippet_client<Clock>>;

template <class Clock = std::chrono::steady_clock>
using intermediary_presets =
    std::tuple<rfc9110_intermediary<Clock>, passthrough_proxy<Clock>, kemp_rfc2616_strict<Clock>,
               kemp_require_100<Clock>, kemp_rfc7231<Clock>, rfc2616_proxy<Clock>,
               gateway_self_100<Clock>, nginx_proxy<Clock>, haproxy<Clock>, haproxy_buffer<Clock>,
               envoy<Clock>, envoy_proxy_100<Clock>, traffic_server_forward<Clock>,
               traffic_server_local_100<Clock>, httpd_proxy_ping<Clock>, squid<Clock>>;

namespace detail {

template <class... P>
constexpr bool names_unique(std::tuple<P...>*) noexcept {
    const std::string_view names[] = {P::name...};
    for (std::size_t i = 0; i < sizeof...(P); ++i) {
        for (std::size_t j = i + 1; j < sizeof...(P); ++j) {
            if (names[i] == names[j]) return false;
        }
    }
    return true;
}

template <class List>
constexpr bool unique_names = names_unique(static_cast<List*>(nullptr));

}  // namespace detail

// A preset that inherits without declaring its own name would repeat its base's: caught here.
static_assert(detail::unique_names<server_presets<>>, "two server presets share a name");
static_assert(detail::unique_names<client_presets<>>, "two client presets share a name");
static_assert(detail::unique_names<intermediary_presets<>>,
              "two intermediary presets share a name");

// Calls f(P{}) for every preset P of List, in order.
template <class List, class F>
constexpr void for_each_preset(F&& f) {
    std::apply([&](auto... p) { (f(p), ...); }, List{});
}

// Calls f(P{}) for the preset of List called `name`. @return false when there is none.
template <class List, class F>
constexpr bool with_preset(std::string_view name, F&& f) {
    bool found = false;
    for_each_preset<List>([&](auto p) {
        if (!found && decltype(p)::name == name) {
            found = true;
            f(p);
        }
    });
    return found;
}

// The policy of the preset of List called `name` (a --preset flag), for a machine with
// run-time traits; nothing when List has no such preset. List is server_presets,
// client_presets or intermediary_presets; Policy is the matching policy type.
template <class List, class Policy>
std::optional<Policy> policy_named(std::string_view name) {
    std::optional<Policy> found;
    with_preset<List>(name, [&](auto preset) {
        using traits = decltype(preset);
        found = ::expect100::detail::policy_reader<Policy>::template of<traits>();
    });
    return found;
}

}  // namespace expect100::presets

#endif  // EXPECT100_PRESETS_HPP
