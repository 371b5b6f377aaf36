// Shared scenarios run over every preset of a role (TEMPLATE_LIST_TEST_CASE), and the proof that
// a full exchange of each machine allocates nothing: global operator new is replaced in this
// test binary (tests/support/allocation_counter.hpp) and counted around the machine calls only.
#include "../support/allocation_counter.hpp"
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;

using server_presets = presets::server_presets<clock_type>;
using client_presets = presets::client_presets<clock_type>;

TEMPLATE_LIST_TEST_CASE(
    "every server preset: one Expect exchange, at most one 100, no "
    "allocation",
    "[presets][server][allocation]", server_presets) {
    const request_facts head = test::expect_put(10);  // built before counting: it is the caller's
    basic_server<TestType> s;
    std::vector<server_step> steps;
    steps.reserve(8);
    std::size_t allocations = 0;
    {
        const fuzz::counting_scope scope;
        server_step a = s.on_request_head(head, at_ms(0));
        server_step b = s.accept(at_ms(1));
        server_step c = s.on_body_read(at_ms(2));
        server_step d = s.on_body_bytes(10, at_ms(3));
        server_step e = s.on_body_end(at_ms(3));
        server_step f = s.on_final_response(200, at_ms(4));
        server_step g = s.on_response_complete(at_ms(5));
        allocations = fuzz::allocations;
        for (server_step* st : {&a, &b, &c, &d, &e, &f, &g}) {
            steps.push_back(*st);  // after the scope: vector growth is not the machine's
        }
    }
    CHECK(allocations == 0);
    unsigned continues = 0;
    for (const server_step& st : steps) {
        CHECK(st.ok());
        for (const auto& act : st.actions) {
            continues += act.kind() == server_action::send_continue ? 1U : 0U;
        }
    }
    CHECK(continues == (TestType::when_continue == continue_timing::never ? 0U : 1U));
    CHECK(s.state() == server_state::idle);
}

TEMPLATE_LIST_TEST_CASE("every server preset: no 1xx toward HTTP/1.0 (S-2)", "[presets][server]",
                        server_presets) {
    basic_server<TestType> s;
    const request_facts h10 = test::head(
        "POST", {{"Content-Length", "10"}, {"Expect", "100-continue"}}, http_version::http_1_0);
    for (const server_step& st :
         {s.on_request_head(h10, at_ms(0)), s.accept(at_ms(0)), s.on_body_read(at_ms(0))}) {
        CHECK_FALSE(st.actions.contains(server_action::send_continue));
    }
}

TEMPLATE_LIST_TEST_CASE(
    "every client preset: one exchange with a 100, no allocation, and a "
    "bodyless request never carries Expect",
    "[presets][client][allocation]", client_presets) {
    client_request r;
    r.method = request_method::put;
    r.content_length = 4U * 1024U * 1024U;
    const response_facts ok = analyze_response_head(
        200, http_version::http_1_1, std::vector<test::field>{{"Content-Length", "0"}},
        request_method::put);
    basic_client<TestType> c;
    std::size_t allocations = 0;
    std::string trail;
    {
        const fuzz::counting_scope scope;
        const client_step a = c.start_request(r, at_ms(0));
        const client_step b = c.on_head_sent(at_ms(1));
        const client_step d = c.on_interim_response(100, at_ms(3));
        const client_step e = c.on_body_sent(at_ms(4));
        const client_step f = c.on_final_response(ok, at_ms(5));
        const client_step g = c.on_response_complete(at_ms(6));
        allocations = fuzz::allocations;
        fuzz::counting = false;
        for (const client_step* st : {&a, &b, &d, &e, &f, &g}) {
            trail += test::text(*st) + "|";
        }
    }
    CHECK(allocations == 0);
    // Exactly one send_body, whichever preset: with Expect after the 100, without it at once.
    std::size_t bodies = 0;
    for (std::size_t at = trail.find("send_body"); at != std::string::npos;
         at = trail.find("send_body", at + 1)) {
        ++bodies;
    }
    CHECK(bodies == 1);
    CHECK(c.state() == client_state::idle);

    client_request none;
    none.framing = body_framing::none;
    basic_client<TestType> empty;
    CHECK(test::text(empty.start_request(none, at_ms(0))) == "send_head");
}
