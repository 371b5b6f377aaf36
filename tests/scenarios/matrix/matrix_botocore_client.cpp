// The preset matrix for the botocore_client client: see matrix.hpp.
#include "matrix.hpp"

TEST_CASE("matrix: botocore_client x every intermediary x every origin preset",
          "[scenario][matrix]") {
    using namespace expect100;
    CHECK(test::matrix::run_client<presets::botocore_client<test::matrix::clock_type>>() ==
          test::matrix::exchanges_per_client);
}
