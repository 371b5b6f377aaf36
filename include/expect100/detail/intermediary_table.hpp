// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The intermediary's legal transitions, as data (its states and events are in
// intermediary_state.hpp): basic_intermediary can only move along an edge of this table; the
// static_asserts below check the table itself, and tools/diagrams writes
// docs/diagrams/intermediary.dot from it.
//
// WARNING: a transition added to intermediary.hpp without a row here is refused at run time
// (the machine reports internal_transition and the fuzz target aborts): add the row first.
#ifndef EXPECT100_DETAIL_INTERMEDIARY_TABLE_HPP
#define EXPECT100_DETAIL_INTERMEDIARY_TABLE_HPP

#include <expect100/intermediary_state.hpp>

#include <expect100/detail/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

namespace detail::intermediary_table {

using edge = detail::edge<intermediary_state, intermediary_event>;
using S = intermediary_state;
using E = intermediary_event;

inline constexpr edge edges[] = {
    // A head arrives: forward it, buffer first, or answer at once (400, 417, policy).
    {S::idle, E::request_head, S::awaiting_continue},
    {S::idle, E::request_head, S::streaming_body},
    {S::idle, E::request_head, S::awaiting_response},
    {S::idle, E::request_head, S::buffering},
    {S::idle, E::request_head, S::relaying_response},  // answered locally (417)
    {S::idle, E::request_head, S::closed},             // invalid head: 400 and close
    {S::idle, E::timer, S::idle},
    {S::idle, E::downstream_closed, S::closed},
    {S::idle, E::upstream_failed, S::idle},  // an idle upstream connection dropping is no event

    // Buffering the body locally (nginx): then the head and the whole body go upstream.
    {S::buffering, E::body_bytes, S::buffering},
    {S::buffering, E::body_end, S::awaiting_response},
    {S::buffering, E::timer, S::buffering},
    {S::buffering, E::timer, S::closed},  // the client stalled: 408
    {S::buffering, E::downstream_closed, S::closed},
    {S::buffering, E::upstream_failed, S::buffering},

    // Head forwarded with Expect: the 100, the grace, an early body, an early final.
    {S::awaiting_continue, E::upstream_head_sent, S::awaiting_continue},
    {S::awaiting_continue, E::upstream_interim, S::streaming_body},     // the 100, relayed
    {S::awaiting_continue, E::upstream_interim, S::awaiting_continue},  // 102/103, or withheld
    {S::awaiting_continue, E::upstream_interim,
     S::awaiting_response},                                       // the 100; body held and done
    {S::awaiting_continue, E::body_bytes, S::streaming_body},     // an early body: content (P-12)
    {S::awaiting_continue, E::body_bytes, S::awaiting_continue},  // held until the 100
    {S::awaiting_continue, E::body_bytes, S::relaying_response},  // the outage: 501
    {S::awaiting_continue, E::body_end, S::awaiting_continue},
    {S::awaiting_continue, E::body_end, S::awaiting_response},
    {S::awaiting_continue, E::upstream_final, S::relaying_response},  // early rejection relayed
    {S::awaiting_continue, E::upstream_final, S::streaming_body},  // a 417: repeated without Expect
    {S::awaiting_continue, E::timer, S::awaiting_continue},        // grace: our own 100 downstream
    {S::awaiting_continue, E::timer, S::relaying_response},        // upstream silent: 504
    {S::awaiting_continue, E::upstream_failed, S::relaying_response},  // 502
    {S::awaiting_continue, E::downstream_closed, S::closed},

    // Streaming the body upstream.
    {S::streaming_body, E::upstream_head_sent, S::streaming_body},
    {S::streaming_body, E::upstream_interim, S::streaming_body},
    {S::streaming_body, E::body_bytes, S::streaming_body},
    {S::streaming_body, E::body_end, S::awaiting_response},
    {S::streaming_body, E::upstream_final, S::relaying_response},
    {S::streaming_body, E::timer, S::streaming_body},
    {S::streaming_body, E::timer, S::relaying_response},  // 504
    {S::streaming_body, E::upstream_failed, S::relaying_response},
    {S::streaming_body, E::downstream_closed, S::closed},

    // Body complete upstream.
    {S::awaiting_response, E::upstream_head_sent, S::awaiting_response},
    {S::awaiting_response, E::upstream_interim, S::awaiting_response},
    {S::awaiting_response, E::upstream_final, S::relaying_response},
    {S::awaiting_response, E::timer, S::awaiting_response},
    {S::awaiting_response, E::timer, S::relaying_response},            // 504
    {S::awaiting_response, E::upstream_failed, S::relaying_response},  // 502 (P-9: no retry)
    {S::awaiting_response, E::downstream_closed, S::closed},

    // Relaying (or writing) the final response; the client's body may still come in.
    {S::relaying_response, E::upstream_head_sent, S::relaying_response},
    {S::relaying_response, E::upstream_interim, S::relaying_response},  // stray: dropped
    {S::relaying_response, E::body_bytes, S::relaying_response},
    {S::relaying_response, E::body_end, S::relaying_response},
    {S::relaying_response, E::response_complete, S::idle},
    {S::relaying_response, E::response_complete, S::draining},
    {S::relaying_response, E::response_complete, S::closed},
    {S::relaying_response, E::timer, S::relaying_response},
    {S::relaying_response, E::upstream_failed, S::relaying_response},
    {S::relaying_response, E::upstream_failed, S::closed},  // mid-response: cut off
    {S::relaying_response, E::downstream_closed, S::closed},

    // Dropping the client's unsent body within caps, so it is never read as a request.
    {S::draining, E::body_bytes, S::draining},
    {S::draining, E::body_bytes, S::closed},
    {S::draining, E::body_end, S::idle},
    {S::draining, E::timer, S::draining},
    {S::draining, E::timer, S::closed},
    {S::draining, E::upstream_failed, S::draining},
    {S::draining, E::downstream_closed, S::closed},

    {S::closed, E::timer, S::closed},
    {S::closed, E::downstream_closed, S::closed},
    {S::closed, E::upstream_failed, S::closed},
    {S::closed, E::upstream_head_sent, S::closed},
    {S::closed, E::upstream_interim, S::closed},
    {S::closed, E::upstream_final, S::closed},
    {S::closed, E::body_bytes, S::closed},
    {S::closed, E::body_end, S::closed},
    {S::closed, E::response_complete, S::closed},
};

inline constexpr auto index =
    detail::make_index<intermediary_state_count, intermediary_event_count>(edges);

constexpr bool allows(intermediary_state from, intermediary_event on,
                      intermediary_state to) noexcept {
    return detail::index_allows(index, from, on, to);
}

constexpr bool allows_event(intermediary_state from, intermediary_event on) noexcept {
    return detail::index_allows_event(index, from, on);
}

using rows = detail::indexed_table<intermediary_state, intermediary_event, index>;

static_assert(detail::index_matches(index, edges), "the transition index disagrees with the edges");
static_assert(detail::every_state_reachable<intermediary_state_count>(edges,
                                                                      intermediary_state::idle),
              "an intermediary state no event sequence reaches");
static_assert(detail::every_state_accepts<intermediary_state_count>(edges,
                                                                    intermediary_event::timer) &&
                  detail::every_state_moves_to<intermediary_state_count>(
                      edges, intermediary_event::downstream_closed, intermediary_state::closed),
              "every state must accept on_timer and the client closing");
static_assert(detail::every_state_accepts<intermediary_state_count>(
                  edges, intermediary_event::upstream_failed),
              "an upstream failure is legal in every state");
static_assert(detail::is_terminal(edges, intermediary_state::closed), "closed must be terminal");
static_assert(detail::only_from(edges, intermediary_event::request_head, intermediary_state::idle),
              "a head from downstream starts an exchange only between exchanges: one at a time "
              "per downstream connection");

}  // namespace detail::intermediary_table

}  // namespace expect100

#endif  // EXPECT100_DETAIL_INTERMEDIARY_TABLE_HPP
