// The two bounded containers of the core: the action list of a step and the recording trace.
// Neither allocates, so each has a defined answer when it is full: the action list drops and
// says so (a machine bug the fuzz targets look for), the trace keeps the newest entries and
// counts what it overwrote.
#include <expect100/action.hpp>
#include <expect100/trace.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>

using namespace expect100;

TEST_CASE("an action list past its capacity drops the extra action and says so", "[action]") {
    using action_list = basic_action_list<intermediary_action>;
    using action = intermediary_action_value;
    action_list list;
    CHECK(list.empty());
    for (std::size_t i = 0; i < action_list::capacity; ++i) {
        list.push_back(action::make(intermediary_action::forward_body, action_side::upstream));
    }
    CHECK_FALSE(list.overflowed());
    list.push_back(action::make(intermediary_action::close));
    CHECK(list.overflowed());
    CHECK(list.size() == action_list::capacity);
    CHECK_FALSE(list.contains(intermediary_action::close));  // dropped, not written past the end
    CHECK(list.contains(intermediary_action::forward_body));
    CHECK(list[0] == action::make(intermediary_action::forward_body, action_side::upstream));
    CHECK(list[0] != action::make(intermediary_action::forward_body));  // the side is part of it
    CHECK(action::send_final(413) != action::send_final(417));
}

TEST_CASE("a recording trace keeps the newest entries and counts the ones it overwrote",
          "[trace]") {
    using time_point = std::chrono::steady_clock::time_point;
    recording_trace<time_point, 3> trace;
    const auto entry = [](std::uint64_t v) {
        trace_entry<time_point> e;
        e.value = v;
        return e;
    };
    for (std::uint64_t v = 1; v <= 5; ++v)
        trace.record(entry(v));
    CHECK(trace.size() == 3);
    CHECK(trace.dropped() == 2);
    CHECK(trace[0].value == 3);  // the oldest kept
    CHECK(trace[1].value == 4);
    CHECK(trace[2].value == 5);
    trace.record(entry(6));
    CHECK(trace[0].value == 4);
    CHECK(trace[2].value == 6);
    CHECK(trace.dropped() == 3);
    trace.clear();
    CHECK(trace.size() == 0);
    CHECK(trace.dropped() == 0);
    trace.record(entry(7));
    CHECK(trace[0].value == 7);
}
