// The analyser's properties (tests/support/expect_properties.hpp) on a fixed list of values: the
// inputs the fuzz target starts from, so a broken property fails here even without libFuzzer.
#include "../support/expect_properties.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace expect100;

TEST_CASE("lenient keeps continue - comma splits - letter case: fixed inputs", "[properties]") {
    using std::string_literals::operator""s;
    const std::string inputs[] = {
        "100-continue",
        "100-Continue",
        "foo, 100-continue",
        "100-continue,foo",
        ", ,100-continue,",
        "",
        ",",
        "a,,b",
        "a,b,,,c,100-continue",
        "100-continue;foo=bar",
        "100-continue;",
        "100-continue=1",
        "foo=bar;",
        "foo=\"x\";a=b",
        "foo = bar",
        "foo=bar ; a = b",
        "\"100-continue\"",
        "foo=\"a,100-continue\", x",
        "foo=\"a\\\"b\", 100-continue",
        "foo=\"unterminated, 100-continue",
        "100-continue foo",
        "100 -continue",
        "100- continue",
        "foo,\r\n 100-continue",
        "a@b,100-continue",
        "x;y,100-continue",
        "a=1;b;c=2,100-continue",
        "100-continue\0"s,
        "a,\x01,100-continue",
        "foo=\"\xC3\xA9\", 100-continue",
        "FOO=\"Quoted Value\",100-CONTINUE",
        "a=\"\\",
        "a,\"b,c\",d",
        "100-continue=1;p, x",
        // The one-line form's shortcut (property 5) and its near misses.
        " \t100-CONTINUE\t ",
        "100-continue ",
        "100-continuE\r",
        "100-continue\v",
        "\x01"
        "100-continue",
        "100-continue,",
        "100-continu",
    };
    for (const std::string& input : inputs) {
        INFO("input: " << input);
        CHECK(test::check_all_properties(input).empty());
    }
}

// The properties must be able to fail: each sabotaged analyser below breaks exactly one.
TEST_CASE("the property checks catch a broken verdict", "[properties]") {
    expectation a = analyze_expect("100-continue");
    expectation b = a;
    CHECK(test::same_meaning(a, b));
    b.notes.add(expect_note::unknown_member);
    CHECK_FALSE(test::same_meaning(a, b));
    b = a;
    b.kind = expectation_kind::unsupported;
    CHECK_FALSE(test::same_meaning(a, b));
    CHECK(test::top_level_commas("a,\"b,c\",d\\,e") == std::vector<std::size_t>{1, 7, 10});
}

// The one-line form's shortcut compares two words (impl/expectation.hpp, is_continue_token):
// on every single-byte change of `100-continue`, of every letter case, it must agree with the
// byte-wise case-insensitive compare (RFC 9110 §10.1.1: the token is case-insensitive; a
// control byte never passes for a digit or a letter).
TEST_CASE("is_continue_token agrees with the byte-wise compare on every one-byte change",
          "[properties]") {
    for (const std::string_view base : {"100-continue", "100-CONTINUE", "100-cOnTiNuE"}) {
        for (std::size_t at = 0; at < base.size(); ++at) {
            for (unsigned byte = 0; byte < 256; ++byte) {
                std::string s(base);
                s[at] = static_cast<char>(byte);
                const bool expected = detail::equals_lowercase(s, detail::continue_token);
                if (detail::is_continue_token(s) != expected) {
                    FAIL("disagree on byte " << byte << " at " << at << " of " << base);
                }
            }
        }
    }
    CHECK_FALSE(detail::is_continue_token("100-continu"));
    CHECK_FALSE(detail::is_continue_token("100-continuee"));
}
