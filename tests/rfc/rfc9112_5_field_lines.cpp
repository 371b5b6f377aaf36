// RFC 9112 §5 (field syntax) and RFC 9110 §6.5.1 (trailers), as the message facts apply them
// to Expect: T-G-15, T-G-18, T-G-19, and T-G-6 through the head analyser.
#include <expect100/error.hpp>
#include <expect100/message.hpp>

#include <catch2/catch.hpp>

#include <string_view>
#include <utility>
#include <vector>

using namespace expect100;
using field = std::pair<std::string_view, std::string_view>;

namespace {

request_facts post_with(std::vector<field> fields) {
    fields.insert(fields.begin(), field{"Content-Length", "5"});
    return analyze_request_head("POST", http_version::http_1_1, fields);
}

}  // namespace

// G-9: "A server MUST reject, with a response status code of 400 (Bad Request), any received
// request message that contains whitespace between a header field name and colon." (§5.1)
TEST_CASE("T-G-15: whitespace before the colon makes the head invalid with 400",
          "[rfc9112-5.1][T-G-15]") {
    for (std::string_view name : {"Expect ", "Expect\t"}) {
        const request_facts f = post_with({{name, "100-continue"}});
        CHECK_FALSE(f.valid());
        CHECK(f.fault == errc::whitespace_before_colon);
        CHECK(suggested_status(f.fault) == 400);
        CHECK(f.framing == body_framing::invalid);
        CHECK(f.connection == connection_intent::close);
        CHECK_FALSE(f.expects_continue());  // never answered with a 100
    }
}

// RFC 9110 §5.1: "Field names are case-insensitive".
TEST_CASE("T-G-18: a lower-case expect field name is Expect", "[rfc9110-5.1][T-G-18]") {
    for (std::string_view name : {"expect", "EXPECT", "eXpEcT"}) {
        const request_facts f = post_with({{name, "100-continue"}});
        CHECK(f.valid());
        CHECK(f.expect.has_continue());
        CHECK(f.expects_continue());
    }
}

// G-15: "a recipient MUST NOT merge a received trailer field into the header section unless
// its corresponding header field definition explicitly permits" (§6.5.1). Expect does not.
TEST_CASE("T-G-19: Expect only in a chunked trailer is ignored then  no 100 is owed",
          "[rfc9110-6.5.1][T-G-19]") {
    const std::vector<field> head{{"Transfer-Encoding", "chunked"}};
    const request_facts f = analyze_request_head("POST", http_version::http_1_1, head);
    CHECK(f.framing == body_framing::chunked);
    CHECK(f.expect.kind == expectation_kind::none);
    CHECK_FALSE(f.expects_continue());
    // What a reader does with the trailer copy: it is a control field, never merged.
    CHECK(classify_trailer_field("Expect") == trailer_field_use::ignore_control);
    CHECK(classify_trailer_field("expect") == trailer_field_use::ignore_control);
    CHECK(classify_trailer_field("Content-Length") == trailer_field_use::ignore_control);
    CHECK(classify_trailer_field("Server-Timing") == trailer_field_use::keep);
}

// S-12: "A server MUST NOT apply a request to the target resource until it receives the
// entire request header section" — a later Expect line still counts (T-S-16's input).
TEST_CASE("T-G-6: Expect in the second of two lines is honoured by the head analyser",
          "[rfc9110-5.3][T-G-6]") {
    const request_facts f =
        post_with({{"Expect", "foo"}, {"Accept", "*/*"}, {"Expect", "100-continue"}});
    CHECK(f.expect.has_continue());
    CHECK(f.expect.lines == 2);
    CHECK(f.expect.notes.has(expect_note::unknown_member));
}

TEST_CASE("field names that are not tokens make the head invalid", "[rfc9110-5.1]") {
    for (std::string_view name : {"", "Ex pect", "Expect:", "X\"Y", "X\x01"}) {
        const request_facts f = post_with({{name, "1"}});
        CHECK(f.fault == errc::invalid_field_name);
        CHECK_FALSE(f.valid());
    }
}
