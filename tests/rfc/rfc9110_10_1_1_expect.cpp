// RFC 9110 §10.1.1 (Expect) with §5.5, §5.6 (list, token, quoted-string, parameters).
// One test per T-G line of docs/requirements.md (G-) that concerns the field value; the field
// line itself (T-G-15, T-G-18, T-G-19) is in rfc9112_5_field_lines.cpp.
#include "../support/verdict.hpp"

#include <expect100/expectation.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <tuple>

using namespace expect100;
using expect100::test::verdict;

// "Expect = #expectation ... The only expectation defined by this specification is
// 100-continue" (§10.1.1)
TEST_CASE("T-G-1: Expect: 100-continue is the expectation", "[rfc9110-10.1.1][T-G-1]") {
    const expectation e = analyze_expect("100-continue");
    CHECK(e.kind == expectation_kind::continue_100);
    CHECK(e.members == 1);
    CHECK(e.continue_members == 1);
    CHECK(e.notes.empty());
}

// G-3: "The Expect field value is case-insensitive." (§10.1.1)
TEST_CASE("T-G-2: 100-Continue and 100-CONTINUE are the expectation", "[rfc9110-10.1.1][T-G-2]") {
    CHECK(verdict("100-Continue") == "continue_100");
    CHECK(verdict("100-CONTINUE") == "continue_100");
    CHECK(verdict("100-cOnTiNuE") == "continue_100");
}

// G-8: "a field value does not include leading or trailing whitespace" (§5.5)
TEST_CASE("T-G-3: surrounding SP and HTAB are not part of the value", "[rfc9110-5.5][T-G-3]") {
    CHECK(verdict("  100-continue\t") == "continue_100");
    CHECK(verdict("\t \t100-continue") == "continue_100");
}

// S-11: a member other than 100-continue beside it; the verdict keeps both facts.
TEST_CASE("T-G-4: foo - 100-continue has the expectation and an unknown member",
          "[rfc9110-10.1.1][T-G-4]") {
    const expectation e = analyze_expect("foo, 100-continue");
    CHECK(e.kind == expectation_kind::continue_100);
    CHECK(e.notes.has(expect_note::unknown_member));
    CHECK(e.where.offset == 0);
    CHECK(e.where.length == 3);
    CHECK(verdict("100-continue, foo") == "continue_100 +unknown_member");
}

// G-5: "a recipient MUST accept ... a reasonable number of empty list elements" (§5.6.1.2)
TEST_CASE("T-G-5: empty members are skipped up to the bound", "[rfc9110-5.6.1.2][T-G-5]") {
    CHECK(verdict(", ,100-continue,") == "continue_100 +empty_members");
    CHECK(analyze_expect(", ,100-continue,").empty_members == 3);

    SECTION("10 000 empty members are refused by the bound") {
        const std::string commas(10000, ',');
        const expectation e = analyze_expect(commas + "100-continue");
        CHECK(e.kind == expectation_kind::malformed);
        CHECK(e.error == expect_syntax_error::too_many_empty_members);
        // The scan stopped at the member past the bound, not at the end.
        CHECK(e.where.offset == max_empty_list_members);
    }
    SECTION("the bound itself is accepted, one more is not") {
        const std::string at_bound(max_empty_list_members, ',');
        CHECK(analyze_expect(at_bound + "100-continue").has_continue());
        CHECK(analyze_expect("," + at_bound + "100-continue").error ==
              expect_syntax_error::too_many_empty_members);
    }
}

// G-6: "A recipient MAY combine multiple field lines ... into one" in order (§5.3)
TEST_CASE("T-G-6: two Expect lines are read in order as one list", "[rfc9110-5.3][T-G-6]") {
    const expectation e = analyze_expect({"foo", "100-continue"});
    CHECK(e.kind == expectation_kind::continue_100);
    CHECK(e.lines == 2);
    CHECK(e.members == 2);
    CHECK(e.notes.has(expect_note::unknown_member));
    CHECK(e.where.line == 0);  // the unknown member is in the first line

    const expectation reversed = analyze_expect({"100-continue", "foo"});
    CHECK(reversed.has_continue());
    CHECK(reversed.where.line == 1);
}

// G-1: "Expect = #expectation" allows zero members.
TEST_CASE("T-G-7: an empty Expect value expects nothing and is no error",
          "[rfc9110-10.1.1][T-G-7]") {
    CHECK(analyze_expect("").kind == expectation_kind::none);
    CHECK(analyze_expect("   ").kind == expectation_kind::none);
    CHECK(analyze_expect(",").kind == expectation_kind::none);
    CHECK(analyze_expect(", ,").kind == expectation_kind::none);
    CHECK(analyze_expect(std::initializer_list<std::string_view>{}).kind == expectation_kind::none);
}

// G-14: "expectation = token [ "=" ( token / quoted-string ) parameters ]": parameters only
// after a value. docs/requirements.md, "Choices" point 2: strict refuses, lenient recovers.
TEST_CASE("T-G-8: parameters on a bare 100-continue are refused strictly and accepted leniently",
          "[rfc9110-10.1.1][T-G-8]") {
    CHECK(verdict("100-continue;foo=bar") == "malformed(parameters_without_value)@0:12");
    CHECK(verdict("100-continue;foo=bar", test::lenient9110) ==
          "continue_100 +continue_with_parameters +recovered");
    CHECK(verdict("100-continue;", test::lenient9110) ==
          "continue_100 +continue_with_parameters +recovered");
}

// G-2: 100-continue has no defined value, so one with a value is some other expectation.
TEST_CASE("T-G-9: 100-continue=1 is an unknown member under the strict reading",
          "[rfc9110-10.1.1][T-G-9]") {
    CHECK(verdict("100-continue=1") == "unsupported@0:0 +continue_with_value +unknown_member");
    CHECK(verdict("100-continue=\"\"") == "unsupported@0:0 +continue_with_value +unknown_member");
    CHECK(verdict("100-continue=1", test::lenient9110) ==
          "continue_100 +continue_with_value +recovered");
}

// §5.6.4: a comma inside a quoted-string is data, not a list separator.
TEST_CASE("T-G-10: commas inside quotes do not split", "[rfc9110-5.6.4][T-G-10]") {
    const expectation e = analyze_expect("foo=\"a,100-continue\"");
    CHECK(e.kind == expectation_kind::unsupported);
    CHECK(e.members == 1);
    CHECK(e.continue_members == 0);
    CHECK(verdict("foo=\"a,100-continue\", x") == "unsupported@0:0 +unknown_member");
}

// G-12: "The backslash octet ("\") can be used as a single-octet quoting mechanism" (§5.6.4)
TEST_CASE("T-G-11: an escaped quote does not end the quoted string", "[rfc9110-5.6.4][T-G-11]") {
    CHECK(verdict("foo=\"a\\\"b\", 100-continue") == "continue_100 +unknown_member");
    CHECK(verdict("foo=\"a\\\\\", 100-continue") == "continue_100 +unknown_member");
    // The escaped quote keeps the string open, so this 100-continue is inside it.
    CHECK(verdict("foo=\"a\\\", 100-continue") == "malformed(unterminated_quoted_string)@0:4");
}

// Never match text inside an open quote, in any mode.
TEST_CASE("T-G-12: an unterminated quote before 100-continue is malformed",
          "[rfc9110-5.6.4][T-G-12]") {
    const char* value = "foo=\"unterminated, 100-continue";
    for (expect_policy p : {test::strict9110, test::lenient9110, test::lenient7231,
                            test::strict2616, test::lenient2616}) {
        const expectation e = analyze_expect(value, p);
        CHECK(e.kind == expectation_kind::malformed);
        CHECK(e.error == expect_syntax_error::unterminated_quoted_string);
        CHECK(e.where.offset == 4);
        CHECK(e.continue_members == 0);
    }
}

// §10.1.1: the expectation is a token; a quoted name is not one.
TEST_CASE("T-G-13: a quoted \"100-continue\" is not the expectation", "[rfc9110-10.1.1][T-G-13]") {
    CHECK(verdict("\"100-continue\"") == "malformed(quoted_expectation_name)@0:0");
    CHECK(verdict("\"100-continue\"", test::lenient9110) ==
          "unsupported@0:0 +unknown_member +recovered");
}

// G-13: "no whitespace is allowed around the "=" character" (§5.6.6)
TEST_CASE("T-G-14: foo = bar is an invalid member", "[rfc9110-5.6.6][T-G-14]") {
    CHECK(verdict("foo = bar") == "malformed(whitespace_around_equals)@0:3");
    CHECK(verdict("foo= bar") == "malformed(whitespace_around_equals)@0:4");
    CHECK(verdict("foo=bar ; a = b") == "malformed(whitespace_around_equals)@0:11");
    CHECK(verdict("foo = bar", test::lenient9110) == "unsupported@0:0 +unknown_member +recovered");
}

// G-10: "A server that receives an obs-fold ... MUST either reject the message ... or replace
// each received obs-fold with one or more SP octets" (RFC 9112 §5.2)
TEST_CASE("T-G-16: an obs-folded value is refused strictly or read as a space leniently",
          "[rfc9112-5.2][T-G-16]") {
    // Notes gathered before the fault stay: `foo` was read before the fold.
    CHECK(verdict("foo,\r\n 100-continue") == "malformed(obs_fold)@0:4 +unknown_member");
    CHECK(verdict("\n\t100-continue") == "malformed(obs_fold)@0:0");
    CHECK(verdict("foo,\r\n 100-continue", test::lenient9110) ==
          "continue_100 +unknown_member +folded");
    // A fold inside a member is two words after the replacement: never 100-continue.
    CHECK(verdict("100-\r\n continue", test::lenient9110) ==
          "unsupported@0:0 +unknown_member +recovered +folded");
}

// G-11: "a recipient of CR, LF, or NUL within a field value MUST either reject the message or
// replace each of those characters with SP" (§5.5). We reject: replacing then trimming could
// turn garbage into a match.
TEST_CASE("T-G-17: NUL - bare CR and bare LF are refused in every mode", "[rfc9110-5.5][T-G-17]") {
    using std::string_literals::operator""s;
    const std::tuple<std::string, expect_syntax_error, std::size_t> cases[] = {
        {"100-continue\0"s, expect_syntax_error::nul_character, 12},
        {"\0"s
         "100-continue",
         expect_syntax_error::nul_character, 0},
        {"100-continue\r", expect_syntax_error::bare_cr_or_lf, 12},
        {"100-con\rtinue", expect_syntax_error::bare_cr_or_lf, 7},
        {"foo\n,100-continue", expect_syntax_error::bare_cr_or_lf, 3},
        {"foo=\"a\0b\""s, expect_syntax_error::nul_character, 6},
        {"100-continue\x01", expect_syntax_error::control_character, 12},
        {"foo=\"\x7f\"", expect_syntax_error::control_character, 5},
    };
    for (const auto& [value, error, offset] : cases) {
        for (expect_policy p : {test::strict9110, test::lenient9110, test::strict7231,
                                test::lenient7231, test::strict2616, test::lenient2616}) {
            INFO("policy " << to_string(p.grammar) << "/" << to_string(p.strictness));
            const expectation e = analyze_expect(std::string_view(value), p);
            CHECK(e.kind == expectation_kind::malformed);
            CHECK(e.error == error);
            CHECK(e.where.offset == offset);
        }
    }
}
