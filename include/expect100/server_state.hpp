// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The server machine's states and events, with their names. Public: a caller reads state(), a trace
// records (from, event, to) by these values. The legal moves between them are the rows of
// detail/server_table.hpp, which the machine cannot leave.
#ifndef EXPECT100_SERVER_STATE_HPP
#define EXPECT100_SERVER_STATE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// Where one exchange on a server connection stands. The request side and the response side
// move together in one enum: few enough combinations are legal to name them all.
enum class server_state : std::uint8_t {
    idle,              // no request: waiting for the next head
    deciding,          // head in; the application decides on it; body bytes may already arrive
    receiving,         // the application reads the body; no final response yet
    received,          // the whole body is in; the final response is the application's to write
    responding,        // the final response is being written; the body is complete
    responding_early,  // the final response is being written before the body was complete
    discarding,        // the early final response is out; the rest of the body is dropped
    closed,            // the connection is closing or closed: nothing more is accepted
};

// What can happen to a server connection.
enum class server_event : std::uint8_t {
    request_head,       // a complete request head arrived (on_request_head)
    accept,             // the application will read the body (accept)
    body_read,          // the application asks for body bytes (on_body_read)
    body_bytes,         // request body bytes arrived (on_body_bytes)
    body_end,           // the request body is complete (on_body_end)
    final_response,     // a final response starts: the application's or the machine's own
    response_complete,  // the final response is fully written (on_response_complete)
    timer,              // a deadline passed (on_timer)
    peer_closed,        // the client closed or the connection failed (on_peer_closed)
};

inline constexpr std::size_t server_state_count = 8;
inline constexpr std::size_t server_event_count = 9;

constexpr std::string_view to_string(server_state s) noexcept {
    switch (s) {
    case server_state::idle: return "idle";
    case server_state::deciding: return "deciding";
    case server_state::receiving: return "receiving";
    case server_state::received: return "received";
    case server_state::responding: return "responding";
    case server_state::responding_early: return "responding_early";
    case server_state::discarding: return "discarding";
    case server_state::closed: return "closed";
    }
    return "?";
}

constexpr std::string_view to_string(server_event e) noexcept {
    switch (e) {
    case server_event::request_head: return "request_head";
    case server_event::accept: return "accept";
    case server_event::body_read: return "body_read";
    case server_event::body_bytes: return "body_bytes";
    case server_event::body_end: return "body_end";
    case server_event::final_response: return "final_response";
    case server_event::response_complete: return "response_complete";
    case server_event::timer: return "timer";
    case server_event::peer_closed: return "peer_closed";
    }
    return "?";
}

}  // namespace expect100

#endif  // EXPECT100_SERVER_STATE_HPP
