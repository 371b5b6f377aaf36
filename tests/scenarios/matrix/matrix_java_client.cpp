// The preset matrix for the java_client client: see matrix.hpp.
#include "matrix.hpp"

TEST_CASE("matrix: java_client x every intermediary x every origin preset", "[scenario][matrix]") {
    using namespace expect100;
    CHECK(test::matrix::run_client<presets::java_client<test::matrix::clock_type>>() ==
          test::matrix::exchanges_per_client);
}
