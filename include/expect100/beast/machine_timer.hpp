// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The one timer a connection needs to run a machine on Asio: after every step, arm it from the
// machine's next_deadline(); when it fires, feed on_timer(now) and perform the step.
//
// Why it is not a plain steady_timer: machines move their deadline on most events (the grace,
// then the upstream timeout, then none), and re-arming an Asio timer cancels a wait and may
// reprogram the kernel's timerfd each time. The machines accept early calls to on_timer
// ("calling it early or late is harmless"), so this timer only re-arms when the deadline comes
// *earlier* than the wait in flight; a later or absent deadline lets the wait run out, the
// caller's handler feeds a harmless early on_timer and arms again. cancel() on close releases
// the handler (and whatever it keeps alive) at once.
#ifndef EXPECT100_BEAST_MACHINE_TIMER_HPP
#define EXPECT100_BEAST_MACHINE_TIMER_HPP

#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <utility>

namespace expect100::beast {

// Timer: an Asio waitable timer (boost::asio::steady_timer, the default), or any type with its
// constructor from an executor, expires_at, async_wait and cancel, such as a test harness's
// timer in virtual time (fuzz/kit/proxy_session_fuzz.cpp).
template <class Timer>
class basic_machine_timer {
public:
    using clock = typename Timer::clock_type;
    using time_point = typename clock::time_point;

    template <class Executor>
    explicit basic_machine_timer(const Executor& ex) : timer_(ex) {}

    // Arms the timer for `deadline` (time_point::max(): no deadline). `fire()` is called once
    // the wait in flight ends, unless cancel() came first.
    template <class Fire>
    void arm(time_point deadline, Fire&& fire) {
        if (deadline == (time_point::max)()) return;  // nothing to wait for
        if (waiting_ && deadline >= armed_) return;   // the wait in flight ends earlier: enough
        armed_ = deadline;
        waiting_ = true;
        timer_.expires_at(deadline);  // cancels the wait in flight, if any
        timer_.async_wait([this, f = std::forward<Fire>(fire),
                           deadline](const boost::system::error_code& ec) mutable {
            if (ec) return;  // cancelled: a newer wait or cancel() took over
            if (armed_ == deadline) waiting_ = false;
            f();
        });
    }

    void cancel() {
        waiting_ = false;
        armed_ = (time_point::max)();
        timer_.cancel();
    }

    bool waiting() const noexcept { return waiting_; }

private:
    Timer timer_;
    time_point armed_ = (time_point::max)();
    bool waiting_ = false;
};

using machine_timer = basic_machine_timer<boost::asio::steady_timer>;

}  // namespace expect100::beast

#endif  // EXPECT100_BEAST_MACHINE_TIMER_HPP
