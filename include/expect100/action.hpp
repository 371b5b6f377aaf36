// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What a role machine answers each event with: a step (client_step, server_step,
// intermediary_step), holding a short list of that role's actions to perform now, in order, and
// an error when the event was refused.
//
// House rules (shared by every machine):
// - Waiting is never an action and never an error: a machine that waits has nothing to say and
//   arms a deadline (next_deadline()); the caller calls on_timer() when it passes.
// - One event yields at most action_list::capacity actions; a static_assert in each machine's
//   table proves its longest answer fits.
// - An action is a small trivially copyable value: no heap, no std::function.
#ifndef EXPECT100_ACTION_HPP
#define EXPECT100_ACTION_HPP

#include <expect100/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace expect100 {

// ---- What each role may be asked to do --------------------------------------------------------
// One vocabulary per role, so that a caller's switch over its machine's actions is complete
// under -Wswitch-enum and a kind the role never emits cannot appear in it.

// The client machine (client.hpp): one peer, the server.
enum class client_action : std::uint8_t {
    send_head,              // write the request head as given, without Expect
    send_head_with_expect,  // write the request head with Expect: 100-continue
    send_body,              // write the request body now (or go on writing it)
    skip_body,              // this body will never be written; release it
    stop_body,              // stop writing the body mid-way (the connection will close)
    end_chunked_body,       // end the chunked body now with a last chunk (opt-in)
    retry_without_expect,   // repeat the request without Expect, on a new connection (C-5)
    retry_request,          // repeat the idempotent request on a new connection (C-14)
    close,                  // close the connection
};

// The origin server machine (server.hpp): one peer, the client.
enum class server_action : std::uint8_t {
    send_continue,  // write "HTTP/1.1 100 Continue" now (no CL/TE, no close: G-17, S-10)
    send_final,     // write a final response the machine decided on, with status()
    discard_body,   // read and drop at most byte_limit() more request body bytes
    add_close,      // the final response being written must carry Connection: close
    close,          // half-close the write side, read a little, close (S-9)
};

// The intermediary machine (intermediary.hpp): two peers; side() says which.
enum class intermediary_action : std::uint8_t {
    forward_head,                 // upstream: the request head, Expect as received
    forward_head_without_expect,  // upstream: the request head without Expect
    forward_head_adding_expect,   // upstream: the request head with Expect: 100-continue added
    forward_body,                 // upstream: relay the client's body (start, or go on)
    hold_body,                    // downstream: stop reading the client's body for now
    stop_body,                    // upstream: stop relaying the body (the origin answered)
    relay_interim,                // downstream: the upstream 1xx with status()
    relay_final,                  // downstream: the upstream final response with status()
    send_continue,                // downstream: our own 100 Continue
    send_final,                   // downstream: a final response of our own, with status()
    discard_body,                 // downstream: read and drop at most byte_limit() body bytes
    add_close,                    // downstream: the final response carries Connection: close
    close,                        // close that side's connection
};

enum class action_side : std::uint8_t {
    downstream,  // the peer that sent us the request (the only side of a server)
    upstream,    // the next hop (the client's only side; the intermediary's other one)
};

// One action of a role: a small trivially copyable value (no heap, no std::function). Kinds with
// a payload have a named factory that takes it: send_final(status), relay(kind, status),
// discard_body(limit).
template <class Kind>
class basic_action {
public:
    using kind_type = Kind;

    constexpr basic_action() noexcept = default;

    static constexpr basic_action make(Kind k, action_side s = action_side::downstream) noexcept {
        return basic_action(k, s, 0, 0);
    }
    static constexpr basic_action send_final(std::uint16_t status) noexcept {
        return basic_action(Kind::send_final, action_side::downstream, status, 0);
    }
    static constexpr basic_action relay(Kind k, std::uint16_t status) noexcept {
        return basic_action(k, action_side::downstream, status, 0);  // relay_interim, relay_final
    }
    static constexpr basic_action discard_body(std::uint64_t limit) noexcept {
        return basic_action(Kind::discard_body, action_side::downstream, 0, limit);
    }

    constexpr Kind kind() const noexcept { return kind_; }
    constexpr action_side side() const noexcept { return side_; }
    // @pre kind() is send_final, relay_interim or relay_final
    constexpr std::uint16_t status() const noexcept { return status_; }
    // @pre kind() == discard_body
    constexpr std::uint64_t byte_limit() const noexcept { return limit_; }

    friend constexpr bool operator==(const basic_action& a, const basic_action& b) noexcept {
        return a.kind_ == b.kind_ && a.side_ == b.side_ && a.status_ == b.status_ &&
               a.limit_ == b.limit_;
    }
    friend constexpr bool operator!=(const basic_action& a, const basic_action& b) noexcept {
        return !(a == b);
    }

private:
    constexpr basic_action(Kind k, action_side s, std::uint16_t st, std::uint64_t n) noexcept
        : limit_(n), status_(st), kind_(k), side_(s) {}

    std::uint64_t limit_ = 0;
    std::uint16_t status_ = 0;
    Kind kind_ = Kind::close;
    action_side side_ = action_side::downstream;
};

using client_action_value = basic_action<client_action>;
using server_action_value = basic_action<server_action>;
using intermediary_action_value = basic_action<intermediary_action>;
static_assert(std::is_trivially_copyable_v<intermediary_action_value>);

// A bounded list of actions. push_back beyond capacity is a bug in a machine's table, caught
// by the static_asserts over the tables and, at run time, by dropping the action and setting
// overflowed() (which the fuzz targets check).
template <class Kind>
class basic_action_list {
public:
    using value_type = basic_action<Kind>;
    static constexpr std::size_t capacity = 4;

    constexpr void push_back(value_type a) noexcept {
        if (size_ < capacity) {
            items_[size_++] = a;
        } else {
            overflowed_ = true;
        }
    }
    constexpr const value_type* begin() const noexcept { return items_; }
    constexpr const value_type* end() const noexcept { return items_ + size_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const value_type& operator[](std::size_t i) const noexcept { return items_[i]; }
    constexpr bool overflowed() const noexcept { return overflowed_; }
    constexpr bool contains(Kind k) const noexcept {
        for (std::size_t i = 0; i < size_; ++i) {
            if (items_[i].kind() == k) {
                return true;
            }
        }
        return false;
    }

private:
    value_type items_[capacity] = {};
    std::size_t size_ = 0;
    bool overflowed_ = false;
};

// Who is at fault when an event is refused.
enum class error_origin : std::uint8_t {
    none,
    local,     // the caller fed an event the machine's state does not allow: a bug to fix
    remote,    // the peer broke the protocol: answer or close as the actions say
    internal,  // expect100's own bug (errc::internal_transition): the connection is closed
};

// The answer to every event of a role's machine.
// Error model (error.hpp): origin == local: the event was refused and nothing changed (no
// action); remote: the peer's fault, already answered by the actions (close, perhaps a status
// first); internal: expect100's own bug, the connection is closed.
template <class Kind>
struct [[nodiscard]] basic_step {
    using action_kind = Kind;
    using action = basic_action<Kind>;

    basic_action_list<Kind> actions;  // perform these now, in this order
    std::error_code error;
    error_origin origin = error_origin::none;

    bool ok() const noexcept { return !error; }
    // The fault as expect100's own code; errc{} (no named value) when the step is ok.
    errc code() const noexcept {
        return error && error.category() == error_category() ? static_cast<errc>(error.value())
                                                             : errc{};
    }
};

using client_step = basic_step<client_action>;
using server_step = basic_step<server_action>;
using intermediary_step = basic_step<intermediary_action>;

constexpr std::string_view to_string(client_action k) noexcept {
    switch (k) {
    case client_action::send_head: return "send_head";
    case client_action::send_head_with_expect: return "send_head_with_expect";
    case client_action::send_body: return "send_body";
    case client_action::skip_body: return "skip_body";
    case client_action::stop_body: return "stop_body";
    case client_action::end_chunked_body: return "end_chunked_body";
    case client_action::retry_without_expect: return "retry_without_expect";
    case client_action::retry_request: return "retry_request";
    case client_action::close: return "close";
    }
    return "?";
}

constexpr std::string_view to_string(server_action k) noexcept {
    switch (k) {
    case server_action::send_continue: return "send_continue";
    case server_action::send_final: return "send_final";
    case server_action::discard_body: return "discard_body";
    case server_action::add_close: return "add_close";
    case server_action::close: return "close";
    }
    return "?";
}

constexpr std::string_view to_string(intermediary_action k) noexcept {
    switch (k) {
    case intermediary_action::forward_head: return "forward_head";
    case intermediary_action::forward_head_without_expect: return "forward_head_without_expect";
    case intermediary_action::forward_head_adding_expect: return "forward_head_adding_expect";
    case intermediary_action::forward_body: return "forward_body";
    case intermediary_action::hold_body: return "hold_body";
    case intermediary_action::stop_body: return "stop_body";
    case intermediary_action::relay_interim: return "relay_interim";
    case intermediary_action::relay_final: return "relay_final";
    case intermediary_action::send_continue: return "send_continue";
    case intermediary_action::send_final: return "send_final";
    case intermediary_action::discard_body: return "discard_body";
    case intermediary_action::add_close: return "add_close";
    case intermediary_action::close: return "close";
    }
    return "?";
}

}  // namespace expect100

#endif  // EXPECT100_ACTION_HPP
