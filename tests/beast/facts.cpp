// The Beast adapters (include/expect100/beast/): facts from Beast's parsed headers agree with
// the analysers of message.hpp, several Expect lines stay several lines, and the ready-made
// 100 carries no framing or close (G-17, S-10, T-S-13).
#include <expect100/beast/facts.hpp>
#include <expect100/beast/messages.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <catch2/catch.hpp>

#include <sstream>
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

template <class Message>
std::string serialize(Message& m) {
    std::ostringstream out;
    out << m;
    return out.str();
}

} // namespace

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
    const auto head = parse_request(
        "POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    const request_facts f = beast::request_facts_from(head);
    CHECK(f.version == http_version::http_1_0);
    CHECK_FALSE(f.expects_continue());
}

TEST_CASE("beast: response facts of a 100 carrying Content-Length (T-C-11)", "[beast][rfc9112-6.3]") {
    http::response_header<> res;
    res.version(11);
    res.result(http::status::continue_);
    res.set(http::field::content_length, "10");
    const response_facts f = beast::response_facts_from(res, request_method::put);
    CHECK(f.is_interim());
    CHECK(f.framing == body_framing::none);
    CHECK(f.interim_framing == interim_framing_fields::present);
}

TEST_CASE("beast: the ready-made 100 is a bare status line (G-17, S-10, T-S-13)",
          "[beast][rfc9110-15.2]") {
    auto hundred = beast::make_interim();
    CHECK(serialize(hundred) == "HTTP/1.1 100 Continue\r\n\r\n");
    auto early = beast::make_interim(103);  // Beast 1.81 alone would write <unknown-status>
    CHECK(serialize(early) == "HTTP/1.1 103 Early Hints\r\n\r\n");
    auto unknown = beast::make_interim(150);
    CHECK(serialize(unknown) == "HTTP/1.1 150 Informational\r\n\r\n");
}

TEST_CASE("beast: the machine's own finals carry Content-Length 0 and close when asked",
          "[beast]") {
    auto refused = beast::make_final(417, beast::connection_header::keep_alive);
    CHECK(serialize(refused) == "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n");
    auto closing = beast::make_final(501, beast::connection_header::close);
    CHECK(serialize(closing) ==
          "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}
