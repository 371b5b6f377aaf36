// docs/reference/expectation.md holds the table of tricky inputs (docs/requirements.md, G-1..G-22)
// with the verdict of each policy. This test keeps every cell of it true: one section per row.
#include "../../examples/common/tricky_table.hpp"

#include <expect100/describe.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

using namespace expect100;

TEST_CASE("docs/reference/expectation.md: the documented verdict of every tricky input holds",
          "[rfc9110-10.1.1][docs]") {
    std::ifstream file(EXPECT100_DOCS_DIR "/reference/expectation.md");
    REQUIRE(file.good());
    std::string error;
    const examples::tricky_table table = examples::read_tricky_table(file, error);
    REQUIRE(error.empty());
    REQUIRE(table.policies.size() >= 4);
    REQUIRE(table.rows.size() >= 30);
    for (const examples::tricky_row& row : table.rows) {
        DYNAMIC_SECTION("row: " << row.label) {
            const std::vector<std::string_view> lines(row.lines.begin(), row.lines.end());
            for (std::size_t i = 0; i < table.policies.size(); ++i) {
                INFO("policy: " << table.policy_names[i]);
                const expectation e = analyze_expect(lines, table.policies[i]);
                CHECK(std::string(describe(e).view()) == row.verdicts[i]);
            }
        }
    }
}
