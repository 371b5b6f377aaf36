// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The origin server's legal transitions, as data (its states and events are in server_state.hpp):
// basic_server can only move along an edge of this table; the static_asserts below check the
// table itself, and tools/diagrams writes docs/diagrams/server.dot from it.
//
// WARNING: a transition added to server.hpp without a row here is refused at run time (the
// machine reports internal_transition and the fuzz target aborts): add the row first.
#ifndef EXPECT100_DETAIL_SERVER_TABLE_HPP
#define EXPECT100_DETAIL_SERVER_TABLE_HPP

#include <expect100/server_state.hpp>

#include <expect100/detail/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

namespace detail::server_table {

using edge = detail::edge<server_state, server_event>;
using S = server_state;
using E = server_event;

// Every legal move. A (state, event) pair with no row is an event out of order. A pair may have
// several rows when a policy or the message decides between them.
inline constexpr edge edges[] = {
    // A head arrives: the application decides, or the head is refused at once (400, 417).
    {S::idle, E::request_head, S::deciding},
    {S::idle, E::request_head, S::received},          // no content: nothing to read (S-5)
    {S::idle, E::request_head, S::closed},            // invalid head: 400 and close
    {S::idle, E::request_head, S::responding_early},  // refused expectation: 417 (S-11)
    {S::idle, E::request_head, S::responding},        // refused expectation, no content
    {S::idle, E::peer_closed, S::closed},
    {S::idle, E::timer, S::idle},

    // Deciding: accept or answer first. Early body bytes are content (S-15).
    {S::deciding, E::accept, S::receiving},
    {S::deciding, E::body_read, S::receiving},  // reading is accepting
    {S::deciding, E::body_bytes, S::deciding},
    {S::deciding, E::body_end, S::received},
    {S::deciding, E::final_response, S::responding_early},
    {S::deciding, E::timer, S::deciding},
    {S::deciding, E::peer_closed, S::closed},

    // Receiving the body.
    {S::receiving, E::body_read, S::receiving},
    {S::receiving, E::body_bytes, S::receiving},
    {S::receiving, E::body_end, S::received},
    {S::receiving, E::final_response, S::responding_early},
    {S::receiving, E::timer, S::receiving},
    {S::receiving, E::timer, S::closed},  // stalled client: 408 or close (S-16)
    {S::receiving, E::peer_closed, S::closed},

    // Body complete (or none announced).
    {S::received, E::accept, S::received},
    {S::received, E::body_read, S::received},
    {S::received, E::final_response, S::responding},
    {S::received, E::timer, S::received},
    {S::received, E::peer_closed, S::closed},

    // Writing the final response.
    {S::responding, E::response_complete, S::idle},    // persistent connection: next request
    {S::responding, E::response_complete, S::closed},  // Connection: close (S-9)
    {S::responding, E::timer, S::responding},
    {S::responding, E::peer_closed, S::closed},

    // Writing an early final response while the body is still due.
    {S::responding_early, E::body_bytes, S::responding_early},
    {S::responding_early, E::body_end, S::responding},
    {S::responding_early, E::response_complete, S::discarding},
    {S::responding_early, E::response_complete, S::closed},
    {S::responding_early, E::timer, S::responding_early},
    {S::responding_early, E::timer, S::closed},  // discard time cap passed
    {S::responding_early, E::peer_closed, S::closed},

    // Dropping the rest of the body, within byte and time caps (S-8).
    {S::discarding, E::body_bytes, S::discarding},
    {S::discarding, E::body_bytes, S::closed},  // byte cap passed
    {S::discarding, E::body_end, S::idle},
    {S::discarding, E::timer, S::discarding},
    {S::discarding, E::timer, S::closed},  // time cap passed
    {S::discarding, E::peer_closed, S::closed},

    // Closed absorbs the events a connection may still see while it winds down.
    {S::closed, E::timer, S::closed},
    {S::closed, E::peer_closed, S::closed},
    {S::closed, E::body_bytes, S::closed},
    {S::closed, E::body_end, S::closed},
    {S::closed, E::response_complete, S::closed},
};

inline constexpr auto index = detail::make_index<server_state_count, server_event_count>(edges);

constexpr bool allows(server_state from, server_event on, server_state to) noexcept {
    return detail::index_allows(index, from, on, to);
}

constexpr bool allows_event(server_state from, server_event on) noexcept {
    return detail::index_allows_event(index, from, on);
}

using rows = detail::indexed_table<server_state, server_event, index>;

// After a final response starts, no edge starts another one.
template <std::size_t N>
constexpr bool at_most_one_final_response(const edge (&table)[N]) noexcept {
    for (const edge& e : table) {
        const bool after_final =
            e.from == server_state::responding || e.from == server_state::responding_early ||
            e.from == server_state::discarding || e.from == server_state::closed;
        if (after_final && e.on == server_event::final_response) {
            return false;
        }
    }
    return true;
}

static_assert(detail::index_matches(index, edges), "the transition index disagrees with the edges");
static_assert(detail::every_state_reachable<server_state_count>(edges, server_state::idle),
              "a server state no event sequence reaches");
static_assert(detail::every_state_accepts<server_state_count>(edges, server_event::timer) &&
                  detail::every_state_moves_to<server_state_count>(edges, server_event::peer_closed,
                                                                   server_state::closed),
              "every state must accept on_timer (early or late) and the peer closing");
static_assert(detail::is_terminal(edges, server_state::closed), "closed must be terminal");
static_assert(detail::only_from(edges, server_event::request_head, server_state::idle),
              "a head is legal only between exchanges (pipelining is the caller's queue, "
              "RFC 9112 §9.3.2)");
static_assert(at_most_one_final_response(edges), "one final response per request (RFC 9110 §15)");

}  // namespace detail::server_table

}  // namespace expect100

#endif  // EXPECT100_DETAIL_SERVER_TABLE_HPP
