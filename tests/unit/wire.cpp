// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// wire.hpp: the bytes of the 100 and of the machines' own final responses.
#include <expect100/wire.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace expect100;

TEST_CASE("the 100 and other 1xx are a bare status line (G-17, S-10, T-S-13)",
          "[wire][rfc9110-15.2]") {
    std::string out;
    append_interim(out);
    CHECK(out == "HTTP/1.1 100 Continue\r\n\r\n");
    out.clear();
    append_interim(out, 103);
    CHECK(out == "HTTP/1.1 103 Early Hints\r\n\r\n");
    out.clear();
    append_interim(out, 150);
    CHECK(out == "HTTP/1.1 150 Informational\r\n\r\n");
}

TEST_CASE("the machines' own finals carry Content-Length 0, Via when named, close when asked",
          "[wire][rfc9110-7.6.3]") {
    std::string out;
    append_own_final(out, 417, connection_header::keep_alive);
    CHECK(out == "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n");
    out.clear();
    append_own_final(out, 501, connection_header::close);
    CHECK(out == "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    out.clear();
    append_own_final(out, 504, connection_header::close, "expect100");
    CHECK(out ==
          "HTTP/1.1 504 Gateway Timeout\r\nContent-Length: 0\r\nVia: 1.1 expect100\r\n"
          "Connection: close\r\n\r\n");
    CHECK(reason_phrase(418) == "Client Error");  // unlisted: its class's name
    CHECK(reason_phrase(599) == "Server Error");
}

TEST_CASE("Expect written on without 100-continue keeps the other expectations (P-6)",
          "[wire][rfc9110-10.1.1][rfc9110-5.6.1]") {
    const auto rest = [](std::string_view value) {
        std::string out;
        return append_expect_without_continue(out, value) ? out : std::string("(none)");
    };
    CHECK(rest("100-continue") == "(none)");
    CHECK(rest("100-Continue") == "(none)");  // case-insensitive (§10.1.1)
    CHECK(rest("foo, 100-continue") == "foo");
    CHECK(rest("100-continue, x-a=\"1, 2\", bar;p=1") == "x-a=\"1, 2\", bar;p=1");
    CHECK(rest(" , 100-continue , ") == "(none)");  // empty members are no members
}

TEST_CASE("fields a relay writes on: hop-by-hop, and what a relayed 1xx keeps (G-17, T-P-13)",
          "[wire][rfc9110-7.6.1]") {
    CHECK(is_hop_by_hop("Connection"));
    CHECK(is_hop_by_hop("keep-alive"));
    CHECK(is_hop_by_hop("TE"));
    CHECK_FALSE(is_hop_by_hop("Link"));
    CHECK(kept_in_relayed_interim("Link"));
    CHECK_FALSE(kept_in_relayed_interim("Content-Length"));
    CHECK_FALSE(kept_in_relayed_interim("transfer-encoding"));
    CHECK_FALSE(kept_in_relayed_interim("Upgrade"));
}
