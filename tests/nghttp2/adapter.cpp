// The nghttp2 adapter (include/expect100/nghttp2/): an HTTP/2 client machine and an HTTP/2
// origin machine back to back in memory, through real nghttp2 1.52 sessions, in virtual time.
// One test per H2 requirement of docs/requirements.md that shows on the wire (H2-1, H2-2,
// H2-4 .. H2-9, H2-12); RFC 9113 §5.2, §5.4.2, §8.1; RFC 9110 §10.1.1.
#include "../support/h2_memory.hpp"

#include <expect100/nghttp2/fields.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace expect100;
using test::at_ms;
using test::exchange_frames;

namespace {

using origin = test::h2_origin<>;
using h2client = test::h2_client<>;
using test::origin_script;

// The RFC 9110 client sends Expect on bodies of 1 MiB and more.
constexpr std::uint64_t large = 2U * 1024U * 1024U;

bool has(const std::vector<std::string>& log, const std::string& frame) {
    return std::find(log.begin(), log.end(), frame) != log.end();
}
std::uint64_t data_bytes(const std::vector<std::string>& log) {
    std::uint64_t n = 0;
    for (const std::string& f : log) {
        if (f.rfind("DATA(", 0) == 0) n += std::stoull(f.substr(5));
    }
    return n;
}

}  // namespace

// H2-1, H2-4: the origin's 100 is a HEADERS frame without END_STREAM; it releases the held body.
TEST_CASE("T-H2-1 the 100 is HEADERS without END_STREAM and releases the body",
          "[nghttp2][H2-1][H2-4]") {
    origin o;
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    CHECK(o.log.front() == "HEADERS(100)");  // never "HEADERS(100,ES)"
    CHECK(r.interims == std::vector<std::uint16_t>{100});
    CHECK(r.client.expect_state() == expect_status::continued);
    CHECK(r.status == 200);
    CHECK(r.response == "stored " + std::to_string(large));
    CHECK(data_bytes(c.log) == large);
    CHECK(has(o.log, "HEADERS(200)"));
    CHECK_FALSE(has(o.log, "RST_STREAM(NO_ERROR)"));  // the body was all read
    CHECK(r.client.state() == client_state::idle);
}

// H2-4 / S-5: END_STREAM on the request's HEADERS: no content, no 100.
TEST_CASE("T-H2-4 a request ended by its HEADERS is owed no 100", "[nghttp2][H2-4]") {
    origin o;
    h2client c;
    h2client::request& r = c.put(0);
    REQUIRE(exchange_frames(c, o));
    CHECK(c.log.front() == "HEADERS(req,ES)");
    CHECK(r.interims.empty());
    CHECK(o.log.front() == "HEADERS(200)");
    CHECK(r.status == 200);
}

// A 1xx with END_STREAM is malformed (RFC 9113 §8.1): the client's nghttp2 resets the stream
// and the machine hears that the exchange ended, without a response.
TEST_CASE("T-H2-1 a 100 carrying END_STREAM ends the exchange as a stream error",
          "[nghttp2][H2-1]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    const nghttp2_nv status{reinterpret_cast<std::uint8_t*>(const_cast<char*>(":status")),
                            reinterpret_cast<std::uint8_t*>(const_cast<char*>("100")), 7, 3,
                            NGHTTP2_NV_FLAG_NONE};
    REQUIRE(nghttp2_submit_headers(o.session(), NGHTTP2_FLAG_END_STREAM, r.stream.id(), nullptr,
                                   &status, 1, nullptr) >= 0);
    REQUIRE(exchange_frames(c, o));
    CHECK(has(c.log, "RST_STREAM(PROTOCOL_ERROR)"));
    CHECK(r.status == 0);
    CHECK(r.client.state() == client_state::closed);
    CHECK(r.stream.close_code() == NGHTTP2_PROTOCOL_ERROR);
}

// H2-2: no 1xx once the final response was submitted.
TEST_CASE("T-H2-2 no interim response after the final one", "[nghttp2][H2-2]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    const std::vector<std::pair<std::string, std::string>> none;
    CHECK(x->stream.send_final(401, none));
    CHECK_FALSE(x->stream.send_interim(100));
    CHECK_FALSE(x->stream.send_final(200, none));  // and one final only
    REQUIRE(exchange_frames(c, o));
    CHECK(r.interims.empty());
    CHECK(r.status == 401);
}

// H2-5, H2-6: an early 413 goes out whole, then RST_STREAM(NO_ERROR) stops the client's body;
// the client keeps the response and sends no body byte (H2-7: held, 4xx).
TEST_CASE("T-H2-5 an early final then RST_STREAM(NO_ERROR) - the client keeps the response",
          "[nghttp2][H2-5][H2-6]") {
    origin o({origin_script::decision::reject, 413});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    REQUIRE(o.log.size() >= 2);
    CHECK(o.log[0] == "HEADERS(413,ES)");
    CHECK(o.log[1] == "RST_STREAM(NO_ERROR)");  // after the final's END_STREAM, never before
    CHECK(r.status == 413);
    CHECK(r.response_complete);
    CHECK(data_bytes(c.log) == 0);
    CHECK(r.client.expect_state() == expect_status::answered);
    CHECK(r.client.state() == client_state::closed);  // this exchange; the connection goes on

    // The same connection carries the next request (H2-12).
    h2client::request& next = c.put(10);
    REQUIRE(exchange_frames(c, o));
    CHECK(next.status == 413);
    CHECK(o.requests == 2);
}

// The trap the adapter avoids (nghttp2's programmers' guide): a reset submitted right after
// submit_response cancels the queued response, and the client never sees it.
TEST_CASE("T-H2-5 a reset queued with the response loses the response - end_after_final does not",
          "[nghttp2][H2-5]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    const std::vector<std::pair<std::string, std::string>> none;
    REQUIRE(x->stream.send_final(413, none));
    REQUIRE(nghttp2_submit_rst_stream(o.session(), NGHTTP2_FLAG_NONE, r.stream.id(),
                                      NGHTTP2_NO_ERROR) == 0);
    REQUIRE(exchange_frames(c, o));
    CHECK(r.status == 0);  // lost
    CHECK_FALSE(has(o.log, "HEADERS(413,ES)"));

    origin o2({origin_script::decision::wait});
    h2client c2;
    h2client::request& r2 = c2.put(large);
    REQUIRE(exchange_frames(c2, o2));
    origin::exchange* x2 = o2.find(r2.stream.id());
    REQUIRE(x2 != nullptr);
    REQUIRE(x2->stream.send_final(413, none));
    x2->stream.end_after_final();
    REQUIRE(exchange_frames(c2, o2));
    CHECK(r2.status == 413);
    CHECK(o2.log == std::vector<std::string>{"HEADERS(413,ES)", "RST_STREAM(NO_ERROR)"});
}

// early_reset::when_client_sends: no reset races the response to a client that holds its body
// (curl 7.88 reads a response and a reset in one read as an empty reply); our client cancels
// the stream itself (H2-7); a client that sends gets the reset at its first DATA frame.
TEST_CASE("T-H2-5 the reset after an early final can wait for the client's DATA",
          "[nghttp2][H2-5][H2-7]") {
    origin o({origin_script::decision::reject, 413, nghttp2::early_reset::when_client_sends});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    CHECK(o.log == std::vector<std::string>{"HEADERS(413,ES)"});
    CHECK(r.status == 413);
    CHECK(has(c.log, "RST_STREAM(CANCEL)"));  // the client's own, once the response was read
    CHECK(data_bytes(c.log) == 0);

    // A client still sending when the 413 goes: its next DATA frame brings the reset.
    origin o2({origin_script::decision::wait, 413, nghttp2::early_reset::when_client_sends});
    h2client c2;
    h2client::request& r2 = c2.put(large);
    REQUIRE(exchange_frames(c2, o2));
    o2.decide(r2.stream.id(), origin_script::decision::accept);  // the 100, and credit
    std::string down;
    REQUIRE(nghttp2::pending_output(o2.session(), down));
    REQUIRE(nghttp2::receive(c2.session(), down));
    std::string up;
    REQUIRE(nghttp2::pending_output(c2.session(), up));  // body in flight...
    origin::exchange* x2 = o2.find(r2.stream.id());
    REQUIRE(x2 != nullptr);
    const std::vector<std::pair<std::string, std::string>> no_fields;
    REQUIRE(x2->stream.send_final(413, no_fields));  // ... when the 413 goes
    x2->stream.end_after_final();
    down.clear();
    REQUIRE(nghttp2::pending_output(o2.session(), down));
    CHECK(x2->stream.reset_pending());
    REQUIRE(nghttp2::receive(o2.session(), up));    // its DATA arrives after the 413
    REQUIRE(nghttp2::receive(c2.session(), down));  // and the 413 reaches the client
    REQUIRE(exchange_frames(c2, o2));
    CHECK(has(o2.log, "RST_STREAM(NO_ERROR)"));
    CHECK(r2.status == 413);

    origin o3({origin_script::decision::wait, 413, nghttp2::early_reset::when_client_sends});
    h2client c3;
    h2client::request& r3 = c3.put(large);
    REQUIRE(exchange_frames(c3, o3));
    origin::exchange* x = o3.find(r3.stream.id());
    REQUIRE(x != nullptr);
    const std::vector<std::pair<std::string, std::string>> none;
    REQUIRE(x->stream.send_final(413, none));
    x->stream.end_after_final();
    std::string reply;
    REQUIRE(nghttp2::pending_output(o3.session(), reply));  // the 413 is written, not read yet
    CHECK(x->stream.reset_pending());
    x->stream.linger_expired();  // the caller's linger ends first
    CHECK_FALSE(x->stream.reset_pending());
    REQUIRE(nghttp2::pending_output(o3.session(), reply));
    REQUIRE(nghttp2::receive(c3.session(), reply));
    CHECK(r3.status == 413);
    CHECK(o3.log.back() == "RST_STREAM(NO_ERROR)");
}

// H2-14: a relay has an early refusal's head before its content (an origin's HEADERS and DATA
// come in separate reads). A client that stops its upload at the head of a final >= 300 and
// ends its stream short of its content-length (curl 7.88) makes the request malformed: nghttp2
// resets the stream with PROTOCOL_ERROR, and what of the response was not written is lost.
// final_head::with_content holds the head until its content is there.
TEST_CASE(
    "T-H2-14 an early refusal's head waits for its content - an upload ended short loses "
    "nothing",
    "[nghttp2][H2-14]") {
    const std::string refusal = "{\"error\":413}\n";
    const std::vector<std::pair<std::string, std::string>> fields = {{"content-length", "14"}};
    for (const nghttp2::final_head head :
         {nghttp2::final_head::at_once, nghttp2::final_head::with_content}) {
        const bool holds = head == nghttp2::final_head::with_content;
        CAPTURE(holds);
        origin o(
            {origin_script::decision::wait, 413, nghttp2::early_reset::when_client_sends, head});
        h2client c;
        h2client::request& r = c.put(large);
        REQUIRE(exchange_frames(c, o));  // the request's head is in; the client holds its body
        origin::exchange* x = o.find(r.stream.id());
        REQUIRE(x != nullptr);
        // One frame hop each way; the client plays curl: at a final's head it ends its upload
        // at once, with an empty DATA frame carrying END_STREAM.
        const auto hop = [&] {
            std::string down;
            REQUIRE(nghttp2::pending_output(o.session(), down));
            REQUIRE(nghttp2::receive(c.session(), down));
            if (r.status != 0 && !r.stream.body().complete()) {
                r.stream.finish_body();
                r.stream.release_body();
            }
            std::string up;
            REQUIRE(nghttp2::pending_output(c.session(), up));
            REQUIRE(nghttp2::receive(o.session(), up));
        };
        REQUIRE(x->stream.send_final(413, fields, nghttp2::server_stream::content::with_body));
        x->stream.end_after_final();
        CHECK(x->stream.final_held() == holds);
        hop();  // the head, unless held
        CHECK(r.status == (holds ? 0 : 413));
        x->stream.append_body(refusal);  // the content arrives from the origin
        x->stream.finish_body();
        CHECK_FALSE(x->stream.final_held());
        hop();
        REQUIRE(exchange_frames(c, o));
        CHECK(r.status == 413);
        if (holds) {
            CHECK(r.response == refusal);
            CHECK(r.response_complete);
        } else {
            CHECK(has(o.log, "RST_STREAM(PROTOCOL_ERROR)"));  // the short END_STREAM: malformed
            CHECK(r.response.empty());  // the refusal's content never went: the reset won
        }
        CHECK(data_bytes(c.log) == 0);  // the client never sent a body byte
    }
}

// A PUT of `large` waiting at an origin that holds refusals' heads: its exchange, answered by hand.
struct waiting_put {
    origin o{{origin_script::decision::wait, 413, nghttp2::early_reset::when_client_sends,
              nghttp2::final_head::with_content}};
    h2client c;
    h2client::request& r = c.put(large);
    origin::exchange* x = nullptr;
    waiting_put() {
        REQUIRE(exchange_frames(c, o));
        x = o.find(r.stream.id());
        REQUIRE(x != nullptr);
    }
};

// H2-14: a held head goes at the caller's bound in time (release_final), or once
// held_final_limit bytes of content are queued; a reset drops it; a 2xx is never held.
TEST_CASE("T-H2-14 a held final head goes at its bound and never after a reset",
          "[nghttp2][H2-14]") {
    const std::vector<std::pair<std::string, std::string>> none;
    const auto with_body = nghttp2::server_stream::content::with_body;
    {
        waiting_put p;
        REQUIRE(p.x->stream.send_final(500, none, with_body));
        p.x->stream.append_body("partial");
        REQUIRE(exchange_frames(p.c, p.o));
        CHECK(p.r.status == 0);
        CHECK(p.x->stream.release_final());  // the caller's timer
        REQUIRE(exchange_frames(p.c, p.o));
        CHECK(p.r.status == 500);
        CHECK(p.r.response == "partial");
    }
    {
        waiting_put p;
        REQUIRE(p.x->stream.send_final(503, none, with_body));
        p.x->stream.append_body(std::string(nghttp2::held_final_limit - 1, 'e'));
        CHECK(p.x->stream.final_held());
        p.x->stream.append_body("e");
        CHECK_FALSE(p.x->stream.final_held());  // the limit: the head goes
        REQUIRE(exchange_frames(p.c, p.o));
        CHECK(p.r.status == 503);
    }
    {
        waiting_put p;
        REQUIRE(p.x->stream.send_final(413, none, with_body));
        p.x->stream.reset(NGHTTP2_INTERNAL_ERROR);  // the relay's origin failed
        CHECK_FALSE(p.x->stream.release_final());
        REQUIRE(exchange_frames(p.c, p.o));
        CHECK(p.r.status == 0);
        CHECK(has(p.o.log, "RST_STREAM(INTERNAL_ERROR)"));
        CHECK_FALSE(has(p.o.log, "HEADERS(413)"));
    }
    {
        waiting_put p;
        REQUIRE(p.x->stream.send_final(200, none, with_body));  // full duplex: no refusal
        CHECK_FALSE(p.x->stream.final_held());
        REQUIRE(exchange_frames(p.c, p.o));
        CHECK(p.r.status == 200);
    }
}

// H2-6: a client that abandons its body cancels the stream, and the connection goes on.
TEST_CASE("T-H2-6 the client cancels the stream - never the connection", "[nghttp2][H2-6]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    r.stream.cancel();
    REQUIRE(exchange_frames(c, o));
    CHECK(has(c.log, "RST_STREAM(CANCEL)"));
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    CHECK(x->server.state() == server_state::closed);  // that exchange only (H2-12)
    h2client::request& next = c.put(0);
    REQUIRE(exchange_frames(c, o));
    CHECK(next.status == 0);  // the origin waits on it: but the stream is alive
    o.decide(next.stream.id(), origin_script::decision::accept);
    REQUIRE(exchange_frames(c, o));
    CHECK(next.status == 200);
}

// H2-7 over the wire: a 500 mid-body from an origin that never resets: the client stops at
// once and cancels the stream once the response is in (curl#15316's case).
TEST_CASE("T-H2-7 a 500 mid-body without a reset - the client stops and cancels",
          "[nghttp2][H2-7]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    (void)x->server.accept(at_ms(0));
    REQUIRE(x->stream.send_interim(100));
    x->stream.grant(unlimited_body_credit);
    // Only part of the body crosses before the 500: the client's window is 64 KiB.
    std::string out;
    REQUIRE(nghttp2::pending_output(o.session(), out));
    REQUIRE(nghttp2::receive(c.session(), out));
    out.clear();
    REQUIRE(nghttp2::pending_output(c.session(), out));  // the first DATA frames
    REQUIRE(nghttp2::receive(o.session(), out));
    const std::vector<std::pair<std::string, std::string>> none;
    REQUIRE(x->stream.send_final(500, none));  // no end_after_final: a server that never resets
    REQUIRE(exchange_frames(c, o));
    CHECK(r.status == 500);
    CHECK(has(c.log, "RST_STREAM(CANCEL)"));
    CHECK(data_bytes(c.log) < large);
    CHECK(r.client.state() == client_state::closed);
}

// H2-7: a 2xx before the 100 whose response goes on: the body is sent (full duplex).
TEST_CASE("T-H2-7 a 200 before the 100 with more to come - the client sends the body",
          "[nghttp2][H2-7]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    const std::vector<std::pair<std::string, std::string>> none;
    REQUIRE(x->stream.send_final(200, none, nghttp2::server_stream::content::with_body));
    (void)x->server.on_final_response(200, at_ms(0));
    x->stream.grant(unlimited_body_credit);
    REQUIRE(exchange_frames(c, o));
    CHECK(r.status == 200);
    CHECK(r.client.state() == client_state::finishing_body);
    CHECK(data_bytes(c.log) > 0);
}

// H2-8: a client that skips the wait (its timer ran out at once) can send only the initial
// window while the origin decides; the origin's 100 opens the rest.
TEST_CASE("T-H2-8 while the origin decides the client gets only the initial window",
          "[nghttp2][H2-8]") {
    struct impatient : presets::rfc9110_client<test::virtual_clock> {
        using wait_strategy = fixed_wait<0>;
    };
    nghttp2::session_settings small;
    small.initial_window = 16 * 1024;
    test::h2_origin<> o({origin_script::decision::wait}, small);
    test::h2_client<impatient> c;
    REQUIRE(exchange_frames(c, o));  // the connection is up: both SETTINGS acknowledged
    auto& r = c.put(large);
    REQUIRE(exchange_frames(c, o));
    CHECK(r.client.expect_state() == expect_status::timed_out);
    CHECK(data_bytes(c.log) == small.initial_window);  // and not a byte more
    origin::exchange* x = o.find(r.stream.id());
    REQUIRE(x != nullptr);
    CHECK(x->server.body_credit() == small.initial_window);  // what came; nothing granted
    CHECK(x->stream.window().returned() == 0);

    o.decide(r.stream.id(), origin_script::decision::accept);  // the body is wanted now
    REQUIRE(exchange_frames(c, o));
    CHECK(data_bytes(c.log) == large);
    CHECK(r.status == 200);

    // Refused instead: the 413 and the reset; the waste stays at the initial window.
    test::h2_origin<> o2({origin_script::decision::wait}, small);
    test::h2_client<impatient> c2;
    REQUIRE(exchange_frames(c2, o2));
    auto& r2 = c2.put(large);
    REQUIRE(exchange_frames(c2, o2));
    o2.decide(r2.stream.id(), origin_script::decision::reject, 413);
    REQUIRE(exchange_frames(c2, o2));
    CHECK(r2.status == 413);
    CHECK(data_bytes(c2.log) == small.initial_window);
    CHECK(has(o2.log, "RST_STREAM(NO_ERROR)"));

    // Before our SETTINGS reached the client, the protocol's own 65535 is what it may send
    // (RFC 9113 §6.9.2): the bound then, and never more.
    test::h2_origin<> o3({origin_script::decision::wait}, small);
    test::h2_client<impatient> c3;
    auto& r3 = c3.put(large);
    REQUIRE(exchange_frames(c3, o3));
    CHECK(data_bytes(c3.log) == 65535);
    o3.decide(r3.stream.id(), origin_script::decision::accept);
    REQUIRE(exchange_frames(c3, o3));
    CHECK(r3.status == 200);
    CHECK(data_bytes(c3.log) == large);
}

// H2-9: the wait starts when the request's HEADERS frame is written, not when it was submitted.
TEST_CASE("T-H2-9 the client's wait starts when its HEADERS frame is written", "[nghttp2][H2-9]") {
    origin o({origin_script::decision::wait});
    h2client c;
    c.set_time(at_ms(0));
    h2client::request& r = c.put(large);
    CHECK(r.client.state() == client_state::sending_head);
    c.set_time(at_ms(300));  // a slow connection: the head goes out only now
    REQUIRE(exchange_frames(c, o));
    CHECK(r.client.state() == client_state::awaiting_continue);
    const auto deadline = r.client.next_deadline();
    CHECK(deadline > at_ms(300));
    c.set_time(deadline);
    c.tick();
    REQUIRE(exchange_frames(c, o));
    CHECK(r.client.expect_state() == expect_status::timed_out);
    CHECK(data_bytes(c.log) > 0);
}

// H2-12: one stream reset by the peer leaves the others alone.
TEST_CASE("T-H2-12 a reset stream ends its exchange only", "[nghttp2][H2-12]") {
    origin o({origin_script::decision::wait});
    h2client c;
    h2client::request& first = c.put(large);
    h2client::request& second = c.put(large);
    REQUIRE(exchange_frames(c, o));
    origin::exchange* x = o.find(first.stream.id());
    REQUIRE(x != nullptr);
    x->stream.reset(NGHTTP2_REFUSED_STREAM);
    REQUIRE(exchange_frames(c, o));
    CHECK(first.client.state() == client_state::closed);
    CHECK(first.retried);  // C-14: a PUT may go again (on a new stream: the caller's)
    o.decide(second.stream.id(), origin_script::decision::accept);
    REQUIRE(exchange_frames(c, o));
    CHECK(second.status == 200);
    CHECK(second.response == "stored " + std::to_string(large));
}

// A relay's producer stays ahead of nghttp2: it appends a 64 KiB read while 16 KiB frames
// leave, so the provider's buffer never empties. Its memory must follow what is queued, not
// the whole body (a 50 MB upload relayed to an HTTP/2 origin once held 73 MB).
TEST_CASE("outgoing_body keeps its buffer near what is queued", "[nghttp2][H2-10]") {
    nghttp2::outgoing_body body;
    nghttp2_data_provider p = body.provider();
    const std::string read(64 * 1024, 'x');
    std::vector<std::uint8_t> frame(16 * 1024);
    std::uint64_t out = 0;
    for (int i = 0; i < 200; ++i) {
        body.append(read, nullptr, 1);
        for (int f = 0; f < 3; ++f) {  // three frames per read: the queue grows by 16 KiB
            std::uint32_t flags = 0;
            const auto n =
                p.read_callback(nullptr, 1, frame.data(), frame.size(), &flags, &p.source, nullptr);
            REQUIRE(n == static_cast<ssize_t>(frame.size()));
            out += static_cast<std::uint64_t>(n);
        }
        CHECK(body.buffered() <= 2 * body.queued() + 64 * 1024);
    }
    CHECK(out == 200U * 3U * 16U * 1024U);
    CHECK(body.queued() == 200U * 16U * 1024U);
    // The rest all leaves, then END_STREAM.
    body.finish(nullptr, 1);
    std::uint64_t rest = 0;
    for (;;) {
        std::uint32_t flags = 0;
        const auto n =
            p.read_callback(nullptr, 1, frame.data(), frame.size(), &flags, &p.source, nullptr);
        REQUIRE(n >= 0);
        rest += static_cast<std::uint64_t>(n);
        if ((flags & NGHTTP2_DATA_FLAG_EOF) != 0) break;
    }
    CHECK(rest == 200U * 16U * 1024U);
    CHECK(body.sent() == 200U * 4U * 16U * 1024U);
}
