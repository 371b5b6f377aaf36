// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Transition tables as data, and the questions asked of them (by the machines at run time, by
// static_asserts at compile time, and by tools/diagrams). One table per role lives in
// detail/<role>_table.hpp as a constexpr array of edges. Every property is a function of a table
// passed in, so tests/unit/tables.cpp can show each one rejecting a table that breaks it.
#ifndef EXPECT100_DETAIL_TABLE_HPP
#define EXPECT100_DETAIL_TABLE_HPP

#include <array>
#include <cstddef>
#include <cstdint>

namespace expect100::detail {

template <class State, class Event>
struct edge {
    State from;
    Event on;
    State to;
};

template <class State, class Event, std::size_t N>
constexpr bool allows(const edge<State, Event> (&edges)[N], State from, Event on,
                      State to) noexcept {
    for (const auto& e : edges) {
        if (e.from == from && e.on == on && e.to == to) {
            return true;
        }
    }
    return false;
}

template <class State, class Event, std::size_t N>
constexpr bool allows_event(const edge<State, Event> (&edges)[N], State from, Event on) noexcept {
    for (const auto& e : edges) {
        if (e.from == from && e.on == on) {
            return true;
        }
    }
    return false;
}

// The table as an index for the machines' run-time checks: for each (state, event), the set of
// target states as a bit mask. Built at compile time from the edges, so a lookup is one load
// instead of a walk over every edge (benchmarks/README.md, bench_machines).
template <std::size_t StateCount, std::size_t EventCount>
using transition_index = std::array<std::array<std::uint32_t, EventCount>, StateCount>;

template <std::size_t StateCount, std::size_t EventCount, class State, class Event, std::size_t N>
constexpr transition_index<StateCount, EventCount> make_index(
    const edge<State, Event> (&edges)[N]) noexcept {
    static_assert(StateCount <= 32, "the index holds target states in 32 bits");
    transition_index<StateCount, EventCount> index{};
    for (const auto& e : edges) {
        index[static_cast<std::size_t>(e.from)][static_cast<std::size_t>(e.on)] |=
            std::uint32_t{1} << static_cast<unsigned>(e.to);
    }
    return index;
}

template <std::size_t StateCount, std::size_t EventCount, class State, class Event>
constexpr bool index_allows(const transition_index<StateCount, EventCount>& index, State from,
                            Event on, State to) noexcept {
    return (index[static_cast<std::size_t>(from)][static_cast<std::size_t>(on)] &
            (std::uint32_t{1} << static_cast<unsigned>(to))) != 0;
}

template <std::size_t StateCount, std::size_t EventCount, class State, class Event>
constexpr bool index_allows_event(const transition_index<StateCount, EventCount>& index, State from,
                                  Event on) noexcept {
    return index[static_cast<std::size_t>(from)][static_cast<std::size_t>(on)] != 0;
}

// A role's transition index as a type: what detail::machine_core checks its moves against
// (each table header names its own as `rows`).
template <class State, class Event, const auto& Index>
struct indexed_table {
    using state = State;
    using event = Event;
    static constexpr bool allows(State from, Event on, State to) noexcept {
        return index_allows(Index, from, on, to);
    }
    static constexpr bool allows_event(State from, Event on) noexcept {
        return index_allows_event(Index, from, on);
    }
};

// The index says exactly what the edges say: every (from, on, to) of the first StateCount states
// and EventCount events is allowed by both or by neither.
template <std::size_t StateCount, std::size_t EventCount, class State, class Event, std::size_t N>
constexpr bool index_matches(const transition_index<StateCount, EventCount>& index,
                             const edge<State, Event> (&edges)[N]) noexcept {
    for (std::size_t f = 0; f < StateCount; ++f) {
        for (std::size_t o = 0; o < EventCount; ++o) {
            for (std::size_t t = 0; t < StateCount; ++t) {
                const auto from = static_cast<State>(f);
                const auto on = static_cast<Event>(o);
                const auto to = static_cast<State>(t);
                if (index_allows(index, from, on, to) != allows(edges, from, on, to)) {
                    return false;
                }
            }
        }
    }
    return true;
}

// Every one of the first StateCount states is reachable from `start`.
template <std::size_t StateCount, class State, class Event, std::size_t N>
constexpr bool every_state_reachable(const edge<State, Event> (&edges)[N], State start) noexcept {
    bool reached[StateCount] = {};
    reached[static_cast<std::size_t>(start)] = true;
    for (std::size_t round = 0; round < StateCount; ++round) {
        for (const auto& e : edges) {
            if (reached[static_cast<std::size_t>(e.from)]) {
                reached[static_cast<std::size_t>(e.to)] = true;
            }
        }
    }
    for (bool r : reached) {
        if (!r) {
            return false;
        }
    }
    return true;
}

// Every one of the first StateCount states has at least one edge on `on`.
template <std::size_t StateCount, class State, class Event, std::size_t N>
constexpr bool every_state_accepts(const edge<State, Event> (&edges)[N], Event on) noexcept {
    for (std::size_t s = 0; s < StateCount; ++s) {
        if (!allows_event(edges, static_cast<State>(s), on)) {
            return false;
        }
    }
    return true;
}

// Every one of the first StateCount states can move to `to` on `on`.
template <std::size_t StateCount, class State, class Event, std::size_t N>
constexpr bool every_state_moves_to(const edge<State, Event> (&edges)[N], Event on,
                                    State to) noexcept {
    for (std::size_t s = 0; s < StateCount; ++s) {
        if (!allows(edges, static_cast<State>(s), on, to)) {
            return false;
        }
    }
    return true;
}

// Every edge on `on` leaves from `from` (a request head only between exchanges, say).
template <class State, class Event, std::size_t N>
constexpr bool only_from(const edge<State, Event> (&edges)[N], Event on, State from) noexcept {
    for (const auto& e : edges) {
        if (e.on == on && e.from != from) {
            return false;
        }
    }
    return true;
}

// No edge leaves `state` for another state.
template <class State, class Event, std::size_t N>
constexpr bool is_terminal(const edge<State, Event> (&edges)[N], State state) noexcept {
    for (const auto& e : edges) {
        if (e.from == state && e.to != state) {
            return false;
        }
    }
    return true;
}

}  // namespace expect100::detail

#endif  // EXPECT100_DETAIL_TABLE_HPP
