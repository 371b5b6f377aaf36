// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What every role machine does the same way, written once: it owns the machine's state, the
// legality check against the role's transition table, the move along a row, the trace, and the
// internal fault when a handler asks for a move the table does not have.
//
// The idiom every event handler follows (impl/<role>.hpp):
//
//     step s;
//     if (!core_.admit(event, now, s)) return s;      // refused, or absorbed in closed
//     ... decide the actions (into s) and the target state ...
//     core_.commit(s, event, to, now, value);          // the table checks the move
//     return s;
//
// admit() is the one legality pre-check: an event the table has no row for in the current
// state is refused as the caller's fault and changes nothing (error.hpp's error model); in
// `closed`, an event the table absorbs moves closed -> closed through its row, so it is traced
// like any other, with no action. The handlers therefore never switch over states the table
// refuses: a state they do not name falls through to commit(), which refuses any move the table
// lacks (internal_transition, caught by the fuzz targets).
#ifndef EXPECT100_DETAIL_MACHINE_CORE_HPP
#define EXPECT100_DETAIL_MACHINE_CORE_HPP

#include <expect100/action.hpp>
#include <expect100/error.hpp>
#include <expect100/trace.hpp>

#include <expect100/detail/ebo.hpp>
#include <expect100/detail/table.hpp>

#include <cstdint>
#include <type_traits>

namespace expect100::detail {

template <class Table, class Kind, class Trace>
class machine_core : private ebo_holder<Trace, 0> {
public:
    using state_type = typename Table::state;
    using event_type = typename Table::event;
    using step = basic_step<Kind>;

    constexpr state_type state() const noexcept { return state_; }
    constexpr bool closed() const noexcept { return state_ == state_type::closed; }
    constexpr Trace& trace() noexcept { return this->held(); }
    constexpr const Trace& trace() const noexcept { return this->held(); }

    // The legality pre-check. @return true when the handler goes on (with `out` untouched),
    // false when `out` holds the whole answer: the event refused with `refused_as`, or
    // absorbed in closed.
    template <class TimePoint>
    constexpr bool admit(event_type on, TimePoint now, step& out,
                         errc refused_as = errc::event_out_of_order) noexcept {
        if (!Table::allows_event(state_, on)) {
            out = refuse(refused_as, error_origin::local);
            return false;
        }
        if (closed()) {
            record(on, state_, now, 0, trace_reason::none);
            return false;
        }
        return true;
    }

    // An event refused: nothing changed, no action (origin local), or the peer's fault
    // (origin remote) when the caller adds the actions that answer it.
    static constexpr step refuse(errc e, error_origin origin) noexcept {
        step s;
        s.error = make_error_code(e);
        s.origin = origin;
        return s;
    }

    // The end of every handler: the move to `to` along a row of the table, recorded. A move the
    // table lacks is a bug in the handler: `s` becomes the internal fault (internal_transition,
    // the connection closed). `s` is the handler's own step, returned by it as it is: a step is
    // built in place and never copied on the way out.
    template <class TimePoint>
    constexpr void commit(step& s, event_type on, state_type to, TimePoint now, std::uint64_t value,
                          trace_reason why = trace_reason::none) noexcept {
        if (!Table::allows(state_, on, to)) {
            s = internal_fault(on, now);
            return;
        }
        record(on, to, now, value, why);
        state_ = to;
    }

private:
    template <class TimePoint>
    constexpr void record(event_type on, state_type to, TimePoint now, std::uint64_t value,
                          trace_reason why) noexcept {
        trace_entry<TimePoint> entry;
        entry.at = now;
        entry.from = static_cast<std::uint8_t>(state_);
        entry.to = static_cast<std::uint8_t>(to);
        entry.event = static_cast<std::uint8_t>(on);
        entry.reason = why;
        entry.value = value;
        this->held().record(entry);
    }

    template <class TimePoint>
    constexpr step internal_fault(event_type on, TimePoint now) noexcept {
        step s = refuse(errc::internal_transition, error_origin::internal);
        if constexpr (std::is_same_v<Kind, intermediary_action>) {
            s.actions.push_back(basic_action<Kind>::make(Kind::close, action_side::upstream));
        }
        s.actions.push_back(basic_action<Kind>::make(Kind::close));
        record(on, state_type::closed, now, 0, trace_reason::internal_fault);
        state_ = state_type::closed;
        return s;
    }

    state_type state_ = state_type::idle;
};

}  // namespace expect100::detail

#endif  // EXPECT100_DETAIL_MACHINE_CORE_HPP
