// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What every role machine does the same way: refuse an event, and record a move in its trace.
// The table check stays in each machine (each has its own table).
#ifndef EXPECT100_DETAIL_MACHINE_HPP
#define EXPECT100_DETAIL_MACHINE_HPP

#include <expect100/action.hpp>
#include <expect100/error.hpp>
#include <expect100/trace.hpp>

#include <cstdint>

namespace expect100::detail {

template <class Step>
Step refused(errc e, error_origin origin) noexcept {
    Step s;
    s.error = make_error_code(e);
    s.origin = origin;
    return s;
}

template <class Trace, class TimePoint, class State, class Event>
constexpr void record_move(Trace& sink, TimePoint now, State from, State to, Event on,
                           std::uint64_t value) noexcept {
    trace_entry<TimePoint> entry;
    entry.at = now;
    entry.from = static_cast<std::uint8_t>(from);
    entry.to = static_cast<std::uint8_t>(to);
    entry.event = static_cast<std::uint8_t>(on);
    entry.value = value;
    sink.record(entry);
}

} // namespace expect100::detail

#endif // EXPECT100_DETAIL_MACHINE_HPP
