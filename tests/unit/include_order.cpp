// Headers in an order that once broke: presets.hpp declares the aliases expect100::client and
// expect100::intermediary, and a header read after it must not shadow them (-Wshadow is an
// error in this build). Compiling this file is the test; the case below keeps it linked in.
// clang-format off: the order is the test
#include <expect100/expect100.hpp>
#include <expect100/explain.hpp>
#include <expect100/presets.hpp>
// clang-format on

#include <catch2/catch.hpp>

TEST_CASE("every header reads after presets.hpp without shadowing its aliases", "[headers]") {
    expect100::recording_trace<std::chrono::steady_clock::time_point, 4> t;
    CHECK(std::string(expect100::explain_intermediary(t, "p").view()) == "no final response yet");
}
