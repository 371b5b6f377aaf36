// The preset matrix for the dotnet_framework_client client: see matrix.hpp.
#include "matrix.hpp"

TEST_CASE("matrix: dotnet_framework_client x every intermediary x every origin preset",
          "[scenario][matrix]") {
    using namespace expect100;
    CHECK(test::matrix::run_client<presets::dotnet_framework_client<test::matrix::clock_type>>() ==
          test::matrix::exchanges_per_client);
}
