// The preset matrix for the go_client client: see matrix.hpp.
#include "matrix.hpp"

TEST_CASE("matrix: go_client x every intermediary x every origin preset", "[scenario][matrix]") {
    using namespace expect100;
    CHECK(test::matrix::run_client<presets::go_client<test::matrix::clock_type>>() ==
          test::matrix::exchanges_per_client);
}
