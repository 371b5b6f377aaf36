// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// detail::machine_core, the one place where every role machine checks an event against its
// table, moves, traces and faults (detail/machine_core.hpp); and what the machines write into
// the trace's reason byte, which the explainers read (trace.hpp, explain.hpp).
#include "../support/machine.hpp"

#include <expect100/explain.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <expect100/detail/machine_core.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;
using trace_type = recording_trace<clock_type::time_point, 16>;

namespace {

// A three-state toy role: idle -go-> open -stop-> closed; closed absorbs tick.
enum class toy_state : std::uint8_t { idle, open, closed };
enum class toy_event : std::uint8_t { go, stop, tick };
using toy_edge = detail::edge<toy_state, toy_event>;
constexpr toy_edge toy_edges[] = {
    {toy_state::idle, toy_event::go, toy_state::open},
    {toy_state::open, toy_event::stop, toy_state::closed},
    {toy_state::closed, toy_event::tick, toy_state::closed},
};
constexpr auto toy_index = detail::make_index<3, 3>(toy_edges);
using toy_rows = detail::indexed_table<toy_state, toy_event, toy_index>;
using toy_core = detail::machine_core<toy_rows, client_action, trace_type>;

}  // namespace

TEST_CASE("machine_core: an event with no row is refused as the caller's and changes nothing",
          "[machine_core][error-model]") {
    toy_core core;
    toy_core::step done;
    CHECK_FALSE(core.admit(toy_event::stop, at_ms(1), done));
    CHECK(done.code() == errc::event_out_of_order);
    CHECK(done.origin == error_origin::local);
    CHECK(done.actions.empty());
    CHECK(core.state() == toy_state::idle);
    CHECK(core.trace().size() == 0);
    toy_core::step second;
    CHECK_FALSE(core.admit(toy_event::stop, at_ms(1), second, errc::second_final_response));
    CHECK(second.code() == errc::second_final_response);  // the handler names the fault
}

TEST_CASE("machine_core: a legal event lets the handler go on, and commit moves and traces",
          "[machine_core][trace]") {
    toy_core core;
    toy_core::step s;
    CHECK(core.admit(toy_event::go, at_ms(1), s));
    CHECK(s.ok());
    core.commit(s, toy_event::go, toy_state::open, at_ms(1), 42, trace_reason::own_continue);
    CHECK(s.ok());
    CHECK(core.state() == toy_state::open);
    REQUIRE(core.trace().size() == 1);
    const auto& e = core.trace()[0];
    CHECK(e.at == at_ms(1));
    CHECK(e.from == static_cast<std::uint8_t>(toy_state::idle));
    CHECK(e.to == static_cast<std::uint8_t>(toy_state::open));
    CHECK(e.event == static_cast<std::uint8_t>(toy_event::go));
    CHECK(e.value == 42);
    CHECK(e.reason == trace_reason::own_continue);
}

TEST_CASE("machine_core: in closed, an event the table absorbs is traced and answers nothing",
          "[machine_core][trace]") {
    toy_core core;
    toy_core::step s;
    core.commit(s, toy_event::go, toy_state::open, at_ms(1), 0);
    core.commit(s, toy_event::stop, toy_state::closed, at_ms(2), 0);
    toy_core::step done;
    CHECK_FALSE(core.admit(toy_event::tick, at_ms(3), done));
    CHECK(done.ok());
    CHECK(done.actions.empty());
    REQUIRE(core.trace().size() == 3);
    CHECK(core.trace()[2].from == static_cast<std::uint8_t>(toy_state::closed));
    CHECK(core.trace()[2].event == static_cast<std::uint8_t>(toy_event::tick));
    // An event closed does not absorb is still refused.
    toy_core::step refused;
    CHECK_FALSE(core.admit(toy_event::go, at_ms(4), refused));
    CHECK(refused.code() == errc::event_out_of_order);
}

TEST_CASE("machine_core: a move the table lacks is expect100's bug: closed, traced, internal",
          "[machine_core][error-model]") {
    toy_core core;
    toy_core::step s;
    core.commit(s, toy_event::go, toy_state::closed, at_ms(1), 0);  // no such row
    CHECK(s.code() == errc::internal_transition);
    CHECK(s.origin == error_origin::internal);
    REQUIRE(s.actions.size() == 1);
    CHECK(s.actions[0].kind() == client_action::close);
    CHECK(core.state() == toy_state::closed);
    REQUIRE(core.trace().size() == 1);
    CHECK(core.trace()[0].reason == trace_reason::internal_fault);
}

TEST_CASE(
    "the machines trace the events they absorb once closed (no early return around "
    "the table)",
    "[machine_core][trace][server]") {
    basic_server<presets::rfc9110_server<clock_type>, trace_type> s;
    (void)s.on_peer_closed(at_ms(1));
    const std::size_t before = s.trace().size();
    CHECK(s.on_body_bytes(10, at_ms(2)).actions.empty());
    REQUIRE(s.trace().size() == before + 1);
    CHECK(s.trace()[before].event == static_cast<std::uint8_t>(server_event::body_bytes));
    CHECK(s.trace()[before].to == static_cast<std::uint8_t>(server_state::closed));
}

TEST_CASE(
    "the intermediary writes why into its trace: relayed, withheld, own and repeated "
    "100s",
    "[trace][intermediary][explain]") {
    const auto reasons = [](const auto& p) {
        std::vector<trace_reason> out;
        for (std::size_t i = 0; i < p.trace().size(); ++i) {
            if (p.trace()[i].reason != trace_reason::none) out.push_back(p.trace()[i].reason);
        }
        return out;
    };
    const std::vector<test::field> no_body{{"Content-Length", "0"}};
    const auto final_417 =
        analyze_response_head(417, http_version::http_1_1, no_body, request_method::put);
    SECTION("relayed") {
        basic_intermediary<presets::rfc9110_intermediary<clock_type>, trace_type> p;
        (void)p.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
        (void)p.on_upstream_head_sent(at_ms(0));
        (void)p.on_upstream_interim(100, at_ms(1));
        CHECK(reasons(p) == std::vector<trace_reason>{trace_reason::continue_relayed});
    }
    SECTION("withheld: the outage's balancer") {
        basic_intermediary<presets::kemp_rfc2616_strict<clock_type>, trace_type> p;
        (void)p.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
        (void)p.on_upstream_head_sent(at_ms(0));
        (void)p.on_upstream_interim(100, at_ms(1));
        CHECK(reasons(p) == std::vector<trace_reason>{trace_reason::continue_withheld});
        CHECK(p.upstream_continue_withheld());
    }
    SECTION("our own after the grace, then the origin's 100 is swallowed") {
        basic_intermediary<presets::rfc9110_intermediary<clock_type>, trace_type> p;
        (void)p.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
        (void)p.on_upstream_head_sent(at_ms(0));
        CHECK(test::text(p.on_timer(p.next_deadline())) == "send_continue");
        (void)p.on_upstream_interim(100, at_ms(400));
        CHECK(reasons(p) == std::vector<trace_reason>{trace_reason::own_continue});
        CHECK(std::string(explain_intermediary(p.trace(), "rfc9110_intermediary").view())
                  .find("sent its own 100") != std::string::npos);
    }
    SECTION("a 417 to the forwarded Expect: repeated without it (T-P-18), and explained") {
        basic_intermediary<presets::rfc9110_intermediary<clock_type>, trace_type> p;
        (void)p.on_request_head(test::expect_put(4096), next_hop_version::unknown, at_ms(0));
        (void)p.on_upstream_head_sent(at_ms(0));
        (void)p.on_upstream_final(final_417, at_ms(1));
        CHECK(reasons(p) == std::vector<trace_reason>{trace_reason::repeated_without_expect});
        CHECK(std::string(explain_intermediary(p.trace(), "rfc9110_intermediary").view()) ==
              "the origin refused the forwarded Expect with 417, so the intermediary sent the "
              "head again without it and a 100 of its own to the client (preset "
              "rfc9110_intermediary); no final response yet");
    }
}
