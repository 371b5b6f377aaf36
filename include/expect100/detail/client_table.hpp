// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The client's legal transitions, as data (its states and events are in client_state.hpp):
// basic_client can only move along an edge of this table; the static_asserts below check the
// table itself, and tools/diagrams writes docs/diagrams/client.dot from it.
//
// WARNING: a transition added to client.hpp without a row here is refused at run time (the
// machine reports internal_transition and the fuzz target aborts): add the row first.
#ifndef EXPECT100_DETAIL_CLIENT_TABLE_HPP
#define EXPECT100_DETAIL_CLIENT_TABLE_HPP

#include <expect100/client_state.hpp>

#include <expect100/detail/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

namespace detail::client_table {

using edge = detail::edge<client_state, client_event>;
using S = client_state;
using E = client_event;

inline constexpr edge edges[] = {
    {S::idle, E::start_request, S::sending_head},
    {S::idle, E::interim_response, S::closed},  // nothing outstanding: not a response (G-19)
    {S::idle, E::final_response, S::closed},
    {S::idle, E::timer, S::idle},
    {S::idle, E::peer_closed, S::closed},

    {S::sending_head, E::head_sent, S::awaiting_continue},  // Expect sent, body held
    {S::sending_head, E::head_sent, S::sending_body},       // no Expect: the body follows
    {S::sending_head, E::head_sent, S::awaiting_response},  // no body
    {S::sending_head, E::interim_response, S::sending_head},
    {S::sending_head, E::final_response, S::reading_response},  // answered before the head was out
    {S::sending_head, E::final_response, S::finishing_body},    // ... and the body is sent anyway
    {S::sending_head, E::final_response, S::closed},
    {S::sending_head, E::timer, S::sending_head},
    {S::sending_head, E::peer_closed, S::closed},

    {S::awaiting_continue, E::interim_response, S::sending_body},       // the 100 (or policy)
    {S::awaiting_continue, E::interim_response, S::awaiting_continue},  // 102, 103: keep waiting
    {S::awaiting_continue, E::interim_response, S::closed},          // non_100_is_final (botocore)
    {S::awaiting_continue, E::final_response, S::reading_response},  // early final (C-10, C-12)
    {S::awaiting_continue, E::final_response, S::finishing_body},    // keep sending (C-9)
    {S::awaiting_continue, E::final_response, S::closed},            // 101 before the body
    {S::awaiting_continue, E::timer, S::awaiting_continue},
    {S::awaiting_continue, E::timer, S::sending_body},  // no 100 in time: send anyway (C-3, C-4)
    {S::awaiting_continue, E::peer_closed, S::closed},

    {S::sending_body, E::interim_response,
     S::sending_body},  // late or extra 1xx: ignored (C-7, C-8)
    {S::sending_body, E::body_sent, S::awaiting_response},
    {S::sending_body, E::final_response, S::finishing_body},    // keep sending (C-9)
    {S::sending_body, E::final_response, S::reading_response},  // stop (C-10)
    {S::sending_body, E::final_response, S::closed},            // 101 mid-body
    {S::sending_body, E::timer, S::sending_body},
    {S::sending_body, E::peer_closed, S::closed},

    {S::awaiting_response, E::interim_response, S::awaiting_response},
    {S::awaiting_response, E::final_response, S::reading_response},
    {S::awaiting_response, E::final_response, S::switched},  // 101 (T-C-15)
    {S::awaiting_response, E::timer, S::awaiting_response},
    {S::awaiting_response, E::peer_closed, S::closed},

    {S::finishing_body, E::interim_response, S::closed},  // a 1xx after the final: G-19
    {S::finishing_body, E::body_sent, S::reading_response},
    {S::finishing_body, E::body_sent, S::idle},    // the response was already read
    {S::finishing_body, E::body_sent, S::closed},  // ... and the connection does not persist
    {S::finishing_body, E::response_complete, S::finishing_body},
    {S::finishing_body, E::timer, S::finishing_body},
    {S::finishing_body, E::peer_closed, S::closed},

    {S::reading_response, E::interim_response, S::closed},  // a 1xx after the final: G-19
    {S::reading_response, E::response_complete, S::idle},
    {S::reading_response, E::response_complete, S::closed},
    {S::reading_response, E::timer, S::reading_response},
    {S::reading_response, E::peer_closed, S::closed},

    {S::switched, E::timer, S::switched},
    {S::switched, E::peer_closed, S::closed},

    {S::closed, E::timer, S::closed},
    {S::closed, E::peer_closed, S::closed},
    {S::closed, E::interim_response, S::closed},
    {S::closed, E::final_response, S::closed},
    {S::closed, E::body_sent, S::closed},
    {S::closed, E::head_sent, S::closed},
    {S::closed, E::response_complete, S::closed},
};

inline constexpr auto index = detail::make_index<client_state_count, client_event_count>(edges);

constexpr bool allows(client_state from, client_event on, client_state to) noexcept {
    return detail::index_allows(index, from, on, to);
}

constexpr bool allows_event(client_state from, client_event on) noexcept {
    return detail::index_allows_event(index, from, on);
}

using rows = detail::indexed_table<client_state, client_event, index>;

// The body is released only by a 100 (or the policy's 1xx) or by the deadline: no edge into
// sending_body comes from anything else (C-2: a client that sent Expect holds its body).
template <std::size_t N>
constexpr bool body_released_only_by_1xx_or_timer(const edge (&table)[N]) noexcept {
    for (const edge& e : table) {
        if (e.to == client_state::sending_body && e.from != client_state::sending_body &&
            e.on != client_event::interim_response && e.on != client_event::timer &&
            e.on != client_event::head_sent) {
            return false;
        }
    }
    return true;
}

static_assert(detail::index_matches(index, edges), "the transition index disagrees with the edges");
static_assert(detail::every_state_reachable<client_state_count>(edges, client_state::idle),
              "a client state no event sequence reaches");
static_assert(detail::every_state_accepts<client_state_count>(edges, client_event::timer) &&
                  detail::every_state_moves_to<client_state_count>(edges, client_event::peer_closed,
                                                                   client_state::closed),
              "every state must accept on_timer (early or late) and the server closing");
static_assert(detail::is_terminal(edges, client_state::closed), "closed must be terminal");
static_assert(body_released_only_by_1xx_or_timer(edges),
              "C-2: the body waits for a 1xx or the timer");
static_assert(detail::only_from(edges, client_event::start_request, client_state::idle),
              "C-13: one request at a time, never after close");

}  // namespace detail::client_table

}  // namespace expect100

#endif  // EXPECT100_DETAIL_CLIENT_TABLE_HPP
