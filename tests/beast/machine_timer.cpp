// The Asio timer that runs a machine (include/expect100/beast/machine_timer.hpp): it fires once
// per wait, re-arms only for an earlier deadline (a later or absent one lets the wait in flight
// run out: the machine takes early on_timer calls), and cancel() releases the handler. No time
// is asserted: deadlines are either in the past (due at once) or an hour away (never due
// during the test), and run_for only bounds how long a step of the test may take.
#include <expect100/beast/machine_timer.hpp>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include <chrono>

using expect100::beast::machine_timer;
using clock_type = machine_timer::clock;

namespace {

constexpr auto step_bound = std::chrono::milliseconds(200);

clock_type::time_point due() {
    return clock_type::now() - std::chrono::seconds(1);
}
clock_type::time_point hour_away() {
    return clock_type::now() + std::chrono::hours(1);
}

}  // namespace

TEST_CASE("machine_timer: a due deadline fires once", "[beast][machine_timer]") {
    boost::asio::io_context io;
    machine_timer timer(io.get_executor());
    int fired = 0;
    timer.arm(due(), [&] { ++fired; });
    CHECK(timer.waiting());
    io.run_for(step_bound);
    CHECK(fired == 1);
    CHECK_FALSE(timer.waiting());
}

TEST_CASE("machine_timer: no deadline arms nothing", "[beast][machine_timer]") {
    boost::asio::io_context io;
    machine_timer timer(io.get_executor());
    int fired = 0;
    timer.arm((clock_type::time_point::max)(), [&] { ++fired; });
    CHECK_FALSE(timer.waiting());
    CHECK(io.run_for(step_bound) == 0);  // no handler ran: nothing was queued
    CHECK(fired == 0);
}

TEST_CASE("machine_timer: a later deadline keeps the wait in flight, an earlier one replaces it",
          "[beast][machine_timer]") {
    boost::asio::io_context io;
    machine_timer timer(io.get_executor());
    int first = 0;
    int later = 0;
    int earlier = 0;
    timer.arm(hour_away(), [&] { ++first; });
    timer.arm(hour_away() + std::chrono::hours(1), [&] { ++later; });  // ignored: not earlier
    io.run_for(step_bound);
    CHECK(first + later == 0);
    CHECK(timer.waiting());
    timer.arm(due(), [&] { ++earlier; });  // earlier: the hour-long wait is cancelled
    io.run_for(step_bound);
    CHECK(earlier == 1);
    CHECK(first == 0);  // the cancelled wait's handler never runs the machine
    CHECK(later == 0);
    CHECK_FALSE(timer.waiting());
}

TEST_CASE("machine_timer: cancel releases the wait, and the timer can be armed again",
          "[beast][machine_timer]") {
    boost::asio::io_context io;
    machine_timer timer(io.get_executor());
    int fired = 0;
    timer.arm(hour_away(), [&] { ++fired; });
    timer.cancel();
    CHECK_FALSE(timer.waiting());
    io.run_for(step_bound);
    CHECK(fired == 0);
    io.restart();  // run_for ran out of work: the context stopped
    timer.arm(due(), [&] { ++fired; });
    io.run_for(step_bound);
    CHECK(fired == 1);
}

TEST_CASE("machine_timer: the handler may arm the next wait (as every caller does)",
          "[beast][machine_timer]") {
    boost::asio::io_context io;
    machine_timer timer(io.get_executor());
    int fired = 0;
    timer.arm(due(), [&] {
        ++fired;
        timer.arm(due(), [&] { ++fired; });
    });
    io.run_for(step_bound);
    CHECK(fired == 2);
    CHECK_FALSE(timer.waiting());
}
