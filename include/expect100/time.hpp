// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Time in the core is always an argument. A machine's traits name a clock type, and only its
// types are used: time_point and duration. `now()` is never called (a test checks the headers
// for it), so tests run in virtual time and a caller may use any clock it likes.
#ifndef EXPECT100_TIME_HPP
#define EXPECT100_TIME_HPP

#include <algorithm>

namespace expect100 {

template <class Clock>
struct clock_traits {
    using clock = Clock;
    using time_point = typename Clock::time_point;
    using duration = typename Clock::duration;

    // The deadline of a machine that waits for nothing.
    static constexpr time_point no_deadline() noexcept { return (time_point::max)(); }

    // now + d, saturating instead of overflowing near time_point::max() (Asio's wait_traits
    // handles the same edge): a huge configured timeout must mean "never", not a wrapped past.
    static constexpr time_point after(time_point now, duration d) noexcept {
        if (d <= duration::zero()) {
            return now;
        }
        if (no_deadline() - now <= d) {
            return no_deadline();
        }
        return now + d;
    }

    static constexpr time_point earlier(time_point a, time_point b) noexcept {
        return (std::min)(a, b);
    }
};

}  // namespace expect100

#endif  // EXPECT100_TIME_HPP
