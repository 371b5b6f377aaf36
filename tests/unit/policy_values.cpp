// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Policies as values (policy.hpp): the defaults are RFC 9110's presets, a machine with run-time
// traits takes a preset's value with a field changed, and the wait strategies that make the
// grace (and a client's wait) a run-time setting or an estimate shared across connections
// (wait.hpp). That every preset behaves the same as traits and as a value is the fuzz targets'
// differential check (fuzz/*_events.cpp).
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;
using std::chrono::milliseconds;

static_assert(server_policy{} == server_policy_of<presets::rfc9110_server<>>(),
              "server_policy's defaults are RFC 9110's preset");
static_assert(client_policy{} == client_policy_of<presets::rfc9110_client<>>(),
              "client_policy's defaults are RFC 9110's preset");
static_assert(intermediary_policy{} == intermediary_policy_of<presets::rfc9110_intermediary<>>(),
              "intermediary_policy's defaults are RFC 9110's preset");
static_assert(client_policy_of<presets::curl_client<>>().wait ==
                  wait_policy{wait_kind::fixed, milliseconds(1000)},
              "a preset's wait strategy type states its value");
static_assert(sizeof(basic_server<presets::rfc9110_server<clock_type>>) <
                  sizeof(basic_server<presets::runtime_server<clock_type>>),
              "a compile-time policy takes no room in the machine");

TEST_CASE("a run-time machine takes a preset's policy with one field changed", "[policy][server]") {
    server_policy p = server_policy_of<presets::go_server<>>();
    CHECK(p.on_unknown_expectation == unknown_expectation_action::reject_417);
    p.when_continue = continue_timing::on_head;  // a flag said: answer 100 at once
    basic_server<presets::runtime_server<clock_type>> s(p);
    CHECK(s.policy() == p);
    CHECK(test::text(s.on_request_head(test::expect_put(10), at_ms(0))) == "send_continue");
    basic_server<presets::go_server<clock_type>> go;  // the preset itself waits for the read
    CHECK(test::text(go.on_request_head(test::expect_put(10), at_ms(0))) == "");
}

TEST_CASE("a client's wait and Expect use set at run time (what expect100-client's flags do)",
          "[policy][client]") {
    client_policy p = client_policy_of<presets::curl_client<>>();
    p.use_expect = expect_use::always;
    p.wait = wait_policy{wait_kind::fixed, milliseconds(300)};
    basic_client<presets::runtime_client<clock_type>> c(p);
    client_request r;
    r.content_length = 10;  // small: curl's preset would not ask
    CHECK(test::text(c.start_request(r, at_ms(0))) == "send_head_with_expect");
    CHECK(test::text(c.on_head_sent(at_ms(0))) == "");
    CHECK(c.next_deadline() == at_ms(300));
}

TEST_CASE("the intermediary's grace set at run time", "[policy][intermediary][grace]") {
    intermediary_policy p;
    p.grace = wait_policy{wait_kind::fixed, milliseconds(40)};
    basic_intermediary<presets::runtime_intermediary<clock_type>> m(p);
    (void)m.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
    (void)m.on_upstream_head_sent(at_ms(0));
    CHECK(m.next_deadline() == at_ms(40));
    CHECK(test::text(m.on_timer(at_ms(40))) == "send_continue");
    // Or changed later, for the exchanges to come (a reloaded configuration).
    m.waiting() = runtime_wait(wait_policy{wait_kind::fixed, milliseconds(70)});
    CHECK(m.waiting().policy().fixed == milliseconds(70));
}

TEST_CASE("connections to one upstream share one grace estimate", "[policy][intermediary][grace]") {
    using shared_grace = shared_wait<adaptive_wait<4, 50, 1000, 250>>;
    using traits = presets::runtime_intermediary<clock_type, shared_grace>;
    adaptive_wait<4, 50, 1000, 250> upstream_estimate;  // one per upstream, per event loop
    basic_intermediary<traits> first;
    basic_intermediary<traits> second;
    first.waiting().share(upstream_estimate);
    second.waiting().share(upstream_estimate);
    // The first connection learns the upstream's round trip: its 100 came 30 ms after the head.
    (void)first.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
    (void)first.on_upstream_head_sent(at_ms(0));
    CHECK(first.next_deadline() == at_ms(250));  // before any sample
    CHECK(test::text(first.on_upstream_interim(100, at_ms(30))) ==
          "relay_interim(100) forward_body@up");
    CHECK(upstream_estimate.samples() == 1);
    // The second connection, which has seen nothing itself, waits 4 x 30 ms.
    (void)second.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(100));
    (void)second.on_upstream_head_sent(at_ms(100));
    CHECK(second.next_deadline() == at_ms(220));
}

TEST_CASE("shared_wait before share() waits as its strategy's default and learns nothing",
          "[policy][wait]") {
    shared_wait<adaptive_wait<4, 50, 1000, 250>> unshared;
    unshared.on_continue(milliseconds(10));
    CHECK(unshared.wait_for<milliseconds>() == milliseconds(250));
}

TEST_CASE("runtime_wait: each kind, and values out of range put in order", "[policy][wait]") {
    CHECK(runtime_wait(wait_policy{wait_kind::fixed, milliseconds(-5)}).wait_for<milliseconds>() ==
          milliseconds(0));
    CHECK(runtime_wait(wait_policy{wait_kind::infinite}).wait_for<milliseconds>() ==
          (milliseconds::max)());
    runtime_wait adaptive(wait_policy{wait_kind::adaptive, milliseconds(0), 4, milliseconds(50),
                                      milliseconds(20), milliseconds(5000)});  // max < min
    CHECK(adaptive.policy().maximum == milliseconds(50));
    CHECK(adaptive.wait_for<milliseconds>() == milliseconds(50));  // initial clamped
    adaptive.on_continue(milliseconds(1));
    CHECK(adaptive.wait_for<milliseconds>() == milliseconds(50));  // 4 ms, raised to the minimum
    CHECK(adaptive.samples() == 1);
}
