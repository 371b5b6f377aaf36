// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The client's states, events and legal transitions, as data. basic_client (client.hpp) can
// only move along an edge of this table; the static_asserts below check the table itself, and
// tools/diagrams writes docs/diagrams/client.dot from it.
//
// WARNING: a transition added to client.hpp without a row here is refused at run time (the
// machine reports internal_transition and the fuzz target aborts): add the row first.
#ifndef EXPECT100_DETAIL_CLIENT_TABLE_HPP
#define EXPECT100_DETAIL_CLIENT_TABLE_HPP

#include <expect100/detail/table.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// Where one exchange on a client connection stands.
enum class client_state : std::uint8_t {
    idle,               // no request outstanding
    sending_head,       // the head is being written; the wait clock has not started (gap 4)
    awaiting_continue,  // the head is out; the body is held for a 100, a final status or the deadline
    sending_body,       // the body is being written; no final response yet
    awaiting_response,  // the body is complete (or there is none); no final response yet
    finishing_body,     // a final response came mid-body; the body is completed anyway (C-9)
    reading_response,   // the final response is in and the body is done or abandoned (C-11)
    switched,           // a 101: the connection left HTTP/1.1 (terminal for this machine)
    closed,             // the connection is closing or closed (terminal)
};

enum class client_event : std::uint8_t {
    start_request,      // the caller starts a request (start_request)
    head_sent,          // the whole head is flushed (on_head_sent)
    interim_response,   // a 1xx other than 101 arrived (on_interim_response)
    final_response,     // a final response head (or 101) arrived (on_final_response)
    body_sent,          // the whole body is written (on_body_sent)
    response_complete,  // the final response is read to its end (on_response_complete)
    timer,              // a deadline passed (on_timer)
    peer_closed,        // the server closed or the connection failed (on_peer_closed)
};

inline constexpr std::size_t client_state_count = 9;
inline constexpr std::size_t client_event_count = 8;

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
    {S::awaiting_continue, E::interim_response, S::closed},  // non_100_is_final (botocore)
    {S::awaiting_continue, E::final_response, S::reading_response},  // early final (C-10, C-12)
    {S::awaiting_continue, E::final_response, S::finishing_body},    // keep sending (C-9)
    {S::awaiting_continue, E::final_response, S::closed},            // 101 before the body
    {S::awaiting_continue, E::timer, S::awaiting_continue},
    {S::awaiting_continue, E::timer, S::sending_body},  // no 100 in time: send anyway (C-3, C-4)
    {S::awaiting_continue, E::peer_closed, S::closed},

    {S::sending_body, E::interim_response, S::sending_body},  // late or extra 1xx: ignored (C-7, C-8)
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

inline constexpr auto index =
    detail::make_index<client_state_count, client_event_count>(edges);

constexpr bool allows(client_state from, client_event on, client_state to) noexcept {
    return detail::index_allows(index, from, on, to);
}

constexpr bool allows_event(client_state from, client_event on) noexcept {
    return detail::index_allows_event(index, from, on);
}

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
                  detail::every_state_moves_to<client_state_count>(
                      edges, client_event::peer_closed, client_state::closed),
              "every state must accept on_timer (early or late) and the server closing");
static_assert(detail::is_terminal(edges, client_state::closed), "closed must be terminal");
static_assert(body_released_only_by_1xx_or_timer(edges),
              "C-2: the body waits for a 1xx or the timer");
static_assert(detail::only_from(edges, client_event::start_request, client_state::idle),
              "C-13: one request at a time, never after close");

} // namespace detail::client_table

constexpr std::string_view to_string(client_state s) noexcept {
    switch (s) {
    case client_state::idle:
        return "idle";
    case client_state::sending_head:
        return "sending_head";
    case client_state::awaiting_continue:
        return "awaiting_continue";
    case client_state::sending_body:
        return "sending_body";
    case client_state::awaiting_response:
        return "awaiting_response";
    case client_state::finishing_body:
        return "finishing_body";
    case client_state::reading_response:
        return "reading_response";
    case client_state::switched:
        return "switched";
    case client_state::closed:
        return "closed";
    }
    return "?";
}

constexpr std::string_view to_string(client_event e) noexcept {
    switch (e) {
    case client_event::start_request:
        return "start_request";
    case client_event::head_sent:
        return "head_sent";
    case client_event::interim_response:
        return "interim_response";
    case client_event::final_response:
        return "final_response";
    case client_event::body_sent:
        return "body_sent";
    case client_event::response_complete:
        return "response_complete";
    case client_event::timer:
        return "timer";
    case client_event::peer_closed:
        return "peer_closed";
    }
    return "?";
}

} // namespace expect100

#endif // EXPECT100_DETAIL_CLIENT_TABLE_HPP
