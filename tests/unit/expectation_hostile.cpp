// Hostile Expect values: each a typed verdict, in one pass, with no allocation (the fuzz target
// and the benchmark check the allocation count), never undefined behaviour (ASan/UBSan build).
#include "../support/verdict.hpp"

#include <expect100/expectation.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace expect100;

TEST_CASE("a 1 MiB value is scanned to its end", "[hostile]") {
    const std::string token(1U << 20U, 'a');
    CHECK(analyze_expect(token).kind == expectation_kind::unsupported);
    CHECK(analyze_expect(token + ", 100-continue").has_continue());

    const std::string quoted = "foo=\"" + std::string(1U << 20U, 'x') + "\", 100-continue";
    CHECK(analyze_expect(quoted).has_continue());

    const std::string open_quote = "foo=\"" + std::string(1U << 20U, ',') + "100-continue";
    const expectation e = analyze_expect(open_quote);
    CHECK(e.error == expect_syntax_error::unterminated_quoted_string);

    const std::string spaces =
        std::string(1U << 20U, ' ') + "100-continue" + std::string(1U << 20U, '\t');
    CHECK(analyze_expect(spaces).has_continue());
}

TEST_CASE("100 000 commas stop at the empty-member bound", "[hostile][rfc9110-5.6.1.2]") {
    const std::string commas(100000, ',');
    for (expect_policy p : {test::strict9110, test::lenient9110, test::lenient7231,
                            test::strict2616, test::lenient2616}) {
        const expectation e = analyze_expect(commas, p);
        CHECK(e.kind == expectation_kind::malformed);
        CHECK(e.error == expect_syntax_error::too_many_empty_members);
        CHECK(e.empty_members == max_empty_list_members + 1U);
    }
    // The strict RFC 7231 reading sees one value that is not the literal.
    CHECK(analyze_expect(commas, test::strict7231).kind == expectation_kind::unsupported);
}

TEST_CASE("the member bound: max_expectation_members accepted - one more refused", "[hostile]") {
    std::string at_bound = "100-continue";
    for (unsigned i = 1; i < max_expectation_members; ++i) {
        at_bound += ",x";
    }
    const expectation ok = analyze_expect(at_bound);
    CHECK(ok.has_continue());
    CHECK(ok.members == max_expectation_members);
    const expectation over = analyze_expect(at_bound + ",x");
    CHECK(over.error == expect_syntax_error::too_many_members);
    CHECK(over.where.offset == at_bound.size() + 1);

    // The bound counts across lines too.
    std::vector<std::string> lines(max_expectation_members + 1U, "100-continue");
    CHECK(analyze_expect(lines).error == expect_syntax_error::too_many_members);
    lines.pop_back();
    CHECK(analyze_expect(lines).notes.has(expect_note::duplicate_continue));
}

TEST_CASE("empty lines count toward the empty-member bound", "[hostile][rfc9110-5.6.1.2]") {
    std::vector<std::string> lines(max_empty_list_members, "");
    lines.emplace_back("100-continue");
    CHECK(analyze_expect(lines).has_continue());
    lines.insert(lines.begin(), "");
    CHECK(analyze_expect(lines).error == expect_syntax_error::too_many_empty_members);
}

TEST_CASE("every byte value alone and after 100-continue gives a defined verdict", "[hostile]") {
    for (unsigned b = 0; b < 256U; ++b) {
        const char c = static_cast<char>(b);
        for (expect_policy p : {test::strict9110, test::lenient9110, test::strict7231,
                                test::lenient7231, test::strict2616, test::lenient2616}) {
            const expectation alone = analyze_expect(std::string_view(&c, 1), p);
            const std::string after = std::string("100-continue") + c;
            const expectation e = analyze_expect(std::string_view(after), p);
            INFO("byte " << b);
            CHECK(alone.lines == 1);
            if (b == 0 || b == '\r' || b == '\n') {
                CHECK(e.kind == expectation_kind::malformed);
            }
            if (b == ' ' || b == '\t' || (b == ',' && p.grammar != expect_grammar::rfc7231)) {
                CHECK(e.has_continue());
            }
        }
    }
}

TEST_CASE("member locations point at the member", "[hostile]") {
    const expectation e = analyze_expect({"100-continue", "  x-custom=\"a b\";q=1 , 100-continue"});
    CHECK(e.where.line == 1);
    CHECK(e.where.offset == 2);
    CHECK(e.where.length == std::string_view("x-custom=\"a b\";q=1").size());
    CHECK(e.notes.has(expect_note::duplicate_continue));
}
