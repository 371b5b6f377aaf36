// The preset matrix for the office365_client client: see matrix.hpp.
#include "matrix.hpp"

TEST_CASE("matrix: office365_client x every intermediary x every origin preset",
          "[scenario][matrix]") {
    using namespace expect100;
    CHECK(test::matrix::run_client<presets::office365_client<test::matrix::clock_type>>() ==
          test::matrix::exchanges_per_client);
}
