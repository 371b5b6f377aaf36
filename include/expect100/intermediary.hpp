// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// basic_intermediary: a proxy's or load balancer's side of Expect: 100-continue, for one
// downstream connection and the upstream exchange it drives.
//
// Theory of operation
// -------------------
// Downstream is the client's connection: there the intermediary is a server (a gateway is bound
// by origin-server rules on that side, P-11). Upstream is the next hop: there it is a client.
// The caller owns both connections, the parsers, the clock. It feeds the machine what happened
// on either side with the current time and performs each step's actions in order; every action
// says its side (action::side()). It asks next_deadline() after every step.
//
// The rules, and where they are decided (one place each):
// - What goes upstream (on_request_head): the head at once, Expect unchanged (P-1, G-21), or
//   Expect removed with a 100 of our own (nginx, Envoy, a gateway's self-100), or, buffering,
//   the whole body first (nginx's default). policy().forwarding.
// - Toward a next hop known to speak HTTP/1.0 (the caller says so: configuration or memory,
//   P-3): our own 100 (RFC 9110, P-2) or 417 (RFC 2616). policy().on_http10_next_hop.
// - Unknown expectations: forwarded (RFC 9110 is silent, P-6) or 417 (RFC 2616).
// - 1xx from upstream: relayed at once (P-4), never to an HTTP/1.0 client (P-5, P-13); a 100
//   after we already sent one downstream is swallowed (no duplicate); 102/103 relayed, dropped,
//   or only the first relayed (Envoy). policy().continue_relay and policy().other_1xx.
// - The grace 100 (the default, a feature no peer has): Expect is forwarded and the origin's 100
//   relayed, but if upstream stays silent for Traits::grace_wait after the head was flushed, we
//   send the 100 downstream ourselves; the origin's early rejection is still relayed.
// - A body from downstream before any 100 (the client's timer ran out): forwarded under its
//   own framing (P-12; never a 501), held until the origin's 100 (kemp_require_100), or, to
//   reproduce the outage, answered 501 (kemp_rfc2616_strict). policy().early_body.
// - The origin's early final response: relayed; the body stops going upstream; downstream
//   closes, or reads and drops the rest within caps, so the unsent body is never read as the
//   next request (smuggling). policy().after_early_final, discard limits.
// - A 417 from upstream to our forwarded Expect before any body went up: relayed, or (the
//   default) repeated upstream once without Expect on a new connection while the client gets
//   our own 100, so clients that handle 417 badly (curl 7.88 sends its retry without the body
//   it announced; many never retry) still get their answer. policy().on_upstream_417.
// - Upstream failure before the final response: 502; silence past policy().upstream_timeout
//   (or what set_upstream_timeout() said, for a timeout from configuration): 504. Never an
//   automatic retry (P-9).
// - A 100 we asked for ourselves (policy().add_expect, httpd's ping) is never relayed (P-4);
//   its absence past the grace is a 503.
// - A duplicate 100 after one reached the client: relayed or coalesced
//   (policy().duplicate_continue); after our own grace 100, the origin's is always swallowed.
//
// Sub-machines and their invariants
// ---------------------------------
// The table's state is the exchange (detail/intermediary_table.hpp; detail/machine_core.hpp
// checks every move against it). Beside it, small machines carry what the state cannot;
// invariants_hold() checks their links after every step in the fuzz targets.
// 1. The 100 owed downstream (continue_state()): not_owed | owed -> relayed | own | skipped.
//    owed only before a final response has started (awaiting_continue, streaming_body,
//    awaiting_response, buffering) and never to an HTTP/1.0 client.
// 2. The body, upstream (body_): none | waiting -> held -> forwarding -> complete | stopped;
//    and downstream (body_in_): due -> complete. held only in awaiting_continue.
// 3. The upstream connection (upstream_): none | reusable | spent. none before anything went
//    up, and after it was closed or failed; spent once it cannot go back to the pool (a body
//    stopped half-way, Connection: close, an invalid response): closed when the exchange ends.
//    A final response relayed from upstream is cut off when that connection fails mid-way; our
//    own final responses never depend on it (upstream_ is none by then).
// 4. The expectation upstream (upstream_expect_): none | forwarded | added (our probe) |
//    repeated (the head went again without it after a 417, at most once per exchange).
// 5. The downstream connection's reuse (reuse_): keep_alive | after_discarding | close, as in
//    the server: close never returns to keep_alive within an exchange; after_discarding (the
//    client's unsent body read and dropped within caps) only in relaying_response or draining
//    (or closed, where it means nothing any more).
// Deadlines: the grace only in awaiting_continue; the upstream timeout only before a final
// response; the discard cap only in relaying_response or draining; none in idle and closed.
// Body credit (body_credit()) follows sub-machines 2 and 5: open while the body is forwarded
// (or buffered), received + the discard allowance while after_discarding, otherwise what came.
#ifndef EXPECT100_INTERMEDIARY_HPP
#define EXPECT100_INTERMEDIARY_HPP

#include <expect100/action.hpp>
#include <expect100/error.hpp>
#include <expect100/intermediary_state.hpp>
#include <expect100/message.hpp>
#include <expect100/policy.hpp>
#include <expect100/time.hpp>
#include <expect100/trace.hpp>
#include <expect100/transport.hpp>
#include <expect100/wait.hpp>

#include <expect100/detail/ebo.hpp>
#include <expect100/detail/intermediary_table.hpp>
#include <expect100/detail/machine_core.hpp>

#include <cstdint>
#include <type_traits>

namespace expect100 {

// A decision the caller takes on the head before anything goes upstream (P-1: "respond with a
// final status if the method, target and headers decide it"), e.g. 401, 403, 413.
struct local_answer {
    std::uint16_t status = 0;  // 0: no local answer, forward the request
};

// What the caller knows of the next hop (configuration, or a remembered version, P-3).
enum class next_hop_version : std::uint8_t { unknown, http_1_1, http_1_0 };

// What became of the 100 toward the client.
enum class downstream_continue : std::uint8_t {
    not_owed,  // no 100-continue, HTTP/1.0 client, no content, or refused
    owed,      // the client may be waiting right now
    relayed,   // the origin's 100 went to the client
    own,       // we sent our own (grace, strip_and_answer, buffer_request, HTTP/1.0 hop)
    skipped,   // the body came first, or a final response did
};

template <class Traits, class Trace = null_trace>
class basic_intermediary : private detail::policy_store<intermediary_policy, Traits>,
                           private detail::ebo_holder<typename Traits::grace_wait, 1> {
public:
    using step = intermediary_step;           // what every event answers
    using action = typename step::action;     // one of this role's actions
    using action_kind = intermediary_action;  // this role's vocabulary (action.hpp)
    using traits_type = Traits;
    using clock = typename Traits::clock;
    using time_point = typename clock::time_point;
    using duration = typename clock::duration;
    using trace_type = Trace;
    using grace_wait = typename Traits::grace_wait;

    using policy_type = intermediary_policy;

    // With compile-time traits (every preset) the policy is the traits'; with run-time traits
    // (presets::runtime_intermediary) it is RFC 9110's until given to the constructor, which
    // also sets the runtime_wait grace from policy.grace.
    constexpr basic_intermediary() noexcept = default;
    template <class T = Traits, class = std::enable_if_t<detail::policy_source_of<T>::value ==
                                                         policy_source::run_time>>
    constexpr explicit basic_intermediary(const intermediary_policy& p) noexcept
        : upstream_timeout_(p.upstream_timeout) {
        this->policy_value_ = p;
        if constexpr (std::is_same_v<grace_wait, runtime_wait>) {
            grace() = runtime_wait(p.grace);
        }
    }
    // The rules this machine decides by (policy.hpp).
    using detail::policy_store<intermediary_policy, Traits>::policy;

    // ---- Events: downstream ---------------------------------------------------------------
    // @param answer a final status the caller decided on from the head alone (P-1, T-P-10):
    //   written downstream, nothing goes upstream.
    step on_request_head(const request_facts& head, next_hop_version hop, time_point now,
                         local_answer answer = {}) noexcept;
    step on_body_bytes(std::uint64_t n, time_point now) noexcept;
    step on_body_end(time_point now) noexcept;
    // The final response (relayed or our own) is fully written downstream.
    step on_response_complete(time_point now) noexcept;
    step on_downstream_closed(time_point now) noexcept;

    // ---- Events: upstream -----------------------------------------------------------------
    step on_upstream_head_sent(time_point now) noexcept;
    step on_upstream_interim(std::uint16_t status, time_point now) noexcept;
    step on_upstream_final(const response_facts& response, time_point now) noexcept;
    // Connect, write or read failed, or upstream closed before the final response was relayed.
    step on_upstream_failed(time_point now) noexcept;

    step on_timer(time_point now) noexcept;

    // ---- Configuration ----------------------------------------------------------------------
    // Replaces policy().upstream_timeout for the exchanges that start after the call (a timeout
    // read from configuration). Negative values count as zero.
    constexpr void set_upstream_timeout(duration d) noexcept {
        upstream_timeout_ = d < duration::zero() ? duration::zero() : d;
    }
    constexpr duration upstream_timeout() const noexcept { return upstream_timeout_; }

    // ---- Queries --------------------------------------------------------------------------
    constexpr intermediary_state state() const noexcept { return core_.state(); }
    constexpr downstream_continue continue_state() const noexcept { return continue_; }
    constexpr time_point next_deadline() const noexcept {
        return core_.closed() ? time::no_deadline()
                              : time::earlier(time::earlier(grace_at_, upstream_at_), drain_at_);
    }
    constexpr bool upstream_continue_withheld() const noexcept { return withheld_; }
    // The client's request content, counted from its first byte, this machine admits now: the
    // credit an HTTP/2 downstream grants (RFC 9113 §5.2) and never more (H2-8). Read it after
    // every step. What came while the body waits for a 100 or is held; all of it once it goes
    // upstream or is buffered (unlimited_body_credit: the framing bounds it); the discard cap
    // after an early final.
    constexpr std::uint64_t body_credit() const noexcept;
    // The grace strategy: set it at run time (runtime_wait, configured_wait), point it at an
    // estimate shared by the connections to one upstream (shared_wait::share), read samples().
    constexpr const grace_wait& waiting() const noexcept {
        return static_cast<const detail::ebo_holder<grace_wait, 1>&>(*this).held();
    }
    constexpr grace_wait& waiting() noexcept { return grace(); }
    constexpr const Trace& trace() const noexcept { return core_.trace(); }
    constexpr Trace& trace() noexcept { return core_.trace(); }
    // The sub-machines' invariants (above) hold: true unless expect100 has a bug. For tests and
    // fuzz targets, after every step.
    constexpr bool invariants_hold() const noexcept;

private:
    using time = clock_traits<clock>;
    enum class final_source : std::uint8_t { upstream, own };
    // The sub-machines of the theory block.
    enum class body_flow : std::uint8_t { none, waiting, held, forwarding, complete, stopped };
    enum class body_in : std::uint8_t { due, complete };
    enum class upstream_use : std::uint8_t { none, reusable, spent };
    enum class upstream_expect : std::uint8_t { none, forwarded, added, repeated };
    enum class reuse : std::uint8_t { keep_alive, after_discarding, close };

    constexpr grace_wait& grace() noexcept {
        return static_cast<detail::ebo_holder<grace_wait, 1>&>(*this).held();
    }

    // Our own final response downstream (417, 501, 502, 503, 504, a local answer), or the
    // relayed one: the single place that decides close vs discard for the client's unsent body.
    void start_final(std::uint16_t status, final_source source, intermediary_event on,
                     time_point now, step& s, trace_reason why = trace_reason::none) noexcept;
    // Our own final when upstream failed or stayed silent: that connection is done, and so is
    // the client's (its body may be half-read).
    void give_up_upstream(std::uint16_t status, intermediary_event on, time_point now,
                          step& s) noexcept;
    void close_upstream(step& s) noexcept;  // once per exchange, and only if it was used
    void own_continue(step& s) noexcept;    // our own 100 downstream, when one is owed
    void clear_deadlines() noexcept {
        grace_at_ = time::no_deadline();
        upstream_at_ = time::no_deadline();
        drain_at_ = time::no_deadline();
    }
    bool body_due() const noexcept {
        if (framing_ == body_framing::none) return false;
        if (framing_ == body_framing::content_length) return received_ < content_length_;
        return body_in_ == body_in::due;
    }
    bool before_final() const noexcept {
        const intermediary_state st = state();
        return st == intermediary_state::awaiting_continue ||
               st == intermediary_state::streaming_body ||
               st == intermediary_state::awaiting_response;
    }

    time_point grace_at_ = time::no_deadline();
    time_point upstream_at_ = time::no_deadline();
    time_point drain_at_ = time::no_deadline();
    time_point upstream_head_at_{};
    duration upstream_timeout_ = duration(this->policy().upstream_timeout);
    std::uint64_t content_length_ = 0;
    std::uint64_t received_ = 0;       // content bytes from the client so far
    std::uint64_t discard_limit_ = 0;  // bytes still allowed in, while reuse_ == after_discarding
    downstream_continue continue_ = downstream_continue::not_owed;
    http_version client_version_ = http_version::http_1_1;
    body_framing framing_ = body_framing::none;  // none: the request has no content
    body_flow body_ = body_flow::none;
    body_in body_in_ = body_in::due;
    upstream_use upstream_ = upstream_use::none;
    upstream_expect upstream_expect_ = upstream_expect::none;
    reuse reuse_ = reuse::keep_alive;
    // The state, the legality check, the trace (last: its byte packs with the enums above).
    detail::machine_core<detail::intermediary_table::rows, intermediary_action, Trace> core_;
    bool withheld_ = false;         // the origin's 100 came while owed and was not relayed
    bool interim_relayed_ = false;  // a non-100 1xx went downstream (other_1xx_relay::first_only)
};

}  // namespace expect100

#include <expect100/impl/intermediary.hpp>
#include <expect100/presets.hpp>

namespace expect100 {

// The RFC 9110 intermediary (with the grace 100), the steady clock and no trace.
using intermediary = basic_intermediary<presets::rfc9110_intermediary<>>;

}  // namespace expect100

#endif  // EXPECT100_INTERMEDIARY_HPP
