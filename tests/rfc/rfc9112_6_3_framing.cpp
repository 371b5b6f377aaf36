// RFC 9112 §6.3 (message body length), §6.1 (Transfer-Encoding), §9.3 (persistence), RFC 9110
// §8.6 (Content-Length), §7.8 (Upgrade) and §10.1.1's "announce content" condition, as the
// message facts compute them. Every request-smuggling shape must be `invalid`, never guessed.
#include <expect100/error.hpp>
#include <expect100/message.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

using namespace expect100;
using field = std::pair<std::string_view, std::string_view>;

namespace {

request_facts request(std::vector<field> fields, http_version v = http_version::http_1_1,
                      std::string_view method = "POST") {
    return analyze_request_head(method, v, fields);
}

response_facts response(unsigned status, std::vector<field> fields,
                        request_method m = request_method::post,
                        http_version v = http_version::http_1_1) {
    return analyze_response_head(status, v, fields, m);
}

}  // namespace

TEST_CASE("request framing: none - length - chunked (RFC 9112 6.3)", "[rfc9112-6.3]") {
    SECTION("neither CL nor TE: no content (6.3 #7), so no 100 is owed (C-1, S-5)") {
        const request_facts f = request({{"Expect", "100-continue"}});
        CHECK(f.framing == body_framing::none);
        CHECK_FALSE(f.has_content());
        CHECK_FALSE(f.expects_continue());
    }
    SECTION("Content-Length: 0 announces no content") {
        const request_facts f = request({{"Content-Length", "0"}, {"Expect", "100-continue"}});
        CHECK(f.framing == body_framing::content_length);
        CHECK(f.content_length == 0);
        CHECK_FALSE(f.expects_continue());
    }
    SECTION("Content-Length: N") {
        const request_facts f =
            request({{"Content-Length", " 1048576 "}, {"Expect", "100-continue"}});
        CHECK(f.framing == body_framing::content_length);
        CHECK(f.content_length == 1048576);
        CHECK(f.expects_continue());
    }
    SECTION("identical duplicate Content-Length values are one length (RFC 9110 8.6)") {
        CHECK(request({{"Content-Length", "42, 42"}}).content_length == 42);
        CHECK(request({{"Content-Length", "42"}, {"Content-Length", "42"}}).content_length == 42);
    }
    SECTION("Transfer-Encoding ending in chunked") {
        const request_facts f = request({{"Transfer-Encoding", "gzip, chunked"}});
        CHECK(f.framing == body_framing::chunked);
        CHECK(f.has_content());
        CHECK(request({{"Transfer-Encoding", "gzip"}, {"transfer-encoding", "CHUNKED"}}).framing ==
              body_framing::chunked);
    }
    SECTION("the largest 64-bit length is accepted") {
        CHECK(request({{"Content-Length", "18446744073709551615"}}).content_length == UINT64_MAX);
    }
}

TEST_CASE("request smuggling shapes are invalid - never guessed (RFC 9112 6.1 - 6.3 - 11.2)",
          "[rfc9112-6.3][smuggling]") {
    struct shape {
        std::vector<field> fields;
        http_version version;
        errc fault;
    };
    const http_version v11 = http_version::http_1_1;
    const shape shapes[] = {
        {{{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}},
         v11,
         errc::content_length_with_transfer_encoding},
        {{{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}},
         v11,
         errc::content_length_with_transfer_encoding},
        {{{"Content-Length", "5"}, {"Content-Length", "6"}}, v11, errc::conflicting_content_length},
        {{{"Content-Length", "5, 6"}}, v11, errc::conflicting_content_length},
        {{{"Content-Length", "5a"}}, v11, errc::invalid_content_length},
        {{{"Content-Length", "+5"}}, v11, errc::invalid_content_length},
        {{{"Content-Length", "-1"}}, v11, errc::invalid_content_length},
        {{{"Content-Length", ""}}, v11, errc::invalid_content_length},
        {{{"Content-Length", "0x10"}}, v11, errc::invalid_content_length},
        {{{"Content-Length", "1 2"}}, v11, errc::invalid_content_length},
        {{{"Content-Length", "18446744073709551616"}}, v11, errc::content_length_overflow},
        {{{"Content-Length", "5\r\n"}}, v11, errc::invalid_field_value},
        {{{"Transfer-Encoding", "chunked, gzip"}}, v11, errc::transfer_encoding_not_chunked_final},
        {{{"Transfer-Encoding", "identity"}}, v11, errc::transfer_encoding_not_chunked_final},
        {{{"Transfer-Encoding", "chunked, chunked"}}, v11, errc::chunked_applied_twice},
        {{{"Transfer-Encoding", "chunked"}},
         http_version::http_1_0,
         errc::transfer_encoding_in_http_1_0},
        {{{"Transfer-Encoding", ""}}, v11, errc::invalid_transfer_encoding},
        {{{"Transfer-Encoding", "\"chunked\""}}, v11, errc::invalid_transfer_encoding},
        {{{"Transfer-Encoding", "chunked x"}}, v11, errc::invalid_transfer_encoding},
        {{{"Transfer-Encoding", "chun\x01ked"}}, v11, errc::invalid_field_value},
    };
    for (const shape& s : shapes) {
        INFO("first field: " << s.fields.front().first << ": " << s.fields.front().second);
        const request_facts f = request(s.fields, s.version);
        CHECK(f.framing == body_framing::invalid);
        CHECK(f.fault == s.fault);
        CHECK(f.error() == make_error_code(s.fault));
        CHECK(f.connection == connection_intent::close);
        CHECK_FALSE(f.expects_continue());
    }
}

TEST_CASE("connection intent by version and Connection (RFC 9112 9.3)", "[rfc9112-9.3]") {
    CHECK(request({}).connection == connection_intent::keep_alive);
    CHECK(request({{"Connection", "close"}}).connection == connection_intent::close);
    CHECK(request({{"Connection", "Keep-Alive, CLOSE"}}).connection == connection_intent::close);
    CHECK(request({}, http_version::http_1_0).connection == connection_intent::close);
    CHECK(request({{"Connection", "keep-alive"}}, http_version::http_1_0).connection ==
          connection_intent::keep_alive);
}

TEST_CASE("Upgrade counts only when listed in Connection on HTTP/1.1 (RFC 9110 7.8)",
          "[rfc9110-7.8]") {
    CHECK(request({{"Upgrade", "websocket"}, {"Connection", "upgrade"}}).upgrade ==
          upgrade_intent::requested);
    CHECK(request({{"Upgrade", "websocket"}}).upgrade == upgrade_intent::none);
    CHECK(request({{"Upgrade", "websocket"}, {"Connection", "Upgrade"}}, http_version::http_1_0)
              .upgrade == upgrade_intent::none);
}

// S-1: "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore
// that expectation." (RFC 9110 §10.1.1)
TEST_CASE("an HTTP/1.0 request's 100-continue is never owed a 100 (S-1)", "[rfc9110-10.1.1]") {
    const request_facts f =
        request({{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0);
    CHECK(f.expect.has_continue());     // the verdict is still reported ...
    CHECK_FALSE(f.expects_continue());  // ... but the rule says it is not owed
}

TEST_CASE("versions and methods", "[rfc9112-2.3][rfc9110-9.2.2]") {
    CHECK(to_http_version(1, 0) == http_version::http_1_0);
    CHECK(to_http_version(1, 1) == http_version::http_1_1);
    CHECK(to_http_version(1, 9) == http_version::http_1_1);
    CHECK(to_http_version(2, 0) == http_version::unsupported);
    CHECK(to_http_version(11U) == http_version::http_1_1);
    CHECK(to_http_version(10U) == http_version::http_1_0);
    CHECK(to_http_version("HTTP/1.1") == http_version::http_1_1);
    CHECK(to_http_version("HTTP/1.0") == http_version::http_1_0);
    CHECK(to_http_version("HTTP/2.0") == http_version::unsupported);
    CHECK(to_http_version("http/1.1") == http_version::unsupported);  // case-sensitive (§2.3)
    CHECK(to_http_version("HTTP/1.10") == http_version::unsupported);
    CHECK(to_http_version("HTTP/1") == http_version::unsupported);
    CHECK(request({}, http_version::unsupported).fault == errc::unsupported_http_version);
    CHECK(suggested_status(errc::unsupported_http_version) == 505);

    CHECK(to_request_method("POST") == request_method::post);
    CHECK(to_request_method("post") == request_method::other);  // case-sensitive (9110 §9.1)
    CHECK(is_idempotent(request_method::put));
    CHECK_FALSE(is_idempotent(request_method::post));
    CHECK_FALSE(is_idempotent(request_method::other));
}

TEST_CASE("response framing (RFC 9112 6.3)", "[rfc9112-6.3]") {
    SECTION("1xx, 204, 304 and HEAD responses have no content whatever CL/TE say (#1)") {
        const response_facts r = response(100, {{"Content-Length", "10"}});
        CHECK(r.is_interim());
        CHECK_FALSE(r.is_final());
        CHECK(r.framing == body_framing::none);
        CHECK(r.interim_framing == interim_framing_fields::present);  // T-C-11, T-P-13
        CHECK(r.valid());
        CHECK(response(100, {{"Transfer-Encoding", "chunked"}}).interim_framing ==
              interim_framing_fields::present);
        CHECK(response(204, {{"Content-Length", "10"}}).framing == body_framing::none);
        CHECK(response(304, {}).framing == body_framing::none);
        CHECK(response(200, {{"Content-Length", "10"}}, request_method::head).framing ==
              body_framing::none);
    }
    SECTION("2xx to CONNECT is a tunnel (#2)") {
        CHECK(response(200, {}, request_method::connect).framing == body_framing::tunnel);
    }
    SECTION("chunked, length, or until close") {
        CHECK(response(200, {{"Transfer-Encoding", "chunked"}}).framing == body_framing::chunked);
        const response_facts gz = response(200, {{"Transfer-Encoding", "gzip"}});
        CHECK(gz.framing == body_framing::until_close);
        CHECK(gz.connection == connection_intent::close);
        CHECK(response(417, {{"Content-Length", "0"}}).framing == body_framing::content_length);
        const response_facts bare = response(200, {});
        CHECK(bare.framing == body_framing::until_close);
        CHECK(bare.connection == connection_intent::close);
    }
    SECTION("response smuggling shapes are invalid") {
        const response_facts r =
            response(200, {{"Content-Length", "1"}, {"Transfer-Encoding", "chunked"}});
        CHECK(r.framing == body_framing::invalid);
        CHECK(r.fault == errc::content_length_with_transfer_encoding);
        CHECK(response(200, {{"Content-Length", "1, 2"}}).fault ==
              errc::conflicting_content_length);
    }
    SECTION("status codes outside 100..999 are faults") {
        CHECK(response(99, {}).fault == errc::invalid_status_code);
        CHECK(response(1000, {}).fault == errc::invalid_status_code);
        CHECK(response(1000, {}).status == 0);
    }
    SECTION("a 1xx with a broken field name is still a fault") {
        CHECK(response(100, {{"Bad Name", "x"}}).fault == errc::invalid_field_name);
    }
}

// G-11 (RFC 9110 §5.5): "a recipient of CR, LF, or NUL within a field value MUST either reject
// the message or replace each of those characters with SP". The analysers reject, in every field
// and not only in those they interpret: a value like "a\rContent-Length: 3" is one harmless
// field here, but a parser further on that takes a bare CR for a line end reads a second
// Content-Length (found by the fuzz kit in the example poll proxy, which forwarded it).
TEST_CASE("G-11 in every field: control characters in any field value make the head invalid",
          "[rfc9110-5.5][G-11]") {
    using std::string_view_literals::operator""sv;
    for (const std::string_view value :
         {"a\rContent-Length: 3"sv, "a\nb"sv, "a\0b"sv, "a\x01"sv, "\x7f"sv}) {
        const request_facts f = request({{"Content-Length", "3"}, {"X-Note", value}});
        CHECK_FALSE(f.valid());
        CHECK(f.fault == errc::invalid_field_value);
        CHECK(response(200, {{"X-Note", value}}).fault == errc::invalid_field_value);
    }
    SECTION("HTAB and obs-text stay valid (RFC 9110 §5.5 field-vchar, obs-text)") {
        CHECK(request({{"X-Note", "a\tb"}}).valid());
        CHECK(request({{"X-Note", "caf\xc3\xa9"}}).valid());
    }
}

// RFC 9112 §3: method = token. Found by the fuzz kit: the example poll proxy forwarded
// "POS\x11 /upload HTTP/1.1".
TEST_CASE("request line: a method that is not a token makes the head invalid", "[rfc9112-3]") {
    using std::string_view_literals::operator""sv;
    for (const std::string_view method : {"POS\x11"sv, ""sv, "GE T"sv, "G\0T"sv, "GET\r"sv}) {
        const request_facts f = request({}, http_version::http_1_1, method);
        CHECK_FALSE(f.valid());
        CHECK(f.fault == errc::invalid_method);
        CHECK(suggested_status(f.fault) == 400);
    }
    CHECK(request({}, http_version::http_1_1, "M-SEARCH").valid());
    CHECK(request({}, http_version::http_1_1, "PROPFIND").valid());
}
