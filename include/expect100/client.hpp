// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// basic_client: the client's side of Expect: 100-continue, for one connection.
//
// Theory of operation
// -------------------
// The caller owns the socket, the serializer, the response parser and the clock. It starts a
// request (start_request), tells the machine when the head is flushed, which responses came,
// when the body is written and when the response is read, with the current time, and performs
// the actions of each step in order. It asks next_deadline() after every step and calls
// on_timer() when that time passes (early or late calls are harmless).
//
// The rules, and where they are decided (one place each):
// - Whether to send Expect (start_request): never on a request without content (C-1); then
//   policy().use_expect: never, always, large bodies only (curl's 1 MiB, AWS's 1-2 MB), or
//   learned (large bodies, unless the origin's record says it refuses or ignores Expect).
// - How long to hold the body: Traits::wait_strategy, counted from on_head_sent, never from
//   start_request (phase-aware, gap 4). A 100 that arrives before the head is reported flushed
//   still releases the body at once.
// - What releases it: a 100; per policy().release also an unrecognised 1xx (the x00 rule, G-20),
//   any 1xx, or, reproducing botocore and Beast's snippet, any non-100 status taken as final.
//   Once released, later 100s and other 1xx are ignored (C-6, C-7, C-8).
// - A final response before or during the body (on_final_response): with Connection: close,
//   stop and close (C-10). Otherwise policy().after_early_final: stop and close, keep sending
//   the full body so the connection stays in sync (RFC 9110 §7.5, C-9, C-12), or end a chunked
//   body with its last chunk (opt-in: the server sees a shorter body; gap 9). Over an HTTP/2
//   stream nothing is out of step after a stopped body, so stream_early_final_table decides
//   (transport.hpp, H2-7): status class x response complete x body held or in flight.
// - 417 to a request that carried Expect: repeat it once without Expect, if the body can be
//   replayed (C-5), never for a retry (C-14), on a new connection (this one cannot be reused
//   with its body unsent, C-12).
// - The connection closing before any response: repeat an idempotent, replayable request once
//   per policy().on_close_before_response; never a POST (C-14, T-C-16).
// - The connection is reused only when the final response allowed it, the body was written in
//   full (or ended) and the response was read to its end (C-11, C-13).
// - A response with nothing outstanding, or a 1xx after the final one, is not taken as a
//   response: the connection closes (G-19).
// - What the origin was seen to do is added to the facts start_request() was given, by value;
//   the caller reads them back (origin()) and stores them by key.
//
// Illegal event orders return a step with an error and leave the state unchanged. The legal
// moves are the rows of detail/client_table.hpp; the machine cannot take any other
// (detail/machine_core.hpp checks every move against them).
//
// Sub-machines and their invariants
// ---------------------------------
// The body's fate is the table's state (held in awaiting_continue, going out in sending_body
// and finishing_body); beside it, small machines carry what the state cannot, and
// invariants_hold() checks their links after every step in the fuzz targets:
// 1. The expectation (expect_state()): not_sent | waiting -> continued | timed_out | answered.
//    waiting only in sending_head, awaiting_continue or closed. A 100 that comes before the
//    head is reported out makes it continued at once; on_head_sent then releases the body.
// 2. What follows the exchange (after_): reuse | close | close_and_retry (a 417 answered,
//    C-5). Once close, never reuse again within the exchange; close_and_retry only in
//    reading_response or closed: the retry action goes out with the response's end.
// 3. The response read while the body still goes out (response_, in finishing_body only).
// A request without content (framing none) never holds or sends a body. The one deadline, the
// wait for a 100, exists only in awaiting_continue.
#ifndef EXPECT100_CLIENT_HPP
#define EXPECT100_CLIENT_HPP

#include <expect100/action.hpp>
#include <expect100/client_state.hpp>
#include <expect100/error.hpp>
#include <expect100/message.hpp>
#include <expect100/policy.hpp>
#include <expect100/time.hpp>
#include <expect100/trace.hpp>
#include <expect100/transport.hpp>
#include <expect100/wait.hpp>

#include <expect100/detail/client_table.hpp>
#include <expect100/detail/ebo.hpp>
#include <expect100/detail/machine_core.hpp>

#include <cstdint>
#include <type_traits>

namespace expect100 {

enum class body_replay : std::uint8_t {
    replayable,  // the caller can send the body again (a file, a buffer)
    one_shot,    // the body is a stream that cannot be rewound
};

// Which try of a request this is: retries are never retried again (C-14).
enum class request_attempt : std::uint8_t {
    first,
    retry_without_expect,  // after a 417 (C-5): Expect is never sent
    retry_after_close,     // after the connection closed with no response
};

// What the client machine needs to know about the request it sends.
struct client_request {
    request_method method = request_method::post;
    body_framing framing = body_framing::content_length;  // none, content_length or chunked
    std::uint64_t content_length = 0;
    body_replay replay = body_replay::replayable;
    request_attempt attempt = request_attempt::first;
    // connection: HTTP/1.x; stream: an HTTP/2 stream, where an early final response is decided
    // by stream_early_final_table (transport.hpp, H2-7) and `close` cancels only the stream.
    exchange_transport transport = exchange_transport::connection;

    constexpr bool has_content() const noexcept {
        return framing == body_framing::chunked || framing == body_framing::end_of_stream ||
               (framing == body_framing::content_length && content_length != 0);
    }
};

// Whether the current request carries Expect and what became of it.
enum class expect_status : std::uint8_t {
    not_sent,   // no Expect on this request
    waiting,    // sent; the body is held
    continued,  // a 100 (or the policy's 1xx) released the body
    timed_out,  // the wait ran out and the body went anyway (C-3, C-4)
    answered,   // a final response came before the body was released
};

template <class Traits, class Trace = null_trace>
class basic_client : private detail::policy_store<client_policy, Traits>,
                     private detail::ebo_holder<typename Traits::wait_strategy, 1> {
public:
    using step = client_step;              // what every event answers
    using action = typename step::action;  // one of this role's actions
    using action_kind = client_action;     // this role's vocabulary (action.hpp)
    using traits_type = Traits;
    using clock = typename Traits::clock;
    using time_point = typename clock::time_point;
    using duration = typename clock::duration;
    using trace_type = Trace;
    using wait_strategy = typename Traits::wait_strategy;

    static_assert(
        std::is_same_v<decltype(std::declval<const wait_strategy&>().template wait_for<duration>()),
                       duration>,
        "ClientTraits::wait_strategy needs wait_for<Duration>() (see wait.hpp)");

    using policy_type = client_policy;

    // With compile-time traits (every preset) the policy is the traits'; with run-time traits
    // (presets::runtime_client) it is RFC 9110's until given to the constructor, which also
    // sets the runtime_wait strategy from policy.wait.
    constexpr basic_client() noexcept = default;
    template <class T = Traits, class = std::enable_if_t<detail::policy_source_of<T>::value ==
                                                         policy_source::run_time>>
    constexpr explicit basic_client(const client_policy& p) noexcept {
        this->policy_value_ = p;
        if constexpr (std::is_same_v<wait_strategy, runtime_wait>) {
            wait() = runtime_wait(p.wait);
        }
    }
    // The rules this machine decides by (policy.hpp).
    using detail::policy_store<client_policy, Traits>::policy;

    // ---- Events -------------------------------------------------------------------------
    // Starts a request. @param known what the caller remembers of this origin (a copy: the
    // machine never points into the caller's memory); what the exchange teaches is in origin().
    step start_request(const client_request& request, time_point now,
                       origin_facts known = {}) noexcept;
    // The whole head is written (the wait for a 100 starts now).
    step on_head_sent(time_point now) noexcept;
    // A 1xx other than 101 arrived.
    step on_interim_response(std::uint16_t status, time_point now) noexcept;
    // A final response head arrived (or a 101).
    step on_final_response(const response_facts& response, time_point now) noexcept;
    // The whole body is written (or, after end_chunked_body, its last chunk).
    step on_body_sent(time_point now) noexcept;
    // The final response was read to its end.
    step on_response_complete(time_point now) noexcept;
    // Safe at any time; acts only once next_deadline() has passed.
    step on_timer(time_point now) noexcept;
    step on_peer_closed(time_point now) noexcept;

    // ---- Queries --------------------------------------------------------------------------
    constexpr client_state state() const noexcept { return core_.state(); }
    constexpr expect_status expect_state() const noexcept { return expect_; }
    constexpr time_point next_deadline() const noexcept {
        return core_.closed() ? time::no_deadline() : deadline_;
    }
    // What is known of the origin now: what start_request() was given, plus what this exchange
    // taught (a 100 came, a 417, an HTTP/1.0 answer, a completion without a 100). The caller
    // stores it by the origin's key (origin_cache::remember) when the exchange ends.
    constexpr origin_facts origin() const noexcept { return origin_; }
    constexpr const wait_strategy& waiting() const noexcept {
        return static_cast<const detail::ebo_holder<wait_strategy, 1>&>(*this).held();
    }
    constexpr const Trace& trace() const noexcept { return core_.trace(); }
    // Mutable access: configure a runtime wait (configured_wait), clear a recording trace.
    constexpr wait_strategy& waiting() noexcept {
        return static_cast<detail::ebo_holder<wait_strategy, 1>&>(*this).held();
    }
    constexpr Trace& trace() noexcept { return core_.trace(); }
    // The sub-machines' invariants (above) hold: true unless expect100 has a bug. For tests and
    // fuzz targets, after every step.
    constexpr bool invariants_hold() const noexcept;

private:
    using time = clock_traits<clock>;

    // What follows the exchange (sub-machine 2).
    enum class after_exchange : std::uint8_t {
        reuse,            // the connection may carry the next request
        close,            // it cannot: Connection: close, or a body skipped or cut short
        close_and_retry,  // it cannot, and the request goes again without Expect (C-5)
    };
    // Whether the response was read to its end while the body still goes out (sub-machine 3).
    enum class response_progress : std::uint8_t { reading, read };

    constexpr wait_strategy& wait() noexcept {
        return static_cast<detail::ebo_holder<wait_strategy, 1>&>(*this).held();
    }

    step close_on_protocol_error(errc e, client_event on, time_point now) noexcept;
    bool wants_expect(const client_request& r) const noexcept;
    void release_body(step& s, client_state& to) noexcept;
    void learn(origin_fact f) noexcept { origin_.add(f); }

    time_point deadline_ = time::no_deadline();
    time_point head_sent_at_{};
    origin_facts origin_{};
    expect_status expect_ = expect_status::not_sent;
    after_exchange after_ = after_exchange::reuse;
    response_progress response_ = response_progress::reading;
    request_attempt attempt_ = request_attempt::first;
    request_method method_ = request_method::post;
    body_replay replay_ = body_replay::replayable;
    exchange_transport transport_ = exchange_transport::connection;
    body_framing framing_ = body_framing::none;  // none: the request has no content
    // The state, the legality check, the trace (last: its byte packs with the enums above).
    detail::machine_core<detail::client_table::rows, client_action, Trace> core_;
};

}  // namespace expect100

#include <expect100/impl/client.hpp>
#include <expect100/presets.hpp>

namespace expect100 {

// The RFC 9110 client with the steady clock and no trace.
using client = basic_client<presets::rfc9110_client<>>;

}  // namespace expect100

#endif  // EXPECT100_CLIENT_HPP
