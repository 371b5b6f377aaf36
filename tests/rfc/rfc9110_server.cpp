// The origin server's side (docs/requirements.md, S-1..S-19): one test per T-S line, in virtual
// time. RFC 9110 §10.1.1 (Expect), §15.2 (1xx), §7.8 (Upgrade); RFC 9112 §9.3, §9.6, §8.
#include "../support/machine.hpp"

#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <tuple>

using namespace expect100;
using test::at_ms;
using test::text;
using clock_type = test::virtual_clock;

using rfc_server = basic_server<presets::rfc9110_server<clock_type>>;
using eager_server = basic_server<presets::exchange_origin<clock_type>>;
using lazy_server = basic_server<presets::go_server<clock_type>>;

// S-3, S-4: "an origin server MUST, if the request ... indicate[s] a 100-continue expectation,
// ... send either an immediate response with a final status code ... or an immediate 100".
TEST_CASE("T-S-1: the 100 goes out before any body byte is read", "[rfc9110-10.1.1][T-S-1]") {
    SECTION("on accept (RFC preset)") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
        CHECK(s.state() == server_state::deciding);
        CHECK(s.continue_owed());
        CHECK(text(s.accept(at_ms(1))) == "send_continue");
        CHECK(s.continue_state() == continue_status::sent);
        CHECK(text(s.on_body_bytes(10, at_ms(2))) == "");
        CHECK(text(s.on_body_end(at_ms(2))) == "");
        CHECK(s.state() == server_state::received);
    }
    SECTION("on the head, before the application decides (the outage's origin)") {
        eager_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "send_continue");
        CHECK(text(s.accept(at_ms(1))) == "");
    }
    SECTION("lazily, on the first body read (Go)") {
        lazy_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
        CHECK(text(s.accept(at_ms(1))) == "");
        CHECK(s.continue_owed());  // the application can see that the client may be waiting
        CHECK(text(s.on_body_read(at_ms(2))) == "send_continue");
        CHECK_FALSE(s.continue_owed());
    }
    SECTION("an eager server whose application reads without accepting still sends it") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
        CHECK(text(s.on_body_read(at_ms(1))) == "send_continue");
    }
}

// S-7: "the server SHOULD ... indicate whether it intends to close the connection ... or
// continue reading and discarding the request content".
TEST_CASE("T-S-2: a rejection at header time is a final status without reading the body",
          "[rfc9110-10.1.1][T-S-2]") {
    SECTION("RFC preset: keep the connection and discard exactly the declared body") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
        CHECK(text(s.on_final_response(401, at_ms(1))) == "discard_body(10)");
        CHECK(s.continue_state() == continue_status::skipped);
        CHECK(s.state() == server_state::responding_early);
    }
    SECTION("Go preset: Connection: close on the response, then close") {
        lazy_server s;
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
        CHECK(text(s.on_final_response(413, at_ms(1))) == "add_close");
        CHECK(text(s.on_response_complete(at_ms(2))) == "close");
        CHECK(s.state() == server_state::closed);
    }
}

// S-9: "If a server ... sends close ..., it MUST NOT process any further requests".
TEST_CASE("T-S-3: after an early final response with close no later request is processed",
          "[rfc9112-9.6][T-S-3]") {
    lazy_server s;
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.on_final_response(401, at_ms(1))) == "add_close");
    CHECK(text(s.on_body_bytes(4, at_ms(2))) == "");  // still read while closing (staged, S-9)
    CHECK(text(s.on_response_complete(at_ms(3))) == "close");
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(4))) == "!event_out_of_order");
    CHECK(text(s.on_body_bytes(4, at_ms(5))) == "");  // draining a closed connection is harmless
}

// S-8: "A server MUST read the entire request message body or close the connection after
// sending its response, since otherwise the remaining data ... would be interpreted as the
// next request" (RFC 9112 §9.3).
namespace {
struct unstarted_closes : presets::rfc9110_server<clock_type> {
    static constexpr early_final_action after_early_final = early_final_action::close_if_unstarted;
};
}  // namespace

TEST_CASE(
    "T-S-4: after an early final without close the declared body is discarded - then the "
    "next request is read - above the cap the connection closes",
    "[rfc9112-9.3][T-S-4]") {
    SECTION("within the cap") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.on_final_response(403, at_ms(1))) == "discard_body(10)");
        CHECK(text(s.on_response_complete(at_ms(2))) == "");
        CHECK(s.state() == server_state::discarding);
        CHECK(text(s.on_body_bytes(6, at_ms(3))) == "");
        CHECK(text(s.on_body_bytes(4, at_ms(4))) == "");
        CHECK(text(s.on_body_bytes(1, at_ms(4))) == "!body_beyond_framing");
        CHECK(text(s.on_body_end(at_ms(5))) == "");
        CHECK(s.state() == server_state::idle);
        CHECK(text(s.on_request_head(test::expect_put(), at_ms(6))) == "");  // next request
    }
    SECTION("above the byte cap: close instead of reading megabytes") {
        rfc_server s;
        const std::uint64_t over = presets::rfc9110_server<>::discard_byte_limit + 1;
        CHECK(text(s.on_request_head(test::expect_put(over), at_ms(0))) == "");
        CHECK(text(s.on_final_response(413, at_ms(1))) == "add_close");
        CHECK(text(s.on_response_complete(at_ms(2))) == "close");
    }
    SECTION("a chunked body past the byte cap closes") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::head("POST", {{"Transfer-Encoding", "chunked"},
                                                         {"Expect", "100-continue"}}),
                                     at_ms(0))) == "");
        CHECK(text(s.on_final_response(413, at_ms(1))) == "discard_body(262144)");
        CHECK(text(s.on_response_complete(at_ms(2))) == "");
        CHECK(text(s.on_body_bytes(262144, at_ms(3))) == "");
        CHECK(text(s.on_body_bytes(1, at_ms(4))) == "close");
        CHECK(s.state() == server_state::closed);
    }
    SECTION("close_if_unstarted: close while no body byte came and no 100 went (T-P-17's rule)") {
        basic_server<unstarted_closes> s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.on_final_response(417, at_ms(1))) == "add_close");
        CHECK(text(s.on_response_complete(at_ms(2))) == "close");
    }
    SECTION("close_if_unstarted: a body already flowing is discarded") {
        basic_server<unstarted_closes> s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.on_body_bytes(4, at_ms(1))) == "");
        CHECK(text(s.on_final_response(413, at_ms(2))) == "discard_body(6)");
    }
    SECTION("close_if_unstarted: after our 100 the body is on its way: discarded") {
        basic_server<unstarted_closes> s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.accept(at_ms(1))) == "send_continue");
        CHECK(text(s.on_final_response(413, at_ms(2))) == "discard_body(10)");
    }
    SECTION("the discard time cap: nothing at t-1, close at t") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.on_final_response(401, at_ms(1000))) == "discard_body(10)");
        CHECK(text(s.on_response_complete(at_ms(1001))) == "");
        CHECK(s.next_deadline() == at_ms(6000));
        CHECK(text(s.on_timer(at_ms(5999))) == "");
        CHECK(s.state() == server_state::discarding);
        CHECK(text(s.on_timer(at_ms(6000))) == "close");
        CHECK(s.state() == server_state::closed);
    }
    SECTION("the time cap passing while the response is still written: close after it") {
        rfc_server s;
        CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
        CHECK(text(s.on_final_response(401, at_ms(0))) == "discard_body(10)");
        CHECK(text(s.on_timer(at_ms(5000))) == "");
        CHECK(text(s.on_response_complete(at_ms(5001))) == "close");
    }
}

// S-1: "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore
// that expectation." S-2: "A server MUST NOT send a 1xx response to an HTTP/1.0 client."
TEST_CASE("T-S-5: an HTTP/1.0 request with Expect gets no 100 and no 1xx at all",
          "[rfc9110-15.2][T-S-5]") {
    const request_facts h10 = test::head(
        "PUT", {{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0);
    eager_server eager;
    CHECK(text(eager.on_request_head(h10, at_ms(0))) == "");
    CHECK(eager.continue_state() == continue_status::not_owed);
    CHECK(text(eager.on_body_read(at_ms(1))) == "");
    CHECK(text(eager.on_body_bytes(10, at_ms(2))) == "");
    CHECK(text(eager.on_body_end(at_ms(2))) == "");
    // A 1.0 client's connection closes after the response (RFC 9112 §9.3).
    CHECK(text(eager.on_final_response(200, at_ms(3))) == "add_close");

    // Not even a 417 for an unknown expectation: expectations mean nothing on 1.0.
    basic_server<presets::node_server<clock_type>> node;
    const request_facts foo10 =
        test::head("PUT", {{"Content-Length", "10"}, {"Expect", "foo"}}, http_version::http_1_0);
    CHECK(text(node.on_request_head(foo10, at_ms(0))) == "");
}

// S-5: "A server MAY omit sending a 100 ... if ... the message framing indicates that the
// request content is empty." C-1 forbids the client to send it; the server simply answers.
TEST_CASE("T-S-6: Expect without content gets no 100 and is answered", "[rfc9110-10.1.1][T-S-6]") {
    for (const request_facts& h :
         {test::head("GET", {{"Expect", "100-continue"}}),
          test::head("PUT", {{"Content-Length", "0"}, {"Expect", "100-continue"}})}) {
        eager_server s;
        CHECK(text(s.on_request_head(h, at_ms(0))) == "");
        CHECK(s.state() == server_state::received);
        CHECK_FALSE(s.continue_owed());
        CHECK(text(s.accept(at_ms(1))) == "");
        CHECK(text(s.on_final_response(200, at_ms(1))) == "");
        CHECK(text(s.on_response_complete(at_ms(2))) == "");
        CHECK(s.state() == server_state::idle);
    }
}

// S-15 [D]: content that arrives before any 100 is that request's content: never a new
// request, never 501 (the outage's balancer did exactly that).
TEST_CASE("T-S-7: body bytes before the 100 are content - the 100 is skipped - never 501",
          "[rfc9110-10.1.1][T-S-7]") {
    lazy_server s;
    CHECK(text(s.on_request_head(test::expect_put(10), at_ms(0))) == "");
    CHECK(text(s.on_body_bytes(3, at_ms(5000))) == "");  // the client's timer ran out
    CHECK(s.continue_state() == continue_status::skipped);
    CHECK(s.state() == server_state::deciding);
    CHECK(text(s.on_body_read(at_ms(5001))) == "");  // no late 100
    CHECK(text(s.on_body_bytes(7, at_ms(5002))) == "");
    CHECK(text(s.on_body_end(at_ms(5002))) == "");
    CHECK(s.body_bytes_received() == 10);
    CHECK(text(s.on_final_response(200, at_ms(5003))) == "");
}

// S-6: after a 100, a final status follows once the content is processed; G-18: exactly one.
TEST_CASE("T-S-8: 100 sent and body received: exactly one final status", "[rfc9110-15][T-S-8]") {
    rfc_server s;
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.accept(at_ms(0))) == "send_continue");
    CHECK(text(s.on_body_bytes(10, at_ms(1))) == "");
    CHECK(text(s.on_body_end(at_ms(1))) == "");
    CHECK(text(s.on_final_response(201, at_ms(2))) == "");
    CHECK(text(s.on_final_response(500, at_ms(2))) == "!second_final_response");
    CHECK(s.state() == server_state::responding);  // the refused event changed nothing
    CHECK(text(s.on_response_complete(at_ms(3))) == "");
    CHECK(s.state() == server_state::idle);
}

// S-6: "... unless the connection is closed prematurely".
TEST_CASE("T-S-9: the client disconnects mid-body after the 100: no final owed - no crash",
          "[rfc9110-10.1.1][T-S-9]") {
    rfc_server s;
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.accept(at_ms(0))) == "send_continue");
    CHECK(text(s.on_body_bytes(4, at_ms(1))) == "");
    CHECK(text(s.on_peer_closed(at_ms(2))) == "close");
    CHECK(s.state() == server_state::closed);
    CHECK(s.next_deadline() == clock_type::time_point::max());
    CHECK(text(s.on_final_response(200, at_ms(3))) == "!event_out_of_order");
    CHECK(text(s.on_peer_closed(at_ms(4))) == "");
    CHECK(text(s.on_timer(at_ms(100000))) == "");
}

// S-11: "A server that receives an Expect field value containing a member other than
// 100-continue MAY respond with a 417 (Expectation Failed)".
TEST_CASE("T-S-10: Expect: foo is 417 under a strict preset - processed under a lenient one",
          "[rfc9110-10.1.1][T-S-10]") {
    const request_facts foo = test::head("PUT", {{"Content-Length", "10"}, {"Expect", "foo"}});
    basic_server<presets::node_server<clock_type>> strict;
    CHECK(text(strict.on_request_head(foo, at_ms(0))) == "send_final(417) discard_body(10)");
    CHECK(strict.state() == server_state::responding_early);
    basic_server<presets::go_server<clock_type>> go;  // Go closes after its 417
    CHECK(text(go.on_request_head(foo, at_ms(0))) == "add_close send_final(417)");

    rfc_server lenient;
    CHECK(text(lenient.on_request_head(foo, at_ms(0))) == "");
    CHECK(lenient.state() == server_state::deciding);
    CHECK_FALSE(lenient.continue_owed());

    // Without content the 417 completes the exchange.
    basic_server<presets::node_server<clock_type>> bodyless;
    CHECK(text(bodyless.on_request_head(test::head("GET", {{"Expect", "foo"}}), at_ms(0))) ==
          "send_final(417)");
    CHECK(bodyless.state() == server_state::responding);
}

TEST_CASE("T-S-11: Expect: foo - 100-continue is 417 or 100 per preset",
          "[rfc9110-10.1.1][T-S-11]") {
    const request_facts both =
        test::head("PUT", {{"Content-Length", "10"}, {"Expect", "foo, 100-continue"}});
    basic_server<presets::httpd_server<clock_type>> strict;
    CHECK(text(strict.on_request_head(both, at_ms(0))) == "add_close send_final(417)");
    CHECK_FALSE(strict.continue_owed());
    eager_server lenient;
    CHECK(text(lenient.on_request_head(both, at_ms(0))) == "send_continue");
}

// S-13: "If a server receives both an Upgrade and an Expect header field with the
// "100-continue" expectation, the server MUST send a 100 (Continue) response before sending
// a 101 (Switching Protocols) response." (RFC 9110 §7.8)
TEST_CASE("T-S-12: Upgrade with Expect: the 100 goes out before the 101", "[rfc9110-7.8][T-S-12]") {
    const request_facts up = test::head("POST", {{"Content-Length", "10"},
                                                 {"Expect", "100-continue"},
                                                 {"Upgrade", "websocket"},
                                                 {"Connection", "upgrade"}});
    REQUIRE(up.upgrade == upgrade_intent::requested);
    rfc_server s;
    CHECK(text(s.on_request_head(up, at_ms(0))) == "");
    CHECK(text(s.on_final_response(101, at_ms(1))) == "!upgrade_before_request_body");
    CHECK(text(s.accept(at_ms(1))) == "send_continue");
    CHECK(text(s.on_body_bytes(10, at_ms(2))) == "");
    CHECK(text(s.on_body_end(at_ms(2))) == "");
    CHECK(text(s.on_final_response(101, at_ms(3))) == "");
}

// G-17, S-10: a 100 carries no CL/TE and never Connection: close; persistence is decided on the
// final response only.
TEST_CASE("T-S-13: the step that sends the 100 never asks for Connection: close",
          "[rfc9112-9.3][T-S-13]") {
    const request_facts closing = test::head(
        "PUT", {{"Content-Length", "10"}, {"Expect", "100-continue"}, {"Connection", "close"}});
    eager_server s;
    const auto first = s.on_request_head(closing, at_ms(0));
    CHECK(text(first) == "send_continue");
    CHECK_FALSE(first.actions.contains(server_action::add_close));
    CHECK(text(s.on_body_bytes(10, at_ms(1))) == "");
    CHECK(text(s.on_body_end(at_ms(1))) == "");
    CHECK(text(s.on_final_response(200, at_ms(2))) == "add_close");  // on the final one
    CHECK(text(s.on_response_complete(at_ms(3))) == "close");
}

TEST_CASE("T-S-14: at most one 100 per request - never after the final status",
          "[rfc9110-15.2.1][T-S-14]") {
    eager_server s;
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "send_continue");
    CHECK(text(s.accept(at_ms(1))) == "");
    CHECK(text(s.on_body_read(at_ms(2))) == "");

    lazy_server late;
    CHECK(text(late.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(late.on_final_response(200, at_ms(1))) == "add_close");
    CHECK(late.continue_state() == continue_status::skipped);
    CHECK(text(late.on_body_read(at_ms(2))) == "!event_out_of_order");  // golang#53808's panic
}

// S-16: "A server that receives an incomplete request message ... MAY send an error response
// prior to closing the connection." (RFC 9112 §8)
TEST_CASE("T-S-15: a client stalled mid-body: nothing at t-1 - 408 and close at t",
          "[rfc9112-8][T-S-15]") {
    rfc_server s;  // 30 s body stall timeout, 408
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.accept(at_ms(0))) == "send_continue");
    CHECK(s.next_deadline() == at_ms(30000));
    CHECK(text(s.on_body_bytes(4, at_ms(10000))) == "");
    CHECK(s.next_deadline() == at_ms(40000));  // progress restarts the clock
    CHECK(text(s.on_timer(at_ms(39999))) == "");
    CHECK(s.state() == server_state::receiving);
    CHECK(text(s.on_timer(at_ms(40000))) == "add_close send_final(408) close");
    CHECK(s.state() == server_state::closed);

    basic_server<presets::go_server<clock_type>> go;  // no read deadline by default
    CHECK(text(go.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(go.on_body_read(at_ms(0))) == "send_continue");
    CHECK(go.next_deadline() == clock_type::time_point::max());
}

// S-12: "A server MUST NOT apply a request to the target resource until it receives the entire
// request header section" — a second Expect line counts.
TEST_CASE("T-S-16: Expect in the second of two header lines is honoured", "[rfc9110-5.3][T-S-16]") {
    const request_facts two =
        test::head("PUT", {{"Expect", ""}, {"Content-Length", "10"}, {"Expect", "100-continue"}});
    eager_server s;
    CHECK(text(s.on_request_head(two, at_ms(0))) == "send_continue");
}

namespace {
struct unsolicited_traits : presets::exchange_origin<clock_type> {
    static constexpr unsolicited_continue unsolicited = unsolicited_continue::http11_put_and_post;
};
}  // namespace

// S-14: RFC 2616 §8.2.3 allowed a 100 to an HTTP/1.1 PUT or POST without Expect (RFC 2068
// compatibility). Off by default.
TEST_CASE("T-S-17: the unsolicited 100 is off by default - when on - only HTTP/1.1 PUT and POST",
          "[rfc2616-8.2.3][T-S-17]") {
    const request_facts put = test::head("PUT", {{"Content-Length", "10"}});
    const request_facts patch = test::head("PATCH", {{"Content-Length", "10"}});
    const request_facts put10 =
        test::head("PUT", {{"Content-Length", "10"}}, http_version::http_1_0);
    const request_facts empty = test::head("POST", {{"Content-Length", "0"}});

    eager_server off;
    CHECK(text(off.on_request_head(put, at_ms(0))) == "");
    basic_server<unsolicited_traits> on;
    CHECK(text(on.on_request_head(put, at_ms(0))) == "send_continue");
    for (const request_facts& h : {patch, put10, empty}) {
        basic_server<unsolicited_traits> no;
        CHECK(text(no.on_request_head(h, at_ms(0))) == "");
    }
}

// G-9, smuggling shapes: a head the facts call invalid is answered 400 and the connection
// closes; nothing of it is processed.
TEST_CASE("an invalid head is answered with its status and closed", "[rfc9112-6.3]") {
    rfc_server s;
    const auto st = s.on_request_head(
        test::head("POST", {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}), at_ms(0));
    CHECK(text(st) == "add_close send_final(400) close !content_length_with_transfer_encoding");
    CHECK(st.origin == error_origin::remote);
    CHECK(s.state() == server_state::closed);

    rfc_server m;
    CHECK(text(m.on_request_head(
              test::head("PUT", {{"Content-Length", "5"}, {"Expect", "100-continue;x=1"}}),
              at_ms(0))) == "add_close send_final(400) close !malformed_expectation");
    basic_server<presets::nginx_server<clock_type>> ignoring;
    CHECK(text(ignoring.on_request_head(
              test::head("PUT", {{"Content-Length", "5"}, {"Expect", "100-continue;x=1"}}),
              at_ms(0))) == "");
}

TEST_CASE("events out of order are refused and change nothing", "[server]") {
    rfc_server s;
    CHECK(text(s.accept(at_ms(0))) == "!event_out_of_order");
    CHECK(text(s.on_body_bytes(1, at_ms(0))) == "!event_out_of_order");
    CHECK(text(s.on_response_complete(at_ms(0))) == "!event_out_of_order");
    CHECK(text(s.on_final_response(200, at_ms(0))) == "!event_out_of_order");
    CHECK(s.state() == server_state::idle);
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.on_final_response(100, at_ms(0))) == "!event_out_of_order");  // not final
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "!event_out_of_order");
    CHECK(s.state() == server_state::deciding);
    CHECK(s.continue_owed());
}

TEST_CASE("the trace records each transition with its time", "[server][trace]") {
    basic_server<presets::rfc9110_server<clock_type>, recording_trace<clock_type::time_point, 8>> s;
    CHECK(text(s.on_request_head(test::expect_put(), at_ms(0))) == "");
    CHECK(text(s.accept(at_ms(2))) == "send_continue");
    CHECK(text(s.on_body_bytes(10, at_ms(3))) == "");
    REQUIRE(s.trace().size() == 3);
    CHECK(s.trace()[1].at == at_ms(2));
    CHECK(s.trace()[1].from == static_cast<std::uint8_t>(server_state::deciding));
    CHECK(s.trace()[1].to == static_cast<std::uint8_t>(server_state::receiving));
    CHECK(s.trace()[2].value == 10);
    static_assert(sizeof(basic_server<presets::rfc9110_server<clock_type>>) <= 64,
                  "issue 3's budget: at most 64 bytes per machine with the null trace");
}
