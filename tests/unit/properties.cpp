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
