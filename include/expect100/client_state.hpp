// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The client machine's states and events, with their names. Public: a caller reads state(), a trace
// records (from, event, to) by these values. The legal moves between them are the rows of
// detail/client_table.hpp, which the machine cannot leave.
#ifndef EXPECT100_CLIENT_STATE_HPP
#define EXPECT100_CLIENT_STATE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// Where one exchange on a client connection stands.
enum class client_state : std::uint8_t {
    idle,               // no request outstanding
    sending_head,       // the head is being written; the wait clock has not started (gap 4)
    awaiting_continue,  // the head is out; the body is held for a 100, a final status or the
                        // deadline
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

constexpr std::string_view to_string(client_state s) noexcept {
    switch (s) {
    case client_state::idle: return "idle";
    case client_state::sending_head: return "sending_head";
    case client_state::awaiting_continue: return "awaiting_continue";
    case client_state::sending_body: return "sending_body";
    case client_state::awaiting_response: return "awaiting_response";
    case client_state::finishing_body: return "finishing_body";
    case client_state::reading_response: return "reading_response";
    case client_state::switched: return "switched";
    case client_state::closed: return "closed";
    }
    return "?";
}

constexpr std::string_view to_string(client_event e) noexcept {
    switch (e) {
    case client_event::start_request: return "start_request";
    case client_event::head_sent: return "head_sent";
    case client_event::interim_response: return "interim_response";
    case client_event::final_response: return "final_response";
    case client_event::body_sent: return "body_sent";
    case client_event::response_complete: return "response_complete";
    case client_event::timer: return "timer";
    case client_event::peer_closed: return "peer_closed";
    }
    return "?";
}

}  // namespace expect100

#endif  // EXPECT100_CLIENT_STATE_HPP
