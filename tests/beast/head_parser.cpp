// The callback head parsers and the head record (include/expect100/beast/head_parser.hpp):
// facts from the callbacks, hop-by-hop fields never written on (RFC 9110 §7.6.1, P-10), our own
// version (P-7), Expect per action, clean 1xx (G-17), raw body bytes relayed as they came, and
// obs-fold detection (RFC 9112 §5.2).
#include <expect100/beast/head_parser.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace expect100;
using namespace expect100::beast;

namespace {

// Feeds `text` in one piece; @return the bytes consumed.
template <class Parser>
std::size_t feed(Parser& p, const std::string& text, boost::system::error_code& ec) {
    return p.put(boost::asio::buffer(text.data(), text.size()), ec);
}

}  // namespace

TEST_CASE("request head: facts for the machine and the record for writing on (P-7, P-10)",
          "[beast][head_parser]") {
    head_record record;
    request_head_parser parser(record);
    const std::string head =
        "PUT /upload?x=1 HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive, X-Secret\r\n"
        "X-Secret: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: close\r\n"
        "Upgrade: h2c\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
    boost::system::error_code ec;
    const std::size_t used = feed(parser, head + "hello", ec);
    REQUIRE_FALSE(ec);
    CHECK(used == head.size());  // the head alone: the body is the caller's to relay
    REQUIRE(parser.is_header_done());
    CHECK(parser.facts().method == request_method::put);
    CHECK(parser.facts().version == http_version::http_1_0);
    CHECK(parser.facts().content_length == 5);
    CHECK(record.method() == "PUT");
    CHECK(record.target() == "/upload?x=1");

    std::string out;
    record.write_request_head(out, expect_line::keep, "expect100");
    CHECK(out.rfind("PUT /upload?x=1 HTTP/1.1\r\n", 0) == 0);  // our own version (P-7)
    CHECK(out.find("Host: example.com\r\n") != std::string::npos);
    CHECK(out.find("Content-Length: 5\r\n") != std::string::npos);
    CHECK(out.find("Expect: 100-continue\r\n") != std::string::npos);
    CHECK(out.find("Via: 1.0 expect100\r\n") != std::string::npos);  // the received version
    for (const char* hop :
         {"Connection", "X-Secret", "Keep-Alive", "TE:", "Proxy-Connection", "Upgrade"}) {
        INFO(hop);
        CHECK(out.find(hop) == std::string::npos);  // RFC 9110 §7.6.1
    }
    CHECK(out.substr(out.size() - 4) == "\r\n\r\n");

    std::string without;
    record.write_request_head(without, expect_line::drop, {});
    CHECK(without.find("Expect") == std::string::npos);
    CHECK(without.find("Via") == std::string::npos);
}

TEST_CASE("request head: without 100-continue, other expectations travel on (P-6)",
          "[beast][head_parser][rfc9110-10.1.1]") {
    head_record record;
    request_head_parser parser(record);
    boost::system::error_code ec;
    feed(parser,
         "PUT / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-continue\r\nExpect: 100-Continue\r\n"
         "Content-Length: 3\r\n\r\n",
         ec);
    REQUIRE(parser.is_header_done());
    std::string out;
    record.write_request_head(out, expect_line::drop, {});
    CHECK(out.find("Expect: foo\r\n") != std::string::npos);
    CHECK(out.find("100-continue") == std::string::npos);
    CHECK(out.find("100-Continue") == std::string::npos);
    std::string added;
    record.write_request_head(added, expect_line::add, {});
    CHECK(added.find("Expect: foo\r\nContent-Length: 3\r\nExpect: 100-continue\r\n") !=
          std::string::npos);
}

TEST_CASE("request head: Expect added for a probe (httpd's ping, T-P-7)", "[beast][head_parser]") {
    head_record record;
    request_head_parser parser(record);
    boost::system::error_code ec;
    feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n", ec);
    REQUIRE(parser.is_header_done());
    CHECK_FALSE(parser.facts().expects_continue());
    std::string out;
    record.write_request_head(out, expect_line::add, {});
    CHECK(out.find("Expect: 100-continue\r\n") != std::string::npos);
}

TEST_CASE("response head: a relayed 1xx carries no framing fields (G-17, T-P-13)",
          "[beast][head_parser]") {
    head_record record;
    response_head_parser parser(record, request_method::put);
    boost::system::error_code ec;
    feed(parser,
         "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nContent-Length: 0\r\n"
         "Connection: close\r\n\r\n",
         ec);
    REQUIRE_FALSE(ec);
    REQUIRE(parser.is_done());  // a 1xx has no body
    CHECK(parser.facts().is_interim());
    std::string out;
    record.write_response_head(out, connection_field::close, "expect100");
    CHECK(out == "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");  // S-10
}

TEST_CASE(
    "response head: final response to an HTTP/1.0 client loses Transfer-Encoding when "
    "the body is decoded",
    "[beast][head_parser]") {
    head_record record;
    response_head_parser parser(record, request_method::post);
    boost::system::error_code ec;
    feed(parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nServer: s\r\n\r\n", ec);
    REQUIRE(parser.is_header_done());
    std::string out;
    record.write_response_head(out, connection_field::close, "expect100",
                               framing_fields::drop_transfer_encoding);
    CHECK(out == "HTTP/1.1 200 OK\r\nServer: s\r\nVia: 1.1 expect100\r\nConnection: close\r\n\r\n");
}

TEST_CASE("a chunked body: put() consumes it framing and all, content is counted and sunk",
          "[beast][head_parser]") {
    struct collect final : content_sink {
        std::string got;
        void on_content(std::string_view b) override { got.append(b); }
    } sink;
    head_record record;
    request_head_parser parser(record);
    parser.set_content_sink(&sink);
    boost::system::error_code ec;
    feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", ec);
    REQUIRE(parser.is_header_done());
    // Two pieces, the second one starting mid-chunk: what a relay sees from the socket. put()
    // stops at chunk boundaries, so a relay calls it until it makes no progress.
    std::string input = "5\r\nhel";
    std::string relayed;
    const auto drain = [&] {
        while (!input.empty() && !parser.is_done()) {
            ec = {};
            const std::size_t used = feed(parser, input, ec);
            relayed += input.substr(0, used);
            input.erase(0, used);
            if (used == 0) break;
        }
    };
    drain();
    CHECK_FALSE(parser.is_done());
    input += "lo\r\n3\r\nabc\r\n0\r\n\r\nGET /next";
    drain();
    CHECK(parser.is_done());
    CHECK(relayed == "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n");  // the body as it travelled
    CHECK(input == "GET /next");                              // the pipelined next request
    CHECK(parser.take_content_bytes() == 8);
    CHECK(sink.got == "helloabc");
}

TEST_CASE("obs-fold in a head is found (RFC 9112 §5.2, G-10)", "[beast][head_parser]") {
    CHECK(has_obs_fold("POST / HTTP/1.1\r\nExpect:\r\n 100-continue\r\n\r\n"));
    CHECK(has_obs_fold("POST / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n"));
    CHECK_FALSE(has_obs_fold("POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n"));
    CHECK_FALSE(has_obs_fold(""));
}

TEST_CASE("smuggling shapes are refused by the parser before any facts", "[beast][head_parser]") {
    for (const char* head :
         {"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length : 3\r\n\r\n"}) {
        INFO(head);
        head_record record;
        request_head_parser parser(record);
        boost::system::error_code ec;
        feed(parser, head, ec);
        CHECK(ec);
    }
}
