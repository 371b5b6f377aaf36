// The client's side (docs/requirements.md, C-1..C-15): one test per T-C line, in virtual time.
// RFC 9110 §10.1.1 (Expect), §15.2 (1xx), §7.5, §9.2.2; RFC 9112 §9.2, §9.3, §9.5, §9.6.
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/explain.hpp>
#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace expect100;
using test::at_ms;
using test::text;
using clock_type = test::virtual_clock;

using rfc_client = basic_client<presets::rfc9110_client<clock_type>>;
using curl = basic_client<presets::curl_client<clock_type>>;
using office365 = basic_client<presets::office365_client<clock_type>>;

namespace {

client_request put(std::uint64_t length = 2U * 1024U * 1024U) {
    client_request r;
    r.method = request_method::put;
    r.content_length = length;
    return r;
}

client_request post(std::uint64_t length = 2U * 1024U * 1024U) {
    client_request r = put(length);
    r.method = request_method::post;
    return r;
}

response_facts response(unsigned status,
                        std::vector<test::field> fields = {{"Content-Length", "0"}},
                        http_version v = http_version::http_1_1) {
    return analyze_response_head(status, v, fields, request_method::put);
}

response_facts closing(unsigned status) {
    return response(status, {{"Content-Length", "0"}, {"Connection", "close"}});
}

struct x00 : presets::curl_client<clock_type> {
    static constexpr body_release release = body_release::on_100_or_unrecognised;
};

struct end_early : presets::curl_client<clock_type> {
    static constexpr client_early_final after_early_final = client_early_final::end_chunked_early;
};

}  // namespace

// C-1: "A client MUST NOT generate a 100-continue expectation in a request that does not
// include content."
TEST_CASE("T-C-1: a request without content never carries Expect", "[rfc9110-10.1.1][T-C-1]") {
    client_request none;
    none.framing = body_framing::none;
    client_request zero = put(0);
    for (const client_request& r : {none, zero}) {
        basic_client<presets::botocore_client<clock_type>> always;  // Expect on everything else
        CHECK(text(always.start_request(r, at_ms(0))) == "send_head");
        CHECK(text(always.on_head_sent(at_ms(1))) == "");
        CHECK(always.state() == client_state::awaiting_response);
        CHECK(always.expect_state() == expect_status::not_sent);
    }
    SECTION("the threshold: small bodies go without Expect, large and unknown ones with it") {
        curl small;
        CHECK(text(small.start_request(put(1000), at_ms(0))) == "send_head");
        curl large;
        CHECK(text(large.start_request(put(1024U * 1024U), at_ms(0))) == "send_head_with_expect");
        client_request chunked;
        chunked.framing = body_framing::chunked;
        curl unknown;
        CHECK(text(unknown.start_request(chunked, at_ms(0))) == "send_head_with_expect");
    }
}

// C-2, C-8: a client that sent Expect holds the body until the 100, then sends it once.
TEST_CASE("T-C-2: a 100 releases the body once - right after it", "[rfc9110-15.2.1][T-C-2]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(1))) == "");
    CHECK(c.state() == client_state::awaiting_continue);
    CHECK(text(c.on_interim_response(100, at_ms(3))) == "send_body");
    CHECK(c.expect_state() == expect_status::continued);
    CHECK(c.next_deadline() == clock_type::time_point::max());
    CHECK(text(c.on_body_sent(at_ms(10))) == "");
    CHECK(text(c.on_final_response(response(201), at_ms(12))) == "");
    CHECK(text(c.on_response_complete(at_ms(12))) == "");
    CHECK(c.state() == client_state::idle);  // reusable
}

// C-3: "the client MAY send the content without waiting"; C-4: "SHOULD NOT wait for an
// indefinite period". The wait is counted from the head being flushed (gap 4).
TEST_CASE("T-C-3: no response: the body goes when the finite wait runs out (t-1 - t)",
          "[rfc9110-10.1.1][T-C-3]") {
    SECTION("curl: 1 s after the head is out, not after start_request") {
        curl c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(c.next_deadline() == clock_type::time_point::max());  // head still queued
        CHECK(text(c.on_head_sent(at_ms(200))) == "");
        CHECK(c.next_deadline() == at_ms(1200));
        CHECK(text(c.on_timer(at_ms(1199))) == "");
        CHECK(c.state() == client_state::awaiting_continue);
        CHECK(text(c.on_timer(at_ms(1200))) == "send_body");
        CHECK(c.expect_state() == expect_status::timed_out);
    }
    SECTION("the outage's client: 5 s") {
        office365 c;
        CHECK(text(c.start_request(post(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_timer(at_ms(4999))) == "");
        CHECK(text(c.on_timer(at_ms(5000))) == "send_body");
    }
    SECTION(".NET Framework: 350 ms") {
        basic_client<presets::dotnet_framework_client<clock_type>> c;
        CHECK(text(c.start_request(post(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(c.next_deadline() == at_ms(350));
    }
    SECTION("adaptive: 4 round trips, clamped, learned from the 100s seen") {
        rfc_client c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(c.next_deadline() == at_ms(1000));  // before any sample
        CHECK(text(c.on_interim_response(100, at_ms(40))) == "send_body");
        CHECK(text(c.on_body_sent(at_ms(50))) == "");
        CHECK(text(c.on_final_response(response(200), at_ms(60))) == "");
        CHECK(text(c.on_response_complete(at_ms(60))) == "");
        CHECK(text(c.start_request(put(), at_ms(100))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(100))) == "");
        CHECK(c.next_deadline() == at_ms(100 + 160));  // 4 x 40 ms
    }
    SECTION("a wait that is infinite in a faulty preset never arms a deadline") {
        basic_client<presets::beast_snippet_client<clock_type>> c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(c.next_deadline() == clock_type::time_point::max());
    }
}

// C-10: "A client sending a message body SHOULD monitor the network connection for an error
// response ... If the client sees a response that indicates the server does not wish to
// receive the message body and is closing the connection, the client SHOULD immediately cease
// transmitting the body and close its side of the connection." (RFC 9112 §9.5)
TEST_CASE(
    "T-C-4: a final 401/413/3xx with close before the body: body not sent - connection "
    "closed - response surfaced",
    "[rfc9112-9.5][T-C-4]") {
    for (unsigned status : {401U, 413U, 303U}) {
        rfc_client c;  // keep_sending, but not toward a closing server
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_final_response(closing(status), at_ms(5))) == "skip_body");
        CHECK(c.expect_state() == expect_status::answered);
        CHECK(c.state() == client_state::reading_response);
        CHECK(text(c.on_response_complete(at_ms(6))) == "close");
    }
}

// C-12 [D]: after an early final response without close, the connection is usable only if
// the full announced body is sent; otherwise it must close.
TEST_CASE(
    "T-C-5: an early final without close: the full body before reuse - or close - never "
    "reused half-sent",
    "[rfc9112-9.3][T-C-5]") {
    SECTION("keep sending (RFC preset, Go)") {
        rfc_client c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_final_response(response(401), at_ms(5))) == "send_body");
        CHECK(c.state() == client_state::finishing_body);
        CHECK(text(c.on_response_complete(at_ms(6))) == "");  // read while still sending
        CHECK(text(c.on_body_sent(at_ms(50))) == "");
        CHECK(c.state() == client_state::idle);  // reusable: framing intact
    }
    SECTION("stop and close (curl)") {
        curl c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_final_response(response(401), at_ms(5))) == "skip_body");
        CHECK(text(c.on_response_complete(at_ms(6))) == "close");
        CHECK(c.state() == client_state::closed);
    }
}

// C-5: "A client that receives a 417 ... in response to a request containing a 100-continue
// expectation SHOULD repeat that request without a 100-continue expectation"; C-14: never
// retry a retry.
TEST_CASE("T-C-6: 417 is retried once without Expect if the body is replayable - never twice",
          "[rfc9110-10.1.1][T-C-6]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_final_response(response(417), at_ms(3))) == "skip_body");
    CHECK(text(c.on_response_complete(at_ms(4))) == "close retry_without_expect");

    client_request retry = put();
    retry.attempt = request_attempt::retry_without_expect;
    curl second;
    CHECK(text(second.start_request(retry, at_ms(5))) == "send_head");  // never Expect again
    CHECK(text(second.on_head_sent(at_ms(5))) == "send_body");

    client_request retried_with_expect = put();
    retried_with_expect.attempt = request_attempt::retry_after_close;
    curl third;
    CHECK(text(third.start_request(retried_with_expect, at_ms(0))) == "send_head_with_expect");
    CHECK(text(third.on_head_sent(at_ms(0))) == "");
    CHECK(text(third.on_final_response(response(417), at_ms(3))) == "skip_body");
    CHECK(text(third.on_response_complete(at_ms(4))) == "close");  // no second retry

    client_request stream = put();
    stream.replay = body_replay::one_shot;
    curl once;
    CHECK(text(once.start_request(stream, at_ms(0))) == "send_head_with_expect");
    CHECK(text(once.on_head_sent(at_ms(0))) == "");
    CHECK(text(once.on_final_response(response(417), at_ms(3))) == "skip_body");
    CHECK(text(once.on_response_complete(at_ms(4))) == "close");  // cannot be replayed
}

// C-6: "A client MUST be able to parse one or more 1xx responses received prior to a final
// response, even if the client does not expect one."
TEST_CASE("T-C-7: two 100s then the final: the body is sent once", "[rfc9110-15.2][T-C-7]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_interim_response(100, at_ms(1))) == "send_body");
    CHECK(text(c.on_interim_response(100, at_ms(2))) == "");
    CHECK(text(c.on_body_sent(at_ms(3))) == "");
    CHECK(text(c.on_interim_response(100, at_ms(4))) == "");
    CHECK(text(c.on_final_response(response(200), at_ms(5))) == "");
}

// C-8: a 100 to a request whose body already went (after the timer) is dropped.
TEST_CASE("T-C-8: a 100 after the timer released the body is ignored", "[rfc9110-15.2.1][T-C-8]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_timer(at_ms(1000))) == "send_body");
    CHECK(text(c.on_interim_response(100, at_ms(1001))) == "");
    CHECK(c.expect_state() == expect_status::timed_out);
}

TEST_CASE("T-C-9: a 103 or 102 before the 100 is parsed and the wait goes on",
          "[rfc9110-15.2][T-C-9]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_interim_response(103, at_ms(1))) == "");
    CHECK(text(c.on_interim_response(102, at_ms(2))) == "");
    CHECK(c.state() == client_state::awaiting_continue);
    CHECK(c.next_deadline() == at_ms(1000));  // the deadline is not moved by other 1xx
    CHECK(text(c.on_interim_response(100, at_ms(3))) == "send_body");

    basic_client<presets::botocore_client<clock_type>> boto;  // the faulty reading, on purpose
    CHECK(text(boto.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(boto.on_head_sent(at_ms(0))) == "");
    CHECK(text(boto.on_interim_response(103, at_ms(1))) == "skip_body close");
    CHECK(boto.state() == client_state::closed);
}

// G-20: "a client MUST treat an unrecognized status code as being equivalent to the x00 status
// code of that class"; docs/requirements.md ("Choices", point 1) takes only 100 as the release.
TEST_CASE("T-C-10: an unrecognised 150 is a 100 under the x00 policy - ignored by default",
          "[rfc9110-15][T-C-10]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_interim_response(150, at_ms(1))) == "");

    basic_client<x00> x;
    CHECK(text(x.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(x.on_head_sent(at_ms(0))) == "");
    CHECK(text(x.on_interim_response(103, at_ms(1))) == "");  // recognised: not a 100
    CHECK(text(x.on_interim_response(150, at_ms(2))) == "send_body");
}

// G-16: a 1xx ends at its header section whatever CL/TE say; the machine takes only the
// status, and the facts say there is no content to read.
TEST_CASE("T-C-11: a 100 with Content-Length or Transfer-Encoding carries no body",
          "[rfc9112-6.3][T-C-11]") {
    for (const char* name : {"Content-Length", "Transfer-Encoding"}) {
        const response_facts r = analyze_response_head(
            100, http_version::http_1_1,
            std::vector<test::field>{{name, name[0] == 'C' ? "10" : "chunked"}},
            request_method::put);
        CHECK(r.framing == body_framing::none);
        CHECK(r.interim_framing == interim_framing_fields::present);
        curl c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_interim_response(r.status, at_ms(1))) == "send_body");
    }
}

// docs/requirements.md ("Choices", point 4): persistence is decided by the final response only.
TEST_CASE("T-C-12: a 100 carrying Connection: close does not close - the final decides",
          "[rfc9112-9.3][T-C-12]") {
    const response_facts hundred = analyze_response_head(
        100, http_version::http_1_1, std::vector<test::field>{{"Connection", "close"}},
        request_method::put);
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_interim_response(hundred.status, at_ms(1))) == "send_body");
    CHECK(text(c.on_body_sent(at_ms(2))) == "");
    CHECK(text(c.on_final_response(response(200), at_ms(3))) == "");
    CHECK(text(c.on_response_complete(at_ms(3))) == "");
    CHECK(c.state() == client_state::idle);
}

// C-9: "A client that receives a response while it is still sending ... SHOULD continue
// sending ... unless the response indicates the server is closing" (RFC 9110 §7.5); C-10.
TEST_CASE("T-C-13: a final response mid-body: keep sending without close - stop with close",
          "[rfc9110-7.5][T-C-13]") {
    SECTION("without close: keep sending") {
        rfc_client c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_interim_response(100, at_ms(1))) == "send_body");
        CHECK(text(c.on_final_response(response(200), at_ms(2))) == "");
        CHECK(c.state() == client_state::finishing_body);
        CHECK(text(c.on_body_sent(at_ms(3))) == "");
        CHECK(c.state() == client_state::reading_response);
        CHECK(text(c.on_response_complete(at_ms(4))) == "");
        CHECK(c.state() == client_state::idle);
    }
    SECTION("with close: stop at once and close") {
        rfc_client c;
        CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_interim_response(100, at_ms(1))) == "send_body");
        CHECK(text(c.on_final_response(closing(413), at_ms(2))) == "stop_body");
        CHECK(text(c.on_response_complete(at_ms(3))) == "close");
    }
}

// G-19: "A client that receives ... data on a connection with no outstanding requests ...
// MUST NOT consider it a response" and SHOULD close (RFC 9112 §9.2).
TEST_CASE("T-C-14: a stray 100 after the final with nothing outstanding closes the connection",
          "[rfc9112-9.2][T-C-14]") {
    curl c;
    CHECK(text(c.start_request(put(10), at_ms(0))) == "send_head");
    CHECK(text(c.on_head_sent(at_ms(0))) == "send_body");
    CHECK(text(c.on_body_sent(at_ms(1))) == "");
    CHECK(text(c.on_final_response(response(200), at_ms(2))) == "");
    CHECK(text(c.on_interim_response(100, at_ms(3))) == "close !interim_after_final");
    CHECK(c.state() == client_state::closed);

    curl idle;
    const auto st = idle.on_interim_response(100, at_ms(0));
    CHECK(text(st) == "close !response_without_request");
    CHECK(st.origin == error_origin::remote);
}

// S-13 seen from the client: the 100, the whole body, then the 101.
TEST_CASE("T-C-15: Expect with Upgrade waits for the 100 - sends the body - then takes the 101",
          "[rfc9110-7.8][T-C-15]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_final_response(response(101), at_ms(1))) ==
          "close !premature_switching_protocols");

    curl ok;
    CHECK(text(ok.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(ok.on_head_sent(at_ms(0))) == "");
    CHECK(text(ok.on_interim_response(100, at_ms(1))) == "send_body");
    CHECK(text(ok.on_body_sent(at_ms(2))) == "");
    CHECK(text(ok.on_final_response(response(101, {{"Upgrade", "websocket"}}), at_ms(3))) == "");
    CHECK(ok.state() == client_state::switched);
}

// C-14: automatic retry only when safe (idempotent), never a retry of a retry.
TEST_CASE("T-C-16: the connection closes after the head: POST not retried - PUT may be",
          "[rfc9110-9.2.2][T-C-16]") {
    rfc_client p;
    CHECK(text(p.start_request(post(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(p.on_head_sent(at_ms(0))) == "");
    CHECK(text(p.on_peer_closed(at_ms(10))) == "close");

    rfc_client u;
    CHECK(text(u.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(u.on_head_sent(at_ms(0))) == "");
    CHECK(text(u.on_peer_closed(at_ms(10))) == "close retry_request");

    client_request again = put();
    again.attempt = request_attempt::retry_after_close;
    rfc_client r;
    CHECK(text(r.start_request(again, at_ms(20))) == "send_head_with_expect");
    CHECK(text(r.on_peer_closed(at_ms(30))) == "close");  // never a second retry
}

// C-4 narrowed by RFC 2616 and P-3: remember an HTTP/1.0 next hop, and do not wait on it.
TEST_CASE("T-C-17: an origin seen speaking HTTP/1.0 is not sent Expect again (remembered)",
          "[rfc9110-10.1.1][T-C-17]") {
    using learner = basic_client<presets::dotnet_framework_client<clock_type>>;
    origin_cache<clock_type, 4> cache(std::chrono::hours(1));
    learner first;
    CHECK(text(first.start_request(post(), at_ms(0), cache.recall(7, at_ms(0)))) ==
          "send_head_with_expect");
    CHECK(text(first.on_head_sent(at_ms(0))) == "");
    CHECK(text(first.on_timer(at_ms(350))) == "send_body");
    CHECK(text(first.on_body_sent(at_ms(400))) == "");
    CHECK(text(first.on_final_response(
              response(200, {{"Content-Length", "0"}}, http_version::http_1_0), at_ms(410))) == "");
    CHECK(first.origin().has(origin_fact::http_1_0_hop));
    CHECK(first.origin().has(origin_fact::never_continues));
    cache.remember(7, first.origin(), at_ms(410));
    CHECK(cache.recall(7, at_ms(500)) == first.origin());

    learner second;
    CHECK(text(second.start_request(post(), at_ms(600), cache.recall(7, at_ms(600)))) ==
          "send_head");
    CHECK(text(second.on_head_sent(at_ms(600))) == "send_body");  // no wait at all

    // Forgotten after an hour: the origin may have been upgraded.
    learner later;
    const auto hour = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::hours(1));
    CHECK(text(later.start_request(post(), at_ms(hour.count() + 500),
                                   cache.recall(7, at_ms(hour.count() + 500)))) ==
          "send_head_with_expect");

    // Another origin is unaffected.
    learner other;
    CHECK(text(other.start_request(post(), at_ms(700), cache.recall(8, at_ms(700)))) ==
          "send_head_with_expect");
}

// The per-origin memory is passed by value and stored back by key: while one exchange runs,
// other lookups may recycle the slot its origin had (a full cache), and what the exchange
// learns must still land on its own origin, never on the slot's new owner. (The first design
// kept a pointer to the slot for the whole exchange: with one slot and a second lookup, origin
// 8 was recorded as never sending a 100 for what origin 7 did.)
TEST_CASE("what one exchange learns is stored for its own origin, even when its slot was reused",
          "[client][origin_cache]") {
    using learner = basic_client<presets::dotnet_framework_client<clock_type>>;
    origin_cache<clock_type, 1> cache(std::chrono::hours(1));
    learner toward_7;
    CHECK(text(toward_7.start_request(post(), at_ms(0), cache.recall(7, at_ms(0)))) ==
          "send_head_with_expect");
    // Meanwhile origin 8 is served and remembered: it takes the only slot.
    origin_facts eight;
    eight.add(origin_fact::sends_continue);
    cache.remember(8, eight, at_ms(1));
    // Origin 7 completes without a 100.
    CHECK(text(toward_7.on_head_sent(at_ms(0))) == "");
    CHECK(text(toward_7.on_timer(at_ms(350))) == "send_body");
    CHECK(text(toward_7.on_body_sent(at_ms(400))) == "");
    CHECK(text(toward_7.on_final_response(response(200, {{"Content-Length", "0"}}), at_ms(410))) ==
          "");
    CHECK(toward_7.origin().has(origin_fact::never_continues));
    CHECK(cache.recall(8, at_ms(420)) == eight);  // untouched until 7 is stored
    cache.remember(7, toward_7.origin(), at_ms(420));
    CHECK(cache.recall(7, at_ms(430)).has(origin_fact::never_continues));
    CHECK(cache.recall(8, at_ms(430)).empty());  // evicted, never given 7's facts
    // The next request to 8 is still sent Expect.
    learner toward_8;
    CHECK(text(toward_8.start_request(post(), at_ms(440), cache.recall(8, at_ms(440)))) ==
          "send_head_with_expect");
}

TEST_CASE("origin_cache: recall, remember, forget after the time, evict the oldest",
          "[client][origin_cache]") {
    origin_cache<clock_type, 2> cache(std::chrono::seconds(10));
    origin_facts f;
    f.add(origin_fact::answers_417);
    CHECK(cache.recall(1, at_ms(0)).empty());
    cache.remember(0, f, at_ms(0));  // key 0 is no origin
    CHECK(cache.recall(0, at_ms(0)).empty());
    cache.remember(1, origin_facts{}, at_ms(0));  // nothing known: no slot taken
    cache.remember(1, f, at_ms(0));
    CHECK(cache.recall(1, at_ms(9999)) == f);
    CHECK(cache.recall(1, at_ms(10000)).empty());  // forgotten
    cache.remember(2, f, at_ms(1000));
    cache.remember(3, f, at_ms(2000));  // full: replaces 1, learned longest ago
    CHECK(cache.recall(1, at_ms(2000)).empty());
    CHECK(cache.recall(2, at_ms(2000)) == f);
    CHECK(cache.recall(3, at_ms(2000)) == f);
    cache.remember(2, f, at_ms(5000));  // unchanged: the time of learning stays
    CHECK(cache.recall(2, at_ms(11000)).empty());
}

// RFC 2616 §8.2.2 allowed ending a chunked body early with a zero-size chunk; RFC 9112 is
// silent (docs/requirements.md, "Choices" point 5): an opt-in policy.
TEST_CASE("T-C-18: a chunked body after an early final without close: end it early - or close",
          "[rfc2616-8.2.2][T-C-18]") {
    client_request chunked;
    chunked.method = request_method::put;
    chunked.framing = body_framing::chunked;

    basic_client<end_early> c;
    CHECK(text(c.start_request(chunked, at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_head_sent(at_ms(0))) == "");
    CHECK(text(c.on_final_response(response(403), at_ms(1))) == "end_chunked_body");
    CHECK(text(c.on_response_complete(at_ms(2))) == "");
    CHECK(c.state() == client_state::idle);  // the connection is kept

    curl closes;  // the default: stop and close
    CHECK(text(closes.start_request(chunked, at_ms(0))) == "send_head_with_expect");
    CHECK(text(closes.on_head_sent(at_ms(0))) == "");
    CHECK(text(closes.on_final_response(response(403), at_ms(1))) == "skip_body");
    CHECK(text(closes.on_response_complete(at_ms(2))) == "close");

    basic_client<end_early> sized;  // a Content-Length body cannot end early: close
    CHECK(text(sized.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(sized.on_head_sent(at_ms(0))) == "");
    CHECK(text(sized.on_final_response(response(403), at_ms(1))) == "skip_body");

    basic_client<end_early> mid_body;  // the final comes while the chunks are going out
    CHECK(text(mid_body.start_request(chunked, at_ms(0))) == "send_head_with_expect");
    CHECK(text(mid_body.on_head_sent(at_ms(0))) == "");
    CHECK(text(mid_body.on_interim_response(100, at_ms(1))) == "send_body");
    CHECK(text(mid_body.on_final_response(response(403), at_ms(2))) == "end_chunked_body");
    CHECK(text(mid_body.on_response_complete(at_ms(3))) == "");
    CHECK(mid_body.state() == client_state::idle);
}

namespace {
struct never_expects : presets::curl_client<clock_type> {
    static constexpr expect_use use_expect = expect_use::never;
};
struct any_1xx : presets::curl_client<clock_type> {  // h11, aiohttp (docs/peers.md)
    static constexpr body_release release = body_release::on_any_1xx;
};
struct zero_wait_client : presets::curl_client<clock_type> {
    using wait_strategy = no_wait;  // fixed_wait<0>
};
}  // namespace

// The client policies no preset happens to use, each on the one exchange that shows it.
TEST_CASE("client policies: never send Expect, any 1xx releases the body, a zero wait",
          "[rfc9110-10.1.1][client]") {
    basic_client<never_expects> never;  // C-1 allows it: Expect is only ever a MAY
    CHECK(text(never.start_request(put(), at_ms(0))) == "send_head");
    CHECK(text(never.on_head_sent(at_ms(0))) == "send_body");
    CHECK(never.expect_state() == expect_status::not_sent);

    basic_client<any_1xx> eager;  // G-20 says only a 100 (or x00) means continue; h11 reads any
    CHECK(text(eager.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(eager.on_head_sent(at_ms(0))) == "");
    CHECK(text(eager.on_interim_response(103, at_ms(1))) == "send_body");

    basic_client<zero_wait_client>
        impatient;  // C-3: the wait may be zero: head and body back to back
    CHECK(text(impatient.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(impatient.on_head_sent(at_ms(0))) == "send_body");
    CHECK(impatient.expect_state() == expect_status::timed_out);
    CHECK(text(impatient.on_interim_response(100, at_ms(1))) == "");  // late, and harmless
}

TEST_CASE("a 100 that arrives before the head is reported flushed releases the body at once",
          "[client]") {
    curl c;
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.on_interim_response(100, at_ms(1))) == "");
    CHECK(text(c.on_head_sent(at_ms(2))) == "send_body");
    CHECK(c.expect_state() == expect_status::continued);
}

TEST_CASE("client events out of order are refused and change nothing", "[client]") {
    curl c;
    CHECK(text(c.on_head_sent(at_ms(0))) == "!event_out_of_order");
    CHECK(text(c.on_body_sent(at_ms(0))) == "!event_out_of_order");
    CHECK(text(c.on_response_complete(at_ms(0))) == "!event_out_of_order");
    CHECK(c.state() == client_state::idle);
    CHECK(text(c.start_request(put(), at_ms(0))) == "send_head_with_expect");
    CHECK(text(c.start_request(put(), at_ms(0))) == "!event_out_of_order");
    CHECK(text(c.on_interim_response(200, at_ms(0))) == "!event_out_of_order");
    CHECK(c.state() == client_state::sending_head);
}

TEST_CASE("explain_client says in one sentence why an exchange stalled", "[client][trace]") {
    using traced = basic_client<presets::office365_client<clock_type>,
                                recording_trace<clock_type::time_point, 16>>;
    SECTION("the outage: a 100 that never came, then the 501") {
        traced c;
        CHECK(text(c.start_request(post(1048576), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_timer(at_ms(5000))) == "send_body");
        CHECK(text(c.on_final_response(
                  closing(501), test::t0 + std::chrono::microseconds(5000400))) == "stop_body");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "waited 5.000 s for a 100 that never came, then sent the 1 048 576-byte body; "
              "the final 501 arrived 0.4 ms later");
    }
    SECTION("a prompt 100") {
        traced c;
        CHECK(text(c.start_request(post(2048), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_interim_response(100, at_ms(2))) == "send_body");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "a 100 came 2.0 ms after the head, then the client sent the 2 048-byte body; "
              "no final response yet");
    }
    SECTION("an early rejection") {
        traced c;
        CHECK(text(c.start_request(post(100), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_final_response(closing(413), at_ms(1))) == "skip_body");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "the final 413 arrived 1.0 ms after the head, before the 100-byte body was sent");
    }
    SECTION("the server closes after the head, before any response") {
        traced c;
        CHECK(text(c.start_request(post(100), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_peer_closed(at_ms(30))) == "close");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "the server closed the connection 30.0 ms after the head, before any response");
    }
    SECTION("the server closes after the body, with no response") {
        traced c;
        CHECK(text(c.start_request(post(100), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(text(c.on_interim_response(100, at_ms(1))) == "send_body");
        CHECK(text(c.on_body_sent(at_ms(2))) == "");
        CHECK(text(c.on_peer_closed(at_ms(11))) == "close");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "a 100 came 1.0 ms after the head, then the client sent the 100-byte body; "
              "the server closed the connection 10.0 ms later with no response");
    }
    SECTION("still waiting, and nothing to explain") {
        traced c;
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "no request with Expect: 100-continue in the trace");
        CHECK(text(c.start_request(post(100), at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(0))) == "");
        CHECK(std::string(explain_client(c.trace()).view()) ==
              "waiting for a 100 since the head went out");
    }
}
