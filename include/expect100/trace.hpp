// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Trace sinks: a machine's optional record of every transition, with its time and reason.
//
// A machine takes its sink as a template parameter and stores it at zero size when the sink is
// empty, so `null_trace` (the default) costs nothing. A sink is any type with
//     void record(const trace_entry<TimePoint>&) noexcept;
// `recording_trace` keeps the last N entries in a fixed array (no allocation), for tests,
// diagnostics and the explain() sentences of the role headers.
#ifndef EXPECT100_TRACE_HPP
#define EXPECT100_TRACE_HPP

#include <cstddef>
#include <cstdint>

namespace expect100 {

// Why a transition did what it did, where its states and event do not say it: the explainers
// (explain.hpp) read this instead of guessing from numbers.
enum class trace_reason : std::uint8_t {
    none,
    own_continue,             // the machine sent a 100 of its own (an intermediary's grace, ...)
    continue_relayed,         // an upstream 100 went on to the client
    continue_withheld,        // an upstream 100 was kept from a waiting client (the outage)
    repeated_without_expect,  // a 417 to the forwarded Expect: the head went up again without it
    deadline_passed,          // a timer fired with something due (wait, grace, stall, caps, 504)
    internal_fault,           // the handler asked for a move its table lacks (a bug; closed)
};

// One transition of one machine: from which state to which on which event, why (when the states
// do not say), and a number that belongs to the event (a status, a byte count; 0 when none).
// States and events are the machine's own enums, stored as their underlying values; the trace
// belongs to one machine, so no role is recorded.
template <class TimePoint>
struct trace_entry {
    TimePoint at{};
    std::uint8_t from = 0;
    std::uint8_t to = 0;
    std::uint8_t event = 0;
    trace_reason reason = trace_reason::none;
    std::uint64_t value = 0;
};

// The default sink: records nothing, occupies nothing.
struct null_trace {
    template <class Entry>
    constexpr void record(const Entry&) noexcept {}
};

// Keeps the last `Capacity` entries; `dropped()` counts older ones that were overwritten.
template <class TimePoint, std::size_t Capacity = 32>
class recording_trace {
public:
    using entry = trace_entry<TimePoint>;
    static constexpr std::size_t capacity = Capacity;
    static_assert(Capacity > 0, "a recording trace needs room for one entry");

    constexpr void record(const entry& e) noexcept {
        entries_[(first_ + size_) % Capacity] = e;
        if (size_ < Capacity) {
            ++size_;
        } else {
            first_ = (first_ + 1) % Capacity;
            ++dropped_;
        }
    }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr std::uint64_t dropped() const noexcept { return dropped_; }
    // @pre i < size(); 0 is the oldest entry kept.
    constexpr const entry& operator[](std::size_t i) const noexcept {
        return entries_[(first_ + i) % Capacity];
    }
    constexpr void clear() noexcept {
        first_ = 0;
        size_ = 0;
        dropped_ = 0;
    }

private:
    entry entries_[Capacity] = {};
    std::size_t first_ = 0;
    std::size_t size_ = 0;
    std::uint64_t dropped_ = 0;
};

// A sink that forwards to a sink the caller owns, or nowhere: one machine type whether a
// connection records or not (a --trace flag), at the size of a pointer. The caller keeps the
// target alive as long as the machine, or detaches it first.
template <class Sink>
class trace_to {
public:
    constexpr trace_to() noexcept = default;
    constexpr explicit trace_to(Sink* target) noexcept : target_(target) {}
    constexpr void attach(Sink* target) noexcept { target_ = target; }
    constexpr Sink* target() const noexcept { return target_; }

    template <class Entry>
    constexpr void record(const Entry& e) noexcept {
        if (target_ != nullptr) target_->record(e);
    }

private:
    Sink* target_ = nullptr;
};

}  // namespace expect100

#endif  // EXPECT100_TRACE_HPP
