// The intermediary (docs/requirements.md, P-1..P-16): one test per T-P line, on the machine in
// virtual time (the whole-chain ones are in tests/scenarios/outage.cpp and the matrix,
// tests/scenarios/matrix/).
// RFC 9110 §10.1.1, §15.2, §3.7, §9.2.2; RFC 9112 §2.3, §9.3.
#include "../support/chain.hpp"
#include "../support/machine.hpp"

#include <expect100/explain.hpp>
#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace expect100;
using test::at_ms;
using test::text;
using clock_type = test::virtual_clock;

using rfc_proxy = basic_intermediary<presets::rfc9110_intermediary<clock_type>>;

namespace {

constexpr next_hop_version unknown_hop = next_hop_version::unknown;

response_facts final_response(unsigned status, bool close = false) {
    std::vector<test::field> f{{"Content-Length", "0"}};
    if (close) f.push_back({"Connection", "close"});
    return analyze_response_head(status, http_version::http_1_1, f, request_method::put);
}

}  // namespace

// P-1: "a proxy MUST, if it receives a request with a 100-continue expectation ... forward the
// request" without waiting for the content; G-21: Expect is end-to-end.
TEST_CASE("T-P-1: a head with Expect goes upstream at once with Expect unchanged",
          "[rfc9110-10.1.1][T-P-1]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(p.state() == intermediary_state::awaiting_continue);
    CHECK(p.continue_state() == downstream_continue::owed);
    // Unknown members travel unchanged too (P-6 under RFC 9110).
    rfc_proxy q;
    CHECK(text(q.on_request_head(
              test::head("PUT", {{"Content-Length", "5"}, {"Expect", "foo, 100-continue"}}),
              unknown_hop, at_ms(0))) == "forward_head@up");
}

// P-4: "A proxy MUST forward 1xx responses unless the proxy itself requested the generation of
// the 1xx response."
TEST_CASE("T-P-2: the origin's 100 is relayed at once", "[rfc9110-15.2][T-P-2]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_upstream_head_sent(at_ms(1))) == "");
    CHECK(text(p.on_upstream_interim(100, at_ms(3))) == "relay_interim(100) forward_body@up");
    CHECK(p.continue_state() == downstream_continue::relayed);
    CHECK(p.state() == intermediary_state::streaming_body);
}

// P-12 [D]: content sent before (or without) any 100 is accepted and forwarded: never 501.
TEST_CASE("T-P-3: a body after the client's wait is forwarded, never answered 501",
          "[rfc9110-10.1.1][T-P-3]") {
    basic_intermediary<presets::passthrough_proxy<clock_type>> p;  // no grace: the client waits
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(p.on_body_bytes(10, at_ms(5000))) == "forward_body@up");
    CHECK(text(p.on_body_end(at_ms(5000))) == "");
    CHECK(text(p.on_upstream_final(final_response(200), at_ms(5010))) == "relay_final(200)");
}

TEST_CASE(
    "T-P-4: a body sent at once goes upstream before the origin's 100, which is then "
    "not relayed",
    "[rfc9110-10.1.1][T-P-4]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_body_bytes(10, at_ms(0))) == "forward_body@up");
    CHECK(p.continue_state() == downstream_continue::skipped);
    CHECK(text(p.on_upstream_interim(100, at_ms(2))) == "");  // the client needs it no more
    CHECK(text(p.on_body_end(at_ms(2))) == "");
}

// S-7, C-10 on both sides of the proxy: relay the early rejection, stop the body upstream, and
// never let the unsent body be read as the next request downstream.
TEST_CASE("T-P-5: an early 401 with close is relayed and the body stops", "[rfc9112-9.3][T-P-5]") {
    SECTION("before any body: the client is asked to close (T-P-17)") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(10), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_final(final_response(401, true), at_ms(2))) ==
              "add_close relay_final(401)");
        CHECK(text(p.on_response_complete(at_ms(3))) == "close@up close");
    }
    SECTION("before any body, with a preset that discards: the declared body is dropped") {
        basic_intermediary<presets::haproxy<clock_type>> p;
        CHECK(text(p.on_request_head(test::expect_put(10), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_final(final_response(401, true), at_ms(2))) ==
              "relay_final(401) discard_body(10)");
        CHECK(text(p.on_response_complete(at_ms(3))) == "close@up");  // the origin closes
        CHECK(p.state() == intermediary_state::draining);
        CHECK(text(p.on_body_bytes(10, at_ms(4))) == "");
        CHECK(text(p.on_body_end(at_ms(4))) == "");
        CHECK(p.state() == intermediary_state::idle);
    }
    SECTION("mid-body: forwarding stops; a large remainder closes the client connection") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(10000000), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_interim(100, at_ms(2))) == "relay_interim(100) forward_body@up");
        CHECK(text(p.on_body_bytes(1000, at_ms(3))) == "");
        CHECK(text(p.on_upstream_final(final_response(413, true), at_ms(4))) ==
              "stop_body@up add_close relay_final(413)");
        CHECK(text(p.on_response_complete(at_ms(5))) == "close@up close");
    }
}

// RFC 9112 §9.3 wants an announced body sent or the connection closed; RFC 9110 §10.1.1 lets a
// server that answered early either read the body or close. A client that got an early final
// before sending any body byte may repeat the request on the same connection without that body
// (curl 7.88 does after a 417). A proxy that then reads the announced body would take the retry
// for it. So the RFC 9110 intermediary closes when no body byte has come, and reads and drops a
// body already flowing (within caps), which costs a client in step nothing (T-P-17; S-7, S-8).
TEST_CASE("T-P-17: an early final before any body byte closes - a body already flowing is dropped",
          "[rfc9112-9.3][rfc9110-10.1.1][T-P-17]") {
    SECTION("no body byte yet: Connection: close on the relayed 401, then close") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
        CHECK(text(p.on_upstream_final(final_response(401), at_ms(1))) ==
              "add_close relay_final(401)");
        CHECK(p.state() == intermediary_state::relaying_response);
        // The origin kept its connection and got no body: it is not reusable either.
        CHECK(text(p.on_response_complete(at_ms(2))) == "close@up close");
        CHECK(p.state() == intermediary_state::closed);
    }
    SECTION("the body already flowing: kept in step, the rest read and dropped") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
        CHECK(text(p.on_body_bytes(1000, at_ms(1))) == "forward_body@up");
        CHECK(text(p.on_upstream_final(final_response(413), at_ms(2))) ==
              "stop_body@up relay_final(413) discard_body(3096)");
        CHECK(text(p.on_response_complete(at_ms(3))) == "close@up");
        CHECK(text(p.on_body_bytes(3096, at_ms(4))) == "");
        CHECK(text(p.on_body_end(at_ms(4))) == "");
        CHECK(p.state() == intermediary_state::idle);  // the next request may come
    }
    SECTION("the presets of HAProxy, Traffic Server and Squid keep reading the announced body") {
        const auto check = [](auto proxy) {
            CHECK(text(proxy.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
                  "forward_head@up");
            CHECK(text(proxy.on_upstream_head_sent(at_ms(0))) == "");
            CHECK(text(proxy.on_upstream_final(final_response(417), at_ms(1))) ==
                  "relay_final(417) discard_body(4096)");
        };
        check(basic_intermediary<presets::haproxy<clock_type>>{});
        check(basic_intermediary<presets::traffic_server_forward<clock_type>>{});
        check(basic_intermediary<presets::squid<clock_type>>{});
    }
}

// RFC 9110 §10.1.1: "A client that receives a 417 (Expectation Failed) status code in response
// to a request containing a 100-continue expectation SHOULD repeat that request without a
// 100-continue expectation, since the 417 response merely indicates that the response chain does
// not support expectations". Upstream the intermediary is that client. Downstream it may answer
// the 100 itself, as P-2 lets it toward an HTTP/1.0 hop. So while no body byte went up, the RFC
// 9110 intermediary repeats the head without Expect on a new connection and the client never sees
// the 417 (curl 7.88 would send its retry without the announced body; Go, .NET and Java clients
// do not retry at all).
TEST_CASE("T-P-18: an upstream 417 before any body is repeated upstream without Expect",
          "[rfc9110-10.1.1][rfc9110-15.5.18][T-P-18]") {
    SECTION("the client still waits: our own 100, a new upstream connection, the body streams") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(1))) ==
              "close@up send_continue forward_head_without_expect@up forward_body@up");
        CHECK(p.state() == intermediary_state::streaming_body);
        CHECK(p.continue_state() == downstream_continue::own);
        CHECK(text(p.on_upstream_head_sent(at_ms(2))) == "");
        CHECK(p.next_deadline() == at_ms(2) + std::chrono::seconds(60));  // the upstream timeout
        CHECK(text(p.on_body_bytes(4096, at_ms(3))) == "");
        CHECK(text(p.on_body_end(at_ms(3))) == "");
        CHECK(text(p.on_upstream_final(final_response(200), at_ms(4))) == "relay_final(200)");
        CHECK(text(p.on_response_complete(at_ms(5))) == "");
        CHECK(p.state() == intermediary_state::idle);
    }
    SECTION("after our grace 100 the body is on its way: no second 100") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
        CHECK(text(p.on_timer(at_ms(250))) == "send_continue");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(300))) ==
              "close@up forward_head_without_expect@up forward_body@up");
    }
    SECTION("once only: a 417 to the repeat is relayed") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(1))) ==
              "close@up send_continue forward_head_without_expect@up forward_body@up");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(2))) ==
              "stop_body@up relay_final(417) discard_body(4096)");
    }
    SECTION("body bytes already went up: relayed (they cannot be sent again)") {
        rfc_proxy p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_body_bytes(10, at_ms(1))) == "forward_body@up");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(2))) ==
              "stop_body@up relay_final(417) discard_body(4086)");
    }
    SECTION("a 417 to an Expect the proxy added itself is not repeated (httpd's ping)") {
        basic_intermediary<presets::httpd_proxy_ping<clock_type>> p;
        CHECK(text(p.on_request_head(test::head("PUT", {{"Content-Length", "10"}}), unknown_hop,
                                     at_ms(0))) == "forward_head_adding_expect@up hold_body");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(1))) ==
              "relay_final(417) discard_body(10)");
    }
    SECTION("the HAProxy preset relays it, as HAProxy does") {
        basic_intermediary<presets::haproxy<clock_type>> p;
        CHECK(text(p.on_request_head(test::expect_put(4096), unknown_hop, at_ms(0))) ==
              "forward_head@up");
        CHECK(text(p.on_upstream_final(final_response(417), at_ms(1))) ==
              "relay_final(417) discard_body(4096)");
    }
}

// RFC 9112 §7.1: a chunked body ends with its last chunk, not with a length; the proxy learns of
// it from the caller (on_body_end) while it streams.
TEST_CASE("a chunked body relayed after the origin's 100 ends on the caller's body_end",
          "[rfc9112-7.1][intermediary]") {
    rfc_proxy p;
    const request_facts chunked =
        test::head("PUT", {{"Transfer-Encoding", "chunked"}, {"Expect", "100-continue"}});
    CHECK(text(p.on_request_head(chunked, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(p.on_upstream_interim(100, at_ms(1))) == "relay_interim(100) forward_body@up");
    CHECK(p.state() == intermediary_state::streaming_body);
    CHECK(text(p.on_body_bytes(4096, at_ms(2))) == "");
    CHECK(text(p.on_body_bytes(4096, at_ms(3))) == "");
    CHECK(p.state() == intermediary_state::streaming_body);
    CHECK(text(p.on_body_end(at_ms(4))) == "");
    CHECK(p.state() == intermediary_state::awaiting_response);
    CHECK(text(p.on_upstream_final(final_response(201), at_ms(5))) == "relay_final(201)");
    CHECK(text(p.on_response_complete(at_ms(6))) == "");
    CHECK(p.state() == intermediary_state::idle);

    // The client did not wait (C-3): the whole chunked body goes before the origin's 100 (P-12).
    rfc_proxy q;
    CHECK(text(q.on_request_head(chunked, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(q.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(q.on_body_bytes(4096, at_ms(1))) == "forward_body@up");
    CHECK(text(q.on_body_end(at_ms(2))) == "");
    CHECK(q.state() == intermediary_state::awaiting_response);
    CHECK(text(q.on_upstream_interim(100, at_ms(3))) == "");  // T-P-4: needed no more
    CHECK(text(q.on_upstream_final(final_response(201), at_ms(4))) == "relay_final(201)");
}

namespace {
// A probing proxy (httpd's ping, P-4) that holds a body arriving early instead of forwarding it.
struct probing_holder : presets::httpd_proxy_ping<clock_type> {
    static constexpr early_body_action early_body = early_body_action::hold_until_continue;
};
}  // namespace

TEST_CASE("a body that comes while the proxy's own probe is out is held until the probe's 100",
          "[rfc9110-10.1.1][intermediary][T-P-7]") {
    basic_intermediary<probing_holder> p;
    const request_facts plain = test::head("PUT", {{"Content-Length", "10"}});
    CHECK(text(p.on_request_head(plain, unknown_hop, at_ms(0))) == "forward_head_adding_expect@up");
    CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(p.on_body_bytes(4, at_ms(1))) == "hold_body");  // once
    CHECK(text(p.on_body_bytes(6, at_ms(2))) == "");
    CHECK(text(p.on_upstream_interim(100, at_ms(3))) == "forward_body@up");  // not relayed (P-4)
}

// P-2 (RFC 9110): "if the proxy believes (from configuration or past interaction) that the next
// inbound server only supports HTTP/1.0, the proxy MAY generate an immediate 100"; RFC 2616
// §8.2.3 required 417 instead.
TEST_CASE("T-P-6: toward a known HTTP/1.0 hop: our own 100 (9110) or 417 (2616)",
          "[rfc9110-10.1.1][T-P-6]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), next_hop_version::http_1_0, at_ms(0))) ==
          "send_continue forward_head_without_expect@up forward_body@up");
    CHECK(p.continue_state() == downstream_continue::own);

    basic_intermediary<presets::rfc2616_proxy<clock_type>> old;
    CHECK(text(old.on_request_head(test::expect_put(10), next_hop_version::http_1_0, at_ms(0))) ==
          "send_final(417) discard_body(10)");
    CHECK(old.state() == intermediary_state::relaying_response);
}

// P-4's exception: a 100 the proxy asked for itself is not relayed (httpd's ping).
TEST_CASE("T-P-7: a 100 to an Expect the proxy added is not relayed", "[rfc9110-15.2][T-P-7]") {
    basic_intermediary<presets::httpd_proxy_ping<clock_type>> p;
    const request_facts plain = test::head("PUT", {{"Content-Length", "10"}});
    CHECK(text(p.on_request_head(plain, unknown_hop, at_ms(0))) ==
          "forward_head_adding_expect@up hold_body");
    CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(p.on_body_bytes(10, at_ms(1))) == "");                        // held for the probe
    CHECK(text(p.on_upstream_interim(100, at_ms(2))) == "forward_body@up");  // not relayed
    SECTION("no answer to the probe within the ping timeout: 503") {
        basic_intermediary<presets::httpd_proxy_ping<clock_type>> q;
        CHECK(text(q.on_request_head(plain, unknown_hop, at_ms(0))) ==
              "forward_head_adding_expect@up hold_body");
        CHECK(text(q.on_upstream_head_sent(at_ms(0))) == "");
        CHECK(text(q.on_timer(at_ms(999))) == "");
        CHECK(text(q.on_timer(at_ms(1000))) == "close@up add_close send_final(503)");
    }
}

// P-5, P-8, P-13: an HTTP/1.0 client's Expect is not honoured, no 1xx reaches it, and its
// connection does not persist.
TEST_CASE("T-P-8: an HTTP/1.0 client with Expect: dropped upstream, no 1xx, no persistence",
          "[rfc9110-15.2][T-P-8]") {
    rfc_proxy p;
    const request_facts h10 = test::head(
        "PUT", {{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0);
    CHECK(text(p.on_request_head(h10, unknown_hop, at_ms(0))) ==
          "forward_head_without_expect@up forward_body@up");
    CHECK(text(p.on_upstream_interim(100, at_ms(1))) == "");
    CHECK(text(p.on_upstream_interim(103, at_ms(1))) == "");
    CHECK(text(p.on_body_bytes(10, at_ms(2))) == "");
    CHECK(text(p.on_body_end(at_ms(2))) == "");
    CHECK(text(p.on_upstream_final(final_response(200), at_ms(3))) == "add_close relay_final(200)");
    CHECK(text(p.on_response_complete(at_ms(4))) == "close");
}

// P-6: RFC 9110 says nothing of unknown expectations at a proxy; RFC 2616 §14.20 said 417.
TEST_CASE("T-P-9: an unknown expectation is forwarded (9110) or answered 417 (2616)",
          "[rfc9110-10.1.1][T-P-9]") {
    const request_facts foo = test::head("PUT", {{"Content-Length", "10"}, {"Expect", "foo"}});
    rfc_proxy p;
    CHECK(text(p.on_request_head(foo, unknown_hop, at_ms(0))) == "forward_head@up forward_body@up");
    basic_intermediary<presets::rfc2616_proxy<clock_type>> old;
    CHECK(text(old.on_request_head(foo, unknown_hop, at_ms(0))) ==
          "send_final(417) discard_body(10)");
}

// P-1: "... respond with a final status code, if the method, target URI, and header fields
// decide it" — without contacting the next hop.
TEST_CASE("T-P-10: a policy rejection at header time never contacts the origin",
          "[rfc9110-10.1.1][T-P-10]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(10), unknown_hop, at_ms(0), local_answer{413})) ==
          "add_close send_final(413)");  // no body byte came: close (T-P-17)
    CHECK(p.continue_state() == downstream_continue::skipped);
    CHECK(text(p.on_response_complete(at_ms(1))) == "close");  // nothing upstream to close
}

// P-9: "A proxy MUST NOT automatically retry non-idempotent requests."
TEST_CASE(
    "T-P-11: the origin fails after the head of a POST: 502, or 504 when silent, and no "
    "retry",
    "[rfc9110-9.2.2][T-P-11]") {
    const request_facts post =
        test::head("POST", {{"Content-Length", "10"}, {"Expect", "100-continue"}});
    rfc_proxy p;
    CHECK(text(p.on_request_head(post, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_upstream_failed(at_ms(5))) == "add_close send_final(502)");
    for (const auto& a : p.on_response_complete(at_ms(6)).actions) {
        CHECK(a.kind() != intermediary_action::forward_head);  // never sent again
    }

    rfc_proxy q;
    CHECK(text(q.on_request_head(post, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(q.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(q.on_timer(at_ms(250))) == "send_continue");  // the grace 100
    CHECK(text(q.on_timer(at_ms(59999))) == "");
    CHECK(text(q.on_timer(at_ms(60000))) == "close@up add_close send_final(504)");

    // A timeout from configuration replaces the preset's 60 s for the next exchanges.
    rfc_proxy r;
    r.set_upstream_timeout(std::chrono::milliseconds(2000));
    CHECK(r.upstream_timeout() == std::chrono::milliseconds(2000));
    CHECK(text(r.on_request_head(post, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(r.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(r.on_timer(at_ms(250))) == "send_continue");
    CHECK(text(r.on_timer(at_ms(1999))) == "");
    CHECK(text(r.on_timer(at_ms(2000))) == "close@up add_close send_final(504)");
    r.set_upstream_timeout(std::chrono::milliseconds(-5));
    CHECK(r.upstream_timeout() == std::chrono::milliseconds(0));
}

TEST_CASE("T-P-11: the trace of a 502 or a 504 says which it was",
          "[rfc9110-9.2.2][T-P-11][trace]") {
    using traced = basic_intermediary<presets::rfc9110_intermediary<clock_type>,
                                      recording_trace<clock_type::time_point, 16>>;
    const request_facts post =
        test::head("POST", {{"Content-Length", "10"}, {"Expect", "100-continue"}});
    traced failed;
    CHECK(text(failed.on_request_head(post, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(failed.on_upstream_failed(at_ms(5))) == "add_close send_final(502)");
    const std::string why_502(explain_intermediary(failed.trace(), "rfc9110_intermediary").view());
    CHECK(why_502.find("the connection to the origin failed and the intermediary answered 502") !=
          std::string::npos);

    traced silent;
    silent.set_upstream_timeout(std::chrono::milliseconds(2000));
    CHECK(text(silent.on_request_head(post, unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(silent.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(text(silent.on_timer(at_ms(250))) == "send_continue");
    CHECK(text(silent.on_timer(at_ms(2000))) == "close@up add_close send_final(504)");
    const std::string why_504(explain_intermediary(silent.trace(), "rfc9110_intermediary").view());
    CHECK(why_504.find("the origin stayed silent and the intermediary answered 504") !=
          std::string::npos);
    CHECK(why_504.find("its own 100") != std::string::npos);  // the grace 100 came first
}

TEST_CASE("T-P-12: several 100s from upstream are each relayed (or coalesced by option)",
          "[rfc9110-15.2][T-P-12]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_upstream_interim(100, at_ms(1))) == "relay_interim(100) forward_body@up");
    CHECK(text(p.on_upstream_interim(100, at_ms(2))) == "relay_interim(100)");

    basic_intermediary<presets::envoy_proxy_100<clock_type>> first_only;  // Envoy: first 1xx
    CHECK(text(first_only.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) ==
          "forward_head@up");
    CHECK(text(first_only.on_upstream_interim(103, at_ms(1))) == "relay_interim(103)");
    CHECK(text(first_only.on_upstream_interim(103, at_ms(1))) == "");
}

// G-16, G-17: a 1xx has no content; what is relayed is a status only, so CL/TE on the
// origin's 100 never reach the client (the writer builds a clean 100).
TEST_CASE("T-P-13: an upstream 100 carrying CL or TE is relayed as a bare status",
          "[rfc9112-6.3][T-P-13]") {
    const response_facts dirty = analyze_response_head(
        100, http_version::http_1_1,
        std::vector<test::field>{{"Content-Length", "10"}, {"Transfer-Encoding", "chunked"}},
        request_method::put);
    CHECK(dirty.framing == body_framing::none);
    CHECK(dirty.interim_framing == interim_framing_fields::present);
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    const auto s = p.on_upstream_interim(dirty.status, at_ms(1));
    REQUIRE(s.actions.size() == 2);
    CHECK(s.actions[0] ==
          intermediary_action_value::relay(intermediary_action::relay_interim, 100));
    CHECK_FALSE(
        s.actions.contains(intermediary_action::add_close));  // nor a close (S-10); the writer
    // (beast::make_interim, tests/beast/facts.cpp) emits a bare status line
}

// P-7: "Intermediaries ... MUST send their own HTTP-version in forwarded messages". The machine
// never copies the client's version: an HTTP/1.0 client's request goes upstream as the
// proxy's own HTTP/1.1 (the chain kit does what an adapter does; issue 5's Beast adapter
// must too).
TEST_CASE("T-P-14: forwarded requests carry the proxy's own version", "[rfc9112-2.3][T-P-14]") {
    test::chain_options o;
    o.client_version = http_version::http_1_0;
    test::chain<presets::curl_client<clock_type>, presets::rfc9110_intermediary<clock_type>,
                presets::rfc9110_server<clock_type>>
        net(o);
    client_request r;
    r.method = request_method::put;
    r.content_length = 4U * 1024U * 1024U;
    net.run(r);
    CHECK(net.final_status() == 200);
    CHECK_FALSE(net.origin_saw_expect());  // P-13: dropped for the 1.0 client
    CHECK(net.interims_at_client().empty());
}

// P-11: a gateway is an origin toward its client: an immediate 100 of its own.
TEST_CASE("T-P-15: a gateway sends its own 100 at once and no Expect upstream and no duplicate 100",
          "[rfc9110-3.7][T-P-15]") {
    basic_intermediary<presets::gateway_self_100<clock_type>> g;
    CHECK(text(g.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) ==
          "send_continue forward_head_without_expect@up forward_body@up");
    CHECK(text(g.on_upstream_interim(100, at_ms(1))) == "");  // not duplicated
    CHECK(g.continue_state() == downstream_continue::own);
}

TEST_CASE(
    "the grace 100: our own after the grace, the origin's later 100 swallowed, its early "
    "rejection still relayed",
    "[intermediary][grace]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(10), unknown_hop, at_ms(0))) ==
          "forward_head@up");
    CHECK(text(p.on_upstream_head_sent(at_ms(0))) == "");
    CHECK(p.next_deadline() == at_ms(250));
    CHECK(text(p.on_timer(at_ms(249))) == "");
    CHECK(text(p.on_timer(at_ms(250))) == "send_continue");
    CHECK(text(p.on_upstream_interim(100, at_ms(400))) == "forward_body@up");  // swallowed
    CHECK(text(p.on_upstream_final(final_response(413), at_ms(401))) ==
          "stop_body@up relay_final(413) discard_body(10)");
}

TEST_CASE("intermediary events out of order are refused and change nothing", "[intermediary]") {
    rfc_proxy p;
    CHECK(text(p.on_body_end(at_ms(0))) == "!event_out_of_order");
    CHECK(text(p.on_upstream_final(final_response(200), at_ms(0))) == "!event_out_of_order");
    CHECK(text(p.on_response_complete(at_ms(0))) == "!event_out_of_order");
    CHECK(p.state() == intermediary_state::idle);
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) ==
          "!event_out_of_order");
    CHECK(text(p.on_upstream_interim(101, at_ms(0))) == "!event_out_of_order");
    CHECK(p.state() == intermediary_state::awaiting_continue);
    const auto bad = p.on_body_bytes(11, at_ms(1));
    CHECK(text(bad) == "!body_beyond_framing");
    static_assert(sizeof(basic_intermediary<presets::rfc9110_intermediary<clock_type>>) <= 128,
                  "issue 4's budget: at most 128 bytes with the null trace");
}

TEST_CASE("a smuggling-shaped head never goes upstream", "[intermediary][smuggling]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(
              test::head("POST", {{"Content-Length", "5"}, {"Content-Length", "6"}}), unknown_hop,
              at_ms(0))) == "add_close send_final(400) close !conflicting_content_length");
}

TEST_CASE("the client closing mid-exchange closes upstream, between exchanges it does not",
          "[intermediary]") {
    rfc_proxy p;
    CHECK(text(p.on_request_head(test::expect_put(), unknown_hop, at_ms(0))) == "forward_head@up");
    CHECK(text(p.on_downstream_closed(at_ms(1))) == "close@up close");

    rfc_proxy q;
    CHECK(text(q.on_request_head(test::head("GET", {}), unknown_hop, at_ms(0))) ==
          "forward_head@up");
    CHECK(text(q.on_upstream_final(final_response(200), at_ms(1))) == "relay_final(200)");
    CHECK(text(q.on_response_complete(at_ms(2))) == "");  // the upstream connection is reusable
    CHECK(q.state() == intermediary_state::idle);
    CHECK(text(q.on_downstream_closed(at_ms(3))) == "close");
}
