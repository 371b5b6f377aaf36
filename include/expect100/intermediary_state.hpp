// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The intermediary machine's states and events, with their names. Public: a caller reads state(), a
// trace records (from, event, to) by these values. The legal moves between them are the rows of
// detail/intermediary_table.hpp, which the machine cannot leave.
#ifndef EXPECT100_INTERMEDIARY_STATE_HPP
#define EXPECT100_INTERMEDIARY_STATE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// Where one exchange through the intermediary stands. Downstream is the client's connection
// (where the intermediary is a server), upstream the next hop's (where it is a client).
enum class intermediary_state : std::uint8_t {
    idle,               // no request from downstream
    buffering,          // reading the whole request body before contacting upstream (nginx)
    awaiting_continue,  // head forwarded with Expect; the body's fate waits on a 100 or the grace
    streaming_body,     // request body flowing downstream → upstream; no final response yet
    awaiting_response,  // request body complete upstream (or none); no final response yet
    relaying_response,  // the final response is being relayed (or our own one written)
    draining,           // the response is out; the client's unsent body is read and dropped
    closed,             // the downstream connection closes (terminal)
};

enum class intermediary_event : std::uint8_t {
    request_head,        // a complete request head from downstream
    upstream_head_sent,  // the head is flushed upstream (the grace timer starts)
    upstream_interim,    // a 1xx (not 101) from upstream
    upstream_final,      // a final response head (or 101) from upstream
    body_bytes,          // request body bytes from downstream
    body_end,            // the request body from downstream is complete
    response_complete,   // the final response is fully written downstream
    upstream_failed,     // upstream connect, write or read failed, or upstream closed early
    timer,               // a deadline passed (grace, upstream timeout, drain caps)
    downstream_closed,   // the client closed or the connection failed
};

inline constexpr std::size_t intermediary_state_count = 8;
inline constexpr std::size_t intermediary_event_count = 10;

constexpr std::string_view to_string(intermediary_state s) noexcept {
    switch (s) {
    case intermediary_state::idle: return "idle";
    case intermediary_state::buffering: return "buffering";
    case intermediary_state::awaiting_continue: return "awaiting_continue";
    case intermediary_state::streaming_body: return "streaming_body";
    case intermediary_state::awaiting_response: return "awaiting_response";
    case intermediary_state::relaying_response: return "relaying_response";
    case intermediary_state::draining: return "draining";
    case intermediary_state::closed: return "closed";
    }
    return "?";
}

constexpr std::string_view to_string(intermediary_event e) noexcept {
    switch (e) {
    case intermediary_event::request_head: return "request_head";
    case intermediary_event::upstream_head_sent: return "upstream_head_sent";
    case intermediary_event::upstream_interim: return "upstream_interim";
    case intermediary_event::upstream_final: return "upstream_final";
    case intermediary_event::body_bytes: return "body_bytes";
    case intermediary_event::body_end: return "body_end";
    case intermediary_event::response_complete: return "response_complete";
    case intermediary_event::upstream_failed: return "upstream_failed";
    case intermediary_event::timer: return "timer";
    case intermediary_event::downstream_closed: return "downstream_closed";
    }
    return "?";
}

}  // namespace expect100

#endif  // EXPECT100_INTERMEDIARY_STATE_HPP
