// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// beast::request_reader: the events a server or an intermediary takes from a connection's
// requests (RFC 9112 §6.3: where a body ends; §5.2: obs-fold refused; limits answered 431/413),
// however the bytes are cut, with pipelined requests left for the next one.
#include <expect100/beast/request_reader.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace expect100;
using beast::request_event;

namespace {

struct collected : beast::content_sink {
    std::string content;
    void on_content(std::string_view bytes) override { content.append(bytes); }
};

struct outcome {
    std::vector<std::string> events;  // "head POST", "complete", "error 413", ...
    std::uint64_t content = 0;
    std::string body_wire;  // the bytes consumed after the head, as a relay forwards them
    std::string left;       // bytes not consumed (a pipelined request)
};

// Feeds `wire` in pieces of `piece` bytes (0: all at once), as a program does: put, drop what
// was used, again until need_more; then the next piece. Stops at complete or error.
outcome read_one(beast::request_reader& r, std::string_view wire, std::size_t piece) {
    outcome o;
    std::string pending;
    std::size_t at = 0;
    r.next();
    bool over = false;
    while (!over) {
        if (at < wire.size()) {
            const std::size_t n = piece == 0 ? wire.size() - at : std::min(piece, wire.size() - at);
            pending.append(wire.substr(at, n));
            at += n;
        }
        for (;;) {
            const bool in_body = r.in_body();
            const beast::request_step s = r.put(pending);
            o.content += s.content;
            if (in_body) o.body_wire.append(pending, 0, s.used);
            pending.erase(0, s.used);
            if (s.event == request_event::need_more) break;
            if (s.event == request_event::head) {
                o.events.push_back("head " + std::string(r.record().method()));
                continue;
            }
            if (s.event == request_event::complete) {
                o.events.emplace_back("complete");
            } else {
                o.events.push_back("error " + std::to_string(beast::status_for(s.error)));
            }
            over = true;
            break;
        }
        if (at == wire.size() && !over) break;  // the wire ended mid-request
    }
    o.left = pending + std::string(wire.substr(at));
    return o;
}

constexpr std::string_view chunked_upload =
    "POST /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

}  // namespace

TEST_CASE(
    "request_reader: a chunked body is counted as content and relayed as it came however "
    "the bytes are cut (RFC 9112 §7.1)") {
    for (const std::size_t piece : {0U, 1U, 2U, 7U, 64U}) {
        CAPTURE(piece);
        collected sink;
        beast::request_reader r;
        r.set_content_sink(&sink);
        const outcome o = read_one(r, chunked_upload, piece);
        CHECK(o.events == std::vector<std::string>{"head POST", "complete"});
        CHECK(o.content == 11);
        CHECK(sink.content == "hello world");
        CHECK(o.body_wire == "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        CHECK(r.facts().expects_continue());
        CHECK(o.left.empty());
    }
}

TEST_CASE(
    "request_reader: a request without a body completes after its head and leaves a "
    "pipelined request untouched") {
    constexpr std::string_view two =
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
        "\r\nabc";
    for (const std::size_t piece : {0U, 1U, 5U}) {
        CAPTURE(piece);
        beast::request_reader r;
        const outcome first = read_one(r, two, piece);
        CHECK(first.events == std::vector<std::string>{"head GET", "complete"});
        CHECK(first.content == 0);
        CHECK(r.done());
        // Nothing is taken after complete until next().
        CHECK(r.put(first.left).used == 0);
        const outcome second = read_one(r, first.left, piece);
        CHECK(second.events == std::vector<std::string>{"head POST", "complete"});
        CHECK(second.content == 3);
        CHECK(second.left.empty());
    }
}

// In any cuts: Beast takes a head line by line as it arrives, so the fold may come in a put of
// its own, or split from the line it continues (the fuzz kit found a fold that reached the
// origin unfolded when the head came in two pieces).
TEST_CASE("request_reader: a folded head line is refused with 400 (RFC 9112 §5.2 / G-10)") {
    for (const std::string head :
         {"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-\r\n continue\r\nContent-Length: 1\r\n\r\nx",
          "POST /upload HTTP/1.1\r\nHost: Orighn.exam\r\n \r\nExpect: 100-continue\r\n\r\n",
          "POST / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\nContent-Length: 1\r\n\r\nx"}) {
        for (const std::size_t piece : {0U, 1U, 5U, 13U, 45U}) {
            CAPTURE(head, piece);
            beast::request_reader r;
            const outcome o = read_one(r, head, piece);
            CHECK(o.events == std::vector<std::string>{"error 400"});
            CHECK(r.done());
        }
    }
}

TEST_CASE(
    "request_reader: limits answer 431 for the head and 413 for the body (RFC 6585 §5 / "
    "RFC 9110 §15.5.14)") {
    SECTION("head") {
        beast::request_reader r(beast::request_limits{64, std::nullopt});
        const outcome o = read_one(
            r, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + std::string(100, 'x') + "\r\n\r\n", 0);
        CHECK(o.events == std::vector<std::string>{"error 431"});
    }
    SECTION("body declared over the limit") {
        beast::request_reader r(beast::request_limits{16 * 1024, 10});
        const outcome o =
            read_one(r, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", 0);
        CHECK(o.events == std::vector<std::string>{"error 413"});
    }
    SECTION("chunked body growing over the limit") {
        beast::request_reader r(beast::request_limits{16 * 1024, 10});
        const outcome o = read_one(r, chunked_upload, 3);
        REQUIRE(o.events.size() == 2);
        CHECK(o.events.back() == "error 413");
    }
}

TEST_CASE("request_reader: a request cut short waits for more (need_more), nothing is lost") {
    beast::request_reader r;
    const outcome o = read_one(r, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc", 4);
    CHECK(o.events == std::vector<std::string>{"head POST"});
    CHECK(o.content == 3);
    CHECK(r.in_body());
    CHECK_FALSE(r.done());
}

TEST_CASE(
    "request_reader: known_remaining counts down a Content-Length body and "
    "body_moved_elsewhere completes it (a relay's splice)") {
    beast::request_reader r;
    r.next();
    const std::string wire = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc";
    beast::request_step s = r.put(wire);
    REQUIRE(s.event == request_event::head);
    CHECK(r.known_remaining() == std::optional<std::uint64_t>{10});
    s = r.put(std::string_view(wire).substr(s.used));
    CHECK(s.event == request_event::need_more);
    CHECK(s.content == 3);
    CHECK(r.known_remaining() == std::optional<std::uint64_t>{7});
    r.body_moved_elsewhere();
    CHECK(r.done());
    CHECK_FALSE(r.known_remaining());
    // A chunked body's length is not known.
    r.next();
    s = r.put("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    REQUIRE(s.event == request_event::head);
    CHECK_FALSE(r.known_remaining());
}
