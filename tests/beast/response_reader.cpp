// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// beast::response_reader and async_read_response: the events a client or an intermediary takes
// from a connection's responses (RFC 9110 §15.2: any number of 1xx, then one final response;
// RFC 9112 §6.3: where a body ends, a close included), however the bytes are cut.
#include <expect100/beast/response_reader.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace expect100;
using beast::response_event;

namespace {

struct collected : beast::content_sink {
    std::string content;
    void on_content(std::string_view bytes) override { content.append(bytes); }
};

// Feeds `wire` in pieces of `piece` bytes (0: all at once), as a program does: put, drop what
// was used, again until need_more; then the next piece. Returns the events, "100" for an
// interim head with its status, "final 200" for a final head, "complete", and so on.
std::vector<std::string> events_of(beast::response_reader& r, std::string_view wire,
                                   std::size_t piece, bool eof_at_end,
                                   std::uint64_t* content = nullptr,
                                   std::size_t* used_total = nullptr) {
    std::vector<std::string> out;
    std::string pending;
    std::size_t at = 0;
    const auto drain = [&](beast::response_step s) {
        if (content != nullptr) *content += s.content;
        if (used_total != nullptr) *used_total += s.used;
        switch (s.event) {
        case response_event::need_more: return false;
        case response_event::interim_head: out.push_back(std::to_string(r.facts().status)); break;
        case response_event::final_head:
            out.push_back("final " + std::to_string(r.facts().status));
            break;
        case response_event::complete: out.emplace_back("complete"); break;
        case response_event::closed: out.emplace_back("closed"); break;
        case response_event::unsolicited: out.emplace_back("unsolicited"); return false;
        case response_event::error: out.push_back("error: " + s.error.message()); return false;
        }
        return true;
    };
    while (at < wire.size()) {
        const std::size_t n = piece == 0 ? wire.size() - at : std::min(piece, wire.size() - at);
        pending.append(wire.substr(at, n));
        at += n;
        for (;;) {
            const beast::response_step s = r.put(pending);
            pending.erase(0, s.used);
            if (!drain(s)) break;
        }
    }
    if (eof_at_end) (void)drain(r.put_eof());
    return out;
}

constexpr std::string_view continue_then_ok =
    "HTTP/1.1 100 Continue\r\n\r\n"
    "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

}  // namespace

TEST_CASE("response_reader: 1xx heads, then the final head and its end, however the bytes are cut",
          "[beast][response_reader][rfc9110-15.2]") {
    for (const std::size_t piece :
         {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
        INFO("pieces of " << piece);
        collected sink;
        beast::response_reader r(&sink);
        r.expect(request_method::put);
        std::uint64_t content = 0;
        std::size_t used = 0;
        CHECK(events_of(r, continue_then_ok, piece, false, &content, &used) ==
              std::vector<std::string>{"100", "103", "final 200", "complete"});
        CHECK(content == 5);
        CHECK(sink.content == "hello");
        CHECK(used == continue_then_ok.size());  // every byte accounted for, once
        CHECK(r.done());
    }
}

TEST_CASE("response_reader: a chunked body is counted without its framing",
          "[beast][response_reader][rfc9112-7.1]") {
    collected sink;
    beast::response_reader r(&sink);
    r.expect(request_method::post);
    std::uint64_t content = 0;
    const std::string_view wire =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    CHECK(events_of(r, wire, 3, false, &content) ==
          std::vector<std::string>{"final 200", "complete"});
    CHECK(content == 5);
    CHECK(sink.content == "abcde");
}

TEST_CASE("response_reader: the close ends a body delimited by it, and cuts any other short",
          "[beast][response_reader][rfc9112-6.3]") {
    SECTION("no length, no chunking: the close is the end (RFC 9112 §6.3 item 8)") {
        beast::response_reader r;
        r.expect(request_method::post);
        CHECK(events_of(r, "HTTP/1.1 200 OK\r\n\r\nsome body", 4, true) ==
              std::vector<std::string>{"final 200", "complete"});
    }
    SECTION("a Content-Length body cut short is an error, not a response") {
        beast::response_reader r;
        r.expect(request_method::post);
        const auto ev = events_of(r, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 0, true);
        REQUIRE(ev.size() == 2);
        CHECK(ev[1].rfind("error", 0) == 0);
    }
    SECTION("a head cut short is an error") {
        beast::response_reader r;
        r.expect(request_method::post);
        const auto ev = events_of(r, "HTTP/1.1 200 OK\r\nContent-Le", 0, true);
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].rfind("error", 0) == 0);
    }
    SECTION("a close between exchanges is only that") {
        beast::response_reader r;
        r.expect(request_method::post);
        CHECK(events_of(r, "", 0, true) == std::vector<std::string>{"closed"});
    }
    SECTION("a close after a 100, before the final head, is an error") {
        beast::response_reader r;
        r.expect(request_method::post);
        const auto ev = events_of(r, "HTTP/1.1 100 Continue\r\n\r\n", 0, true);
        REQUIRE(ev.size() == 2);
        CHECK(ev[0] == "100");
        CHECK(ev[1] == "closed");  // the 100 was a whole message: the peer closed between them
    }
}

TEST_CASE("response_reader: a response to HEAD has no content, whatever its length says",
          "[beast][response_reader][rfc9112-6.3]") {
    beast::response_reader r;
    r.expect(request_method::head);
    CHECK(events_of(r, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", 0, false) ==
          std::vector<std::string>{"final 200", "complete"});
}

TEST_CASE("response_reader: bytes nobody asked for, and malformed responses",
          "[beast][response_reader][G-19]") {
    SECTION("before expect() or after the response is complete: unsolicited") {
        beast::response_reader r;
        CHECK(events_of(r, "HTTP/1.1 200 OK\r\n\r\n", 0, false) ==
              std::vector<std::string>{"unsolicited"});
        r.expect(request_method::post);
        CHECK(events_of(r, "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", 0, false) ==
              std::vector<std::string>{"final 204", "complete", "unsolicited"});
    }
    SECTION("garbage") {
        beast::response_reader r;
        r.expect(request_method::post);
        const auto ev = events_of(r, "SMTP ready\r\n\r\n", 0, false);
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].rfind("error", 0) == 0);
    }
    SECTION("a head larger than the limit") {
        beast::response_reader r(nullptr, 256);
        r.expect(request_method::post);
        const std::string big = "HTTP/1.1 200 OK\r\nX: " + std::string(1000, 'a') + "\r\n\r\n";
        const auto ev = events_of(r, big, 0, false);
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].rfind("error", 0) == 0);
    }
}

TEST_CASE("async_read_response: one event per completion, the end of stream put_eof()'s answer",
          "[beast][response_reader][asio]") {
    boost::asio::io_context io;
    boost::beast::test::stream client(io);
    boost::beast::test::stream server(io);
    client.connect(server);
    client.append(std::string(continue_then_ok) + "HTTP/1.1 200 OK\r\n\r\nuntil close");
    server.close();
    collected sink;
    beast::response_reader reader(&sink);
    boost::beast::flat_buffer pending;
    std::vector<std::string> seen;
    std::uint64_t content = 0;
    std::function<void()> next = [&] {
        beast::async_read_response(client, pending, reader,
                                   [&](boost::system::error_code ec, beast::response_step s) {
                                       REQUIRE_FALSE(ec);
                                       content += s.content;
                                       switch (s.event) {
                                       case response_event::interim_head:
                                           seen.push_back(std::to_string(reader.facts().status));
                                           return next();
                                       case response_event::final_head:
                                           seen.push_back("final");
                                           return next();
                                       case response_event::complete:
                                           seen.emplace_back("complete");
                                           if (seen.size() < 5) {
                                               reader.expect(request_method::get);
                                               return next();
                                           }
                                           return;
                                       case response_event::need_more:
                                       case response_event::closed:
                                       case response_event::unsolicited:
                                       case response_event::error:
                                           seen.emplace_back("other");
                                           return;
                                       }
                                   });
    };
    reader.expect(request_method::put);
    next();
    io.run();
    CHECK(seen == std::vector<std::string>{"100", "103", "final", "complete", "final", "complete"});
    CHECK(content == 5 + 11);
    CHECK(sink.content == "hellountil close");
}

TEST_CASE(
    "response_reader: known_remaining counts down a Content-Length body and "
    "body_moved_elsewhere completes it (a relay's splice)") {
    beast::response_reader r;
    r.expect(request_method::get);
    const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd";
    beast::response_step s = r.put(wire);
    REQUIRE(s.event == response_event::final_head);
    CHECK(r.known_remaining() == std::optional<std::uint64_t>{10});
    s = r.put(std::string_view(wire).substr(s.used));
    CHECK(s.event == response_event::need_more);
    CHECK(r.known_remaining() == std::optional<std::uint64_t>{6});
    r.body_moved_elsewhere();
    CHECK(r.done());
    CHECK_FALSE(r.known_remaining());
    // Delimited by the close: no known length.
    r.expect(request_method::get);
    s = r.put("HTTP/1.1 200 OK\r\n\r\nxyz");
    REQUIRE(s.event == response_event::final_head);
    CHECK_FALSE(r.known_remaining());
}
