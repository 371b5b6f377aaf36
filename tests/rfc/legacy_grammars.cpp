// The older readings of Expect, offered as policies: RFC 7231 §5.1.1 (the single literal) and
// RFC 2616 §14.20 (one or more members, implied LWS, extension parameters).
#include "../support/verdict.hpp"

#include <expect100/expectation.hpp>

#include <catch2/catch.hpp>

using namespace expect100;
using expect100::test::verdict;

// RFC 7231 §5.1.1: Expect = "100-continue"; "A server that receives an Expect field-value
// other than 100-continue MAY respond with a 417".
TEST_CASE("rfc7231: only the literal - compared without case", "[rfc7231-5.1.1]") {
    CHECK(verdict("100-continue", test::strict7231) == "continue_100");
    CHECK(verdict(" 100-CONTINUE\t", test::strict7231) == "continue_100");
    CHECK(verdict("100-continue, foo", test::strict7231) == "unsupported@0:0 +unknown_member");
    CHECK(verdict(",100-continue", test::strict7231) == "unsupported@0:0 +unknown_member");
    CHECK(verdict("", test::strict7231) == "unsupported@0:0 +unknown_member");
    CHECK(verdict("foo=\"x", test::strict7231) == "unsupported@0:0 +unknown_member");
    // A second line makes the joined value "100-continue, 100-continue" (RFC 7230 §3.2.2).
    CHECK(verdict({"100-continue", "100-continue"}, test::strict7231) ==
          "unsupported@1:0 +unknown_member +duplicate_continue");
    CHECK(verdict({"100-continue", " foo"}, test::strict7231) == "unsupported@1:1 +unknown_member");
}

TEST_CASE("rfc7231 lenient: the literal recovered from list syntax - nothing else beside it",
          "[rfc7231-5.1.1]") {
    CHECK(verdict(",100-continue,", test::lenient7231) == "continue_100 +empty_members");
    CHECK(verdict({"100-continue", "100-continue"}, test::lenient7231) ==
          "continue_100 +duplicate_continue");
    CHECK(verdict("100-continue, foo", test::lenient7231) == "unsupported@0:14 +unknown_member");
    CHECK(verdict("", test::lenient7231) == "none +empty_members");
}

// RFC 2616 §14.20: Expect = 1#expectation; expectation-extension = token [ "=" ( token |
// quoted-string ) *expect-params ]; expect-params = ";" token [ "=" ( token | quoted-string ) ].
TEST_CASE("rfc2616: one or more members - implied LWS - optional parameter values",
          "[rfc2616-14.20]") {
    CHECK(verdict("100-continue", test::strict2616) == "continue_100");
    CHECK(verdict("", test::strict2616) == "malformed(empty_list)@0:0 +empty_members");
    CHECK(verdict(" , ", test::strict2616) == "malformed(empty_list)@0:0 +empty_members");
    CHECK(verdict("", test::lenient2616) == "none +empty_members +recovered");
    // §2.1 implied *LWS between words, including a fold.
    CHECK(verdict("foo = bar ; a = b, 100-continue", test::strict2616) ==
          "continue_100 +unknown_member");
    CHECK(verdict("foo,\r\n 100-continue", test::strict2616) ==
          "continue_100 +unknown_member +folded");
    CHECK(verdict("foo=\"a\r\n b\"", test::strict2616) ==
          "unsupported@0:0 +unknown_member +folded");
    // expect-params values are optional; empty parameters are not.
    CHECK(verdict("foo=1;bar", test::strict2616) == "unsupported@0:0 +unknown_member");
    CHECK(verdict("foo=1;bar", test::strict9110) == "malformed(parameter_missing_value)@0:9");
    CHECK(verdict("foo=1;", test::strict2616) == "malformed(empty_parameter)@0:6");
    CHECK(verdict("foo=1;", test::strict9110) == "unsupported@0:0 +unknown_member");
    // Parameters still follow only a value (G-14 has the same structure in 2616).
    CHECK(verdict("100-continue;a=b", test::strict2616) ==
          "malformed(parameters_without_value)@0:12");
}
