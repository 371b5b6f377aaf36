// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What a role machine answers each event with: a `step`, holding a short list of actions to
// perform now, in order, and an error when the event was refused.
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

// What to do. Each kind says which role emits it.
enum class action_kind : std::uint8_t {
    send_head,             // client: write the request head as given, without Expect
    send_head_with_expect,  // client: write the request head with Expect: 100-continue
    send_body,             // client: write the request body now (or go on writing it)
    skip_body,             // client: this body will never be written; release it
    stop_body,             // client: stop writing the body mid-way (the connection will close)
    end_chunked_body,      // client: end the chunked body now with a last chunk (opt-in, gap 9)
    retry_without_expect,  // client: repeat the request without Expect, on a new connection (C-5)
    retry_request,         // client: repeat the idempotent request on a new connection (C-14)
    forward_head,              // intermediary: send the request head upstream, Expect as received
    forward_head_without_expect,  // intermediary: send it upstream with the 100-continue removed
    forward_head_adding_expect,   // intermediary: send it upstream with Expect: 100-continue added
    forward_body,          // intermediary: relay the client's body upstream (start, or go on)
    hold_body,             // intermediary: stop reading the client's body for now (backpressure)
    relay_interim,         // intermediary: relay the upstream 1xx with status() downstream
    relay_final,           // intermediary: relay the upstream final response with status()
    send_continue,      // server: write "HTTP/1.1 100 Continue" now (no CL/TE, no close: G-17, S-10)
    send_final,         // server: write a final response the machine decided on, with status()
    discard_body,       // server: read and drop at most byte_limit() more request body bytes
    add_close,          // server: the final response being written must carry Connection: close
    close,              // close the connection (servers: half-close the write side first, S-9)
};

enum class action_side : std::uint8_t {
    downstream,  // the peer that sent us the request (the only side of a server)
    upstream,    // the next hop (client and intermediary roles)
};

class action {
public:
    constexpr action() noexcept = default;

    static constexpr action make(action_kind k, action_side s = action_side::downstream) noexcept {
        return action(k, s, 0, 0);
    }
    static constexpr action send_final(std::uint16_t status,
                                       action_side s = action_side::downstream) noexcept {
        return action(action_kind::send_final, s, status, 0);
    }
    static constexpr action relay(action_kind k, std::uint16_t status) noexcept {
        return action(k, action_side::downstream, status, 0);  // relay_interim, relay_final
    }
    static constexpr action discard_body(std::uint64_t limit) noexcept {
        return action(action_kind::discard_body, action_side::downstream, 0, limit);
    }

    constexpr action_kind kind() const noexcept { return kind_; }
    constexpr action_side side() const noexcept { return side_; }
    // @pre kind() is send_final, relay_interim or relay_final
    constexpr std::uint16_t status() const noexcept { return status_; }
    // @pre kind() == discard_body
    constexpr std::uint64_t byte_limit() const noexcept { return limit_; }

    friend constexpr bool operator==(const action& a, const action& b) noexcept {
        return a.kind_ == b.kind_ && a.side_ == b.side_ && a.status_ == b.status_ &&
               a.limit_ == b.limit_;
    }
    friend constexpr bool operator!=(const action& a, const action& b) noexcept {
        return !(a == b);
    }

private:
    constexpr action(action_kind k, action_side s, std::uint16_t st, std::uint64_t n) noexcept
        : limit_(n), status_(st), kind_(k), side_(s) {}

    std::uint64_t limit_ = 0;
    std::uint16_t status_ = 0;
    action_kind kind_ = action_kind::close;
    action_side side_ = action_side::downstream;
};

static_assert(std::is_trivially_copyable_v<action>);

// A bounded list of actions. push_back beyond capacity is a bug in a machine's table, caught
// by the static_asserts over the tables and, at run time, by dropping the action and setting
// overflowed() (which the fuzz targets check).
class action_list {
public:
    static constexpr std::size_t capacity = 4;

    constexpr void push_back(action a) noexcept {
        if (size_ < capacity) {
            items_[size_++] = a;
        } else {
            overflowed_ = true;
        }
    }
    constexpr const action* begin() const noexcept { return items_; }
    constexpr const action* end() const noexcept { return items_ + size_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const action& operator[](std::size_t i) const noexcept { return items_[i]; }
    constexpr bool overflowed() const noexcept { return overflowed_; }
    constexpr bool contains(action_kind k) const noexcept {
        for (std::size_t i = 0; i < size_; ++i) {
            if (items_[i].kind() == k) {
                return true;
            }
        }
        return false;
    }

private:
    action items_[capacity] = {};
    std::size_t size_ = 0;
    bool overflowed_ = false;
};

// Who is at fault when an event is refused.
enum class error_origin : std::uint8_t {
    none,
    local,   // the caller fed an event the machine's state does not allow: a bug to fix
    remote,    // the peer broke the protocol: answer or close as the actions say
    internal,  // expect100's own bug (errc::internal_transition): the connection is closed
};

// The answer to every event.
// Error model (error.hpp): origin == local: the event was refused and nothing changed (no
// action); remote: the peer's fault, already answered by the actions (close, perhaps a status
// first); internal: expect100's own bug, the connection is closed.
struct [[nodiscard]] step {
    action_list actions;  // perform these now, in this order
    std::error_code error;
    error_origin origin = error_origin::none;

    bool ok() const noexcept { return !error; }
    // The fault as expect100's own code; errc{} (no named value) when the step is ok.
    errc code() const noexcept {
        return error && error.category() == error_category() ? static_cast<errc>(error.value())
                                                             : errc{};
    }
};

constexpr std::string_view to_string(action_kind k) noexcept {
    switch (k) {
    case action_kind::send_head:
        return "send_head";
    case action_kind::send_head_with_expect:
        return "send_head_with_expect";
    case action_kind::send_body:
        return "send_body";
    case action_kind::skip_body:
        return "skip_body";
    case action_kind::stop_body:
        return "stop_body";
    case action_kind::end_chunked_body:
        return "end_chunked_body";
    case action_kind::retry_without_expect:
        return "retry_without_expect";
    case action_kind::retry_request:
        return "retry_request";
    case action_kind::forward_head:
        return "forward_head";
    case action_kind::forward_head_without_expect:
        return "forward_head_without_expect";
    case action_kind::forward_head_adding_expect:
        return "forward_head_adding_expect";
    case action_kind::forward_body:
        return "forward_body";
    case action_kind::hold_body:
        return "hold_body";
    case action_kind::relay_interim:
        return "relay_interim";
    case action_kind::relay_final:
        return "relay_final";
    case action_kind::send_continue:
        return "send_continue";
    case action_kind::send_final:
        return "send_final";
    case action_kind::discard_body:
        return "discard_body";
    case action_kind::add_close:
        return "add_close";
    case action_kind::close:
        return "close";
    }
    return "?";
}

} // namespace expect100

#endif // EXPECT100_ACTION_HPP
