// The header's version and CMake's project() version agree.
#include <expect100/version.hpp>

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("version.hpp matches the CMake project version", "[version]") {
    const std::string header = std::to_string(EXPECT100_VERSION_MAJOR) + "." +
                               std::to_string(EXPECT100_VERSION_MINOR) + "." +
                               std::to_string(EXPECT100_VERSION_PATCH);
    CHECK(header == EXPECT100_CMAKE_VERSION);
    CHECK(EXPECT100_VERSION == EXPECT100_VERSION_MAJOR * 10000 + EXPECT100_VERSION_MINOR * 100 +
                                   EXPECT100_VERSION_PATCH);
}
