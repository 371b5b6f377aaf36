// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// basic_server: the origin server's side of Expect: 100-continue, for one connection.
//
// Theory of operation
// -------------------
// The caller owns the socket, the parser, the clock and the application. It feeds the machine
// what happened (a request head as request_facts, the application's decisions, body bytes, the
// end of a response, a timer) with the current time, and performs the actions of each step in
// order. It asks next_deadline() after every step and calls on_timer() when that time passes;
// calling it early or late is harmless.
//
// One exchange at a time: on_request_head is legal only in `idle`; a pipelining caller queues
// the next head until the machine is idle again (RFC 9112 §9.3.2 keeps responses in order).
//
// The rules, and where they are decided (one place each):
// - Whether a 100 is owed: request_facts::expects_continue() (HTTP/1.1, content announced, the
//   100-continue member present: S-1, S-3, S-5). Never to HTTP/1.0 (S-2): such a request is
//   never owed one, so no 1xx can be emitted for it.
// - When the owed 100 goes out: policy().when_continue (on the head, on the application's
//   accept, on its first body read, or never). At most one, and never once body bytes have
//   arrived (S-5, S-15: an early body is content) or a final response has started.
// - continue_owed() answers "is the client perhaps waiting on me?" so that an application
//   never blocks on a body read while a 100 it owes is unsent (the lazy-100 trap, gap 8):
//   on_body_read() itself sends it.
// - Expectations other than 100-continue: policy().on_unknown_expectation, 417 or ignore (S-11);
//   a malformed Expect: policy().on_malformed_expectation, 400 or ignore.
// - A final response before the whole body is in (S-7): policy().after_early_final. `close`
//   puts Connection: close on it and closes after it (staged, S-9); `discard` keeps the
//   connection, then reads and drops the rest within discard_byte_limit and
//   discard_time_limit, past which it closes (S-8). Either way the unsent body is never parsed
//   as a request.
// - A client that stalls mid-body past body_stall_timeout: policy().on_body_stall, 408 and
//   close, close, or wait (S-16).
// - Upgrade: the 101 can only come after the body, so after the 100 (S-13).
// - An unsolicited 100 (RFC 2068 compatibility, S-14) only when policy().unsolicited says so,
//   and only to HTTP/1.1 PUT and POST with content.
//
// Illegal event orders return a step with an error and leave the state unchanged. The legal
// moves are the rows of detail/server_table.hpp; the machine cannot take any other
// (detail/machine_core.hpp checks every move against them).
//
// Sub-machines and their invariants
// ---------------------------------
// Beside the table's state (the exchange), two small machines carry what the state alone
// cannot; invariants_hold() checks the links below after every step in the fuzz targets.
// 1. The 100 owed (continue_state()): not_owed -> owed -> sent | skipped, set on the head.
//    owed only in deciding, receiving or received (a 100 is never owed once a final response
//    has started, nor after the body's first byte); sent and skipped are final for the request.
// 2. The connection's reuse (reuse_): keep_alive | after_discarding | close. close never
//    returns to keep_alive within an exchange; after_discarding (the early-final discard of S-8,
//    with discard_limit_ bytes still allowed in) only in responding_early or discarding (or
//    closed, where it means nothing any more).
// Deadlines: none in idle, deciding, received, responding and closed; a stall deadline in
// receiving (unless stall_action::wait), the discard cap in responding_early and discarding.
// Body credit (body_credit()): open only while the body is wanted (receiving, or deciding after
// the 100 went out); received + the discard allowance after an early final; otherwise what came.
#ifndef EXPECT100_SERVER_HPP
#define EXPECT100_SERVER_HPP

#include <expect100/action.hpp>
#include <expect100/error.hpp>
#include <expect100/message.hpp>
#include <expect100/policy.hpp>
#include <expect100/server_state.hpp>
#include <expect100/time.hpp>
#include <expect100/trace.hpp>
#include <expect100/transport.hpp>

#include <expect100/detail/machine_core.hpp>
#include <expect100/detail/server_table.hpp>

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace expect100 {

// What became of the 100 for the current request.
enum class continue_status : std::uint8_t {
    not_owed,  // no 100-continue, HTTP/1.0, no content, or the expectation was refused
    owed,      // owed and not sent: the client may be waiting right now
    sent,      // the machine emitted send_continue
    skipped,   // body bytes or a final response came first: a 100 would be wrong now
};

template <class Traits, class Trace = null_trace>
class basic_server : private detail::policy_store<server_policy, Traits> {
public:
    using step = server_step;              // what every event answers
    using action = typename step::action;  // one of this role's actions
    using action_kind = server_action;     // this role's vocabulary (action.hpp)
    using traits_type = Traits;
    using clock = typename Traits::clock;
    using time_point = typename clock::time_point;
    using duration = typename clock::duration;
    using trace_type = Trace;

    using policy_type = server_policy;

    // With compile-time traits (every preset) the policy is the traits'; with run-time traits
    // (presets::runtime_server) it is RFC 9110's until given to the constructor.
    constexpr basic_server() noexcept = default;
    template <class T = Traits, class = std::enable_if_t<detail::policy_source_of<T>::value ==
                                                         policy_source::run_time>>
    constexpr explicit basic_server(const server_policy& p) noexcept {
        this->policy_value_ = p;
    }
    // The rules this machine decides by (policy.hpp).
    using detail::policy_store<server_policy, Traits>::policy;

    // ---- Events -------------------------------------------------------------------------
    // A complete request head (RFC 9110 §5.3: every field line is in, S-12).
    step on_request_head(const request_facts& head, time_point now) noexcept;
    // The application will read the body.
    step accept(time_point now) noexcept;
    // The application asks for body bytes; sends an owed 100 first (never blocks a client).
    step on_body_read(time_point now) noexcept;
    // `n` bytes of request content arrived (after de-chunking).
    step on_body_bytes(std::uint64_t n, time_point now) noexcept;
    // The request content is complete.
    step on_body_end(time_point now) noexcept;
    // The application starts its final response (status 101 or >= 200).
    step on_final_response(std::uint16_t status, time_point now) noexcept;
    // The final response (the application's or one the machine asked for) is fully written.
    step on_response_complete(time_point now) noexcept;
    // Safe at any time; acts only once next_deadline() has passed.
    step on_timer(time_point now) noexcept;
    // The client closed, or the connection failed.
    step on_peer_closed(time_point now) noexcept;

    // ---- Queries --------------------------------------------------------------------------
    constexpr server_state state() const noexcept { return core_.state(); }
    constexpr continue_status continue_state() const noexcept { return continue_; }
    // True while this request is owed a 100 that has not gone out (the client may be waiting).
    constexpr bool continue_owed() const noexcept { return continue_ == continue_status::owed; }
    constexpr time_point next_deadline() const noexcept {
        return core_.closed() ? time::no_deadline() : deadline_;
    }
    constexpr std::uint64_t body_bytes_received() const noexcept { return received_; }
    // The request content, counted from its first byte, this machine admits now: the credit an
    // HTTP/2 adapter grants (WINDOW_UPDATE, RFC 9113 §5.2) and never more (H2-8). Read it after
    // every step, like next_deadline(). Nothing beyond what came while the application decides
    // (the transport's initial window bounds what a client that skips the wait can send); all
    // of it once the body is wanted (a 100 sent, or the application reads: unlimited_body_credit,
    // the framing bounds it); the discard cap after an early final response; nothing more once
    // the body is done or refused.
    constexpr std::uint64_t body_credit() const noexcept;
    constexpr const Trace& trace() const noexcept { return core_.trace(); }
    constexpr Trace& trace() noexcept { return core_.trace(); }
    // The sub-machines' invariants (above) hold: true unless expect100 has a bug. For tests and
    // fuzz targets, after every step.
    constexpr bool invariants_hold() const noexcept;

private:
    using time = clock_traits<clock>;

    // What happens to the connection once the final response is written (sub-machine 2).
    enum class reuse : std::uint8_t {
        keep_alive,        // the next request may come
        after_discarding,  // first read and drop the rest of the body, within the caps (S-8)
        close,             // Connection: close, then close (S-9)
    };
    enum class final_origin : std::uint8_t {
        application,  // on_final_response: the application writes it
        machine,      // a refused head (417): the machine emits send_final
    };

    void send_owed_continue(step& s) noexcept;
    void start_final(std::uint16_t status, final_origin origin, time_point now, step& s) noexcept;
    void arm_stall(time_point now) noexcept;
    bool body_complete_known() const noexcept {
        return framing_ == body_framing::content_length && received_ == content_length_;
    }

    time_point deadline_ = time::no_deadline();
    std::uint64_t content_length_ = 0;  // with framing_ == content_length
    std::uint64_t received_ = 0;        // content bytes of this request so far
    std::uint64_t discard_limit_ = 0;   // bytes still allowed in, while reuse_ == after_discarding
    continue_status continue_ = continue_status::not_owed;
    body_framing framing_ = body_framing::none;
    reuse reuse_ = reuse::keep_alive;
    // The state, the legality check, the trace (last: its byte packs with the enums above).
    detail::machine_core<detail::server_table::rows, server_action, Trace> core_;
};

}  // namespace expect100

#include <expect100/impl/server.hpp>
#include <expect100/presets.hpp>

namespace expect100 {

// The RFC 9110 server with the steady clock and no trace: what most callers want.
using server = basic_server<presets::rfc9110_server<>>;

}  // namespace expect100

#endif  // EXPECT100_SERVER_HPP
