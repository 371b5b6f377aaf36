// The proxy's heads across versions (examples/proxy/translate.hpp), without a socket:
// H2-10 (HTTP/2 client to HTTP/1.1 origin) and H2-13 (HTTP/1.1 or HTTP/2 client to HTTP/2
// origin). RFC 9113 §8.2.1 (lowercase names), §8.2.2 (connection-specific fields), §8.2.3
// (cookie crumbs), §8.3.1 (pseudo-header fields); RFC 9112 §6.3 (framing).
#include "../../examples/proxy/translate.hpp"

#include <expect100/beast/request_reader.hpp>
#include <expect100/beast/response_reader.hpp>
#include <expect100/http2.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace expect100;
namespace h2 = expect100::examples::h2;

namespace {

// The value of `name` in a translated field list, or "(none)"; several are joined with '|'.
std::string values(const h2::field_pairs& fields, std::string_view name) {
    std::string out;
    for (const auto& [n, v] : fields) {
        if (n != name) continue;
        out.append(out.empty() ? "" : "|").append(v);
    }
    return out.empty() ? "(none)" : out;
}

// A request head as the HTTP/1.1 session has it: parsed by request_reader.
const beast::head_record& parse_request(beast::request_reader& reader, std::string_view text) {
    reader.next();
    const beast::request_step s = reader.put(text);
    REQUIRE(s.event == beast::request_event::head);
    return reader.record();
}

std::string http1_text(const beast::head_record& head) {
    std::string out;
    head.write_response_head(out, beast::connection_field::none, {});
    return out;
}

}  // namespace

TEST_CASE("T-H2-13 an HTTP/1.1 request head becomes HTTP/2 fields", "[translate][H2-13]") {
    beast::request_reader reader;
    const beast::head_record& head = parse_request(
        reader,
        "POST /upload?x=1 HTTP/1.1\r\nHost: origin.example\r\nConnection: keep-alive, X-Hop\r\n"
        "X-Hop: 1\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\nTE: trailers\r\n"
        "Expect: 100-continue\r\nContent-Type: text/plain\r\nUpgrade: h2c\r\n\r\n");
    const h2::field_pairs f =
        h2::http2_request_fields(head, beast::expect_line::keep, "http", "fallback:1");
    // The pseudo-header fields first, in the order RFC 9113 §8.3 shows them.
    REQUIRE(f.size() >= 4);
    CHECK(f[0] == std::pair<std::string, std::string>(":method", "POST"));
    CHECK(f[1] == std::pair<std::string, std::string>(":scheme", "http"));
    CHECK(f[2] == std::pair<std::string, std::string>(":authority", "origin.example"));
    CHECK(f[3] == std::pair<std::string, std::string>(":path", "/upload?x=1"));
    // Connection-specific and hop-by-hop fields stay behind (§8.2.2), with Host (now
    // :authority) and the framing (the content goes alone, ended by END_STREAM).
    for (const char* gone :
         {"host", "connection", "x-hop", "keep-alive", "transfer-encoding", "te", "upgrade"}) {
        CHECK(values(f, gone) == "(none)");
    }
    CHECK(values(f, "expect") == "100-continue");      // H2-3: Expect crosses versions
    CHECK(values(f, "content-type") == "text/plain");  // lowercase names (§8.2.1)
    CHECK(values(f, "via") == "1.1 expect100");

    // The machine's other two forms of the head: Expect removed, or added.
    CHECK(values(h2::http2_request_fields(head, beast::expect_line::drop, "http", "x"), "expect") ==
          "(none)");
    const beast::head_record& plain =
        parse_request(reader, "PUT /p HTTP/1.0\r\nContent-Length: 3\r\n\r\n");
    const h2::field_pairs added =
        h2::http2_request_fields(plain, beast::expect_line::add, "https", "fallback:1");
    CHECK(values(added, "expect") == "100-continue");
    CHECK(values(added, ":authority") == "fallback:1");  // no Host: the configured one
    CHECK(values(added, ":scheme") == "https");
    CHECK(values(added, "content-length") == "3");
    CHECK(values(added, "via") == "1.0 expect100");
}

TEST_CASE("T-H2-13 other expectations survive the removal of 100-continue", "[translate][H2-13]") {
    beast::request_reader reader;
    const beast::head_record& head =
        parse_request(reader, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue, x-y=z\r\n\r\n");
    CHECK(values(h2::http2_request_fields(head, beast::expect_line::drop, "http", "h"),
                 "expect") == "x-y=z");  // P-6
}

TEST_CASE("T-H2-13 an HTTP/2 response head is framed for HTTP/1.1", "[translate][H2-13]") {
    using expect100::nghttp2::field_list;
    const auto translate = [](const field_list& fields, stream_end end, request_method method) {
        response_facts facts = analyze_http2_response(fields, end, method);
        beast::head_record record;
        h2::http1_response_head(fields, facts, record);
        return std::pair<response_facts, std::string>(facts, http1_text(record));
    };
    field_list unknown;  // content without content-length: chunked for HTTP/1.1
    unknown.add(":status", "200");
    unknown.add("content-type", "text/plain");
    auto [facts, text] = translate(unknown, stream_end::open, request_method::post);
    CHECK(facts.framing == body_framing::chunked);
    CHECK(text ==
          "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n");

    field_list sized;  // content-length: as it is
    sized.add(":status", "413");
    sized.add("content-length", "14");
    std::tie(facts, text) = translate(sized, stream_end::open, request_method::post);
    CHECK(facts.framing == body_framing::content_length);
    CHECK(text == "HTTP/1.1 413 Payload Too Large\r\ncontent-length: 14\r\n\r\n");

    field_list empty;  // ended with its HEADERS: Content-Length: 0, not read to the close
    empty.add(":status", "201");
    std::tie(facts, text) = translate(empty, stream_end::at_head, request_method::put);
    CHECK(text == "HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n");
    field_list no_content;  // 204 and 304 carry no framing field at all
    no_content.add(":status", "204");
    std::tie(facts, text) = translate(no_content, stream_end::at_head, request_method::put);
    CHECK(text == "HTTP/1.1 204 No Content\r\n\r\n");

    field_list early_hints;  // a 1xx: its fields (Link), no framing
    early_hints.add(":status", "103");
    early_hints.add("link", "</s.css>; rel=preload");
    std::tie(facts, text) = translate(early_hints, stream_end::open, request_method::post);
    CHECK(facts.is_interim());
    CHECK(text == "HTTP/1.1 103 Early Hints\r\nlink: </s.css>; rel=preload\r\n\r\n");
}

TEST_CASE("T-H2-10 an HTTP/2 request head becomes HTTP/1.1", "[translate][H2-10]") {
    using expect100::nghttp2::field_list;
    field_list fields;
    fields.add(":method", "POST");
    fields.add(":scheme", "https");
    fields.add(":authority", "origin.example:8443");
    fields.add(":path", "/u");
    fields.add("cookie", "a=1");
    fields.add("expect", "100-continue");
    fields.add("cookie", "b=2");
    const request_facts facts = analyze_http2_request(fields, stream_end::open);
    REQUIRE(facts.framing == body_framing::end_of_stream);

    beast::head_record to_http1;
    h2::http1_request_head(fields, facts.framing, h2::unknown_length::chunked, to_http1);
    std::string text;
    to_http1.write_request_head(text, beast::expect_line::keep, {});
    CHECK(text ==
          "POST /u HTTP/1.1\r\nexpect: 100-continue\r\ncookie: a=1; b=2\r\n"  // §8.2.3
          "host: origin.example:8443\r\ntransfer-encoding: chunked\r\n\r\n");

    beast::head_record to_http2;  // for an HTTP/2 origin the content goes alone
    h2::http1_request_head(fields, facts.framing, h2::unknown_length::content_only, to_http2);
    CHECK(to_http2.find(beast::http::field::transfer_encoding).empty());
}

TEST_CASE("T-H2-10 an HTTP/1.1 response head becomes HTTP/2 fields", "[translate][H2-10]") {
    beast::response_reader reader;
    reader.expect(request_method::post);
    const beast::response_step s = reader.put(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: text/plain\r\n\r\n");
    REQUIRE(s.event == beast::response_event::final_head);
    const h2::field_pairs f = h2::http2_response_fields(reader.record(), h2::response_kind::final);
    CHECK(values(f, "connection") == "(none)");
    CHECK(values(f, "transfer-encoding") == "(none)");
    CHECK(values(f, "content-type") == "text/plain");
    CHECK(values(f, "via") == "2 expect100");
}
