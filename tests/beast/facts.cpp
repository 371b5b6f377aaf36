// The Beast adapters (include/expect100/beast/): facts from Beast's parsed headers agree with
// the analysers of message.hpp, and several Expect lines stay several lines. (The bytes of the
// 100 and of the machines' own finals: tests/unit/wire.cpp.)
#include <expect100/beast/facts.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <catch2/catch.hpp>

#include <string>

namespace http = boost::beast::http;
using namespace expect100;

namespace {

http::request_header<> parse_request(const std::string& wire) {
    http::request_parser<http::empty_body> parser;
    parser.eager(false);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(wire), ec);
    REQUIRE_FALSE(ec);
    REQUIRE(parser.is_header_done());
    return parser.get().base();
}

}  // namespace

TEST_CASE("beast: request facts from a parsed head with two Expect lines (T-G-6, S-12)",
          "[beast][rfc9110-5.3]") {
    const auto head = parse_request(
        "PUT /mailbox HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nContent-Length: 10\r\n"
        "expect: 100-Continue\r\n\r\n");
    const request_facts f = beast::request_facts_from(head);
    CHECK(f.valid());
    CHECK(f.method == request_method::put);
    CHECK(f.expect.lines == 2);
    CHECK(f.expect.has_continue());
    CHECK(f.expect.notes.has(expect_note::unknown_member));
    CHECK(f.expects_continue());
    CHECK(f.content_length == 10);
}

TEST_CASE("beast: an HTTP/1.0 head is never owed a 100 (S-1)", "[beast][rfc9110-10.1.1]") {
    const auto head =
        parse_request("POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    const request_facts f = beast::request_facts_from(head);
    CHECK(f.version == http_version::http_1_0);
    CHECK_FALSE(f.expects_continue());
}

TEST_CASE("beast: response facts of a 100 carrying Content-Length (T-C-11)",
          "[beast][rfc9112-6.3]") {
    http::response_header<> res;
    res.version(11);
    res.result(http::status::continue_);
    res.set(http::field::content_length, "10");
    const response_facts f = beast::response_facts_from(res, request_method::put);
    CHECK(f.is_interim());
    CHECK(f.framing == body_framing::none);
    CHECK(f.interim_framing == interim_framing_fields::present);
}
