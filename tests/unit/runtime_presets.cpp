// Presets by name, and machines whose preset is chosen at run time (presets::runtime_*, the
// preset's policy as a value, policy.hpp): every listed name is found and gives a machine that
// behaves exactly like the compile-time one; unknown names are refused. (The fuzz targets run the
// same comparison on every input of their corpora.)
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/explain.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;
using any_trace = recording_trace<clock_type::time_point, 48>;

namespace {

template <class List>
std::vector<std::string> names_of() {
    std::vector<std::string> out;
    presets::for_each_preset<List>([&](auto p) { out.emplace_back(decltype(p)::name); });
    return out;
}

}  // namespace

TEST_CASE("every preset is found by its name and by nothing else", "[presets][runtime]") {
    const auto servers = names_of<presets::server_presets<clock_type>>();
    const auto clients = names_of<presets::client_presets<clock_type>>();
    const auto proxies = names_of<presets::intermediary_presets<clock_type>>();
    CHECK(servers.size() == 8);
    CHECK(clients.size() == 9);
    CHECK(proxies.size() == 16);
    for (const std::string& n : proxies) {
        std::string seen;
        CHECK(presets::with_preset<presets::intermediary_presets<clock_type>>(
            n, [&](auto p) { seen = std::string(decltype(p)::name); }));
        CHECK(seen == n);
    }
    CHECK_FALSE(presets::with_preset<presets::intermediary_presets<clock_type>>(
        "kemp", [](auto) { FAIL("a prefix of a name must not match"); }));
    CHECK_FALSE(presets::with_preset<presets::server_presets<clock_type>>("", [](auto) {}));
    CHECK_FALSE(presets::with_preset<presets::client_presets<clock_type>>("haproxy", [](auto) {}));
    const auto haproxy =
        presets::policy_named<presets::intermediary_presets<clock_type>, intermediary_policy>(
            "haproxy");
    REQUIRE(haproxy.has_value());
    CHECK(*haproxy == intermediary_policy_of<presets::haproxy<clock_type>>());
    CHECK_FALSE(
        (presets::policy_named<presets::server_presets<clock_type>, server_policy>("haproxy")
             .has_value()));
}

// The same events through the interface and through the machine give the same steps.
TEST_CASE("a run-time intermediary answers like its compile-time machine (outage preset)",
          "[runtime][intermediary]") {
    using traits = presets::kemp_rfc2616_strict<clock_type>;
    const auto policy =
        presets::policy_named<presets::intermediary_presets<clock_type>, intermediary_policy>(
            "kemp_rfc2616_strict");
    REQUIRE(policy.has_value());
    basic_intermediary<presets::runtime_intermediary<clock_type>, any_trace> chosen(*policy);
    basic_intermediary<traits> direct;
    const request_facts head = test::expect_put(10);
    const auto both = [&](auto event) {
        CHECK(test::text(event(chosen)) == test::text(event(direct)));
    };
    both([&](auto& m) {
        return m.on_request_head(head, next_hop_version::unknown, at_ms(0), local_answer{});
    });
    both([&](auto& m) { return m.on_upstream_head_sent(at_ms(1)); });
    both([&](auto& m) { return m.on_upstream_interim(100, at_ms(2)); });  // withheld
    both([&](auto& m) { return m.on_body_bytes(10, at_ms(5000)); });      // the outage's 501
    CHECK(chosen.state() == direct.state());
    const std::string sentence(explain_intermediary(chosen.trace(), "kemp_rfc2616_strict").view());
    CHECK(sentence.find("withheld") != std::string::npos);
    CHECK(sentence.find("501") != std::string::npos);
}

TEST_CASE("one machine type records or not, as a flag says (trace_to)", "[runtime][trace]") {
    using machine = basic_server<presets::runtime_server<clock_type>, trace_to<any_trace>>;
    machine quiet(server_policy_of<presets::exchange_origin<>>());
    CHECK(test::text(quiet.on_request_head(test::expect_put(10), at_ms(0))) == "send_continue");
    CHECK(quiet.trace().target() == nullptr);  // nothing recorded, nowhere
    any_trace recording;
    machine traced(server_policy_of<presets::exchange_origin<>>());
    traced.trace().attach(&recording);
    (void)traced.on_request_head(test::expect_put(10), at_ms(0));
    CHECK(recording.size() == 1);
}

namespace {
struct configured_client : presets::rfc9110_client<clock_type> {
    using wait_strategy = configured_wait;
    static constexpr expect_use use_expect = expect_use::always;
};
}  // namespace

TEST_CASE("configured_wait holds the body for the time set at run time", "[wait][client]") {
    basic_client<configured_client> c;
    c.waiting().set_wait(std::chrono::milliseconds(250));
    client_request r;
    r.content_length = 10;
    (void)c.start_request(r, at_ms(0));
    (void)c.on_head_sent(at_ms(3));
    CHECK(c.next_deadline() == at_ms(253));
    c.waiting().set_wait(std::chrono::milliseconds(-5));  // clamped: no wait at all
    CHECK(c.waiting().wait_for<std::chrono::milliseconds>() == std::chrono::milliseconds(0));
}

// ---- Every preset of every role: the run-time machine answers as the preset's -----------------

namespace {

response_facts ok_response(unsigned status = 200) {
    const std::vector<test::field> fields = {{"Content-Length", "2"}};
    return analyze_response_head(status, http_version::http_1_1, fields, request_method::put);
}

// Runs `events` (each a callable taking a machine and returning a step) on both machines and
// checks each step, the state and the deadline agree after every event.
template <class Erased, class Direct, class Observe, class... Events>
void agree(Erased& erased, Direct& direct, Observe observe, Events... events) {
    int n = 0;
    const auto one = [&](auto event) {
        ++n;
        INFO("event " << n);
        CHECK(test::text(event(erased)) == test::text(event(direct)));
        CHECK(observe(erased) == observe(direct));
        CHECK(erased.next_deadline() == direct.next_deadline());
    };
    (one(events), ...);
}

}  // namespace

TEST_CASE("every run-time server preset takes every event exactly as its machine does",
          "[runtime][server]") {
    int presets_seen = 0;
    presets::for_each_preset<presets::server_presets<clock_type>>([&](auto p) {
        using traits = decltype(p);
        INFO(traits::name);
        ++presets_seen;
        basic_server<presets::runtime_server<clock_type>, any_trace> erased(
            server_policy_of<traits>());
        basic_server<traits, any_trace> direct;
        const auto observe = [](auto& m) { return std::make_pair(m.state(), m.continue_state()); };
        agree(
            erased, direct, observe,
            [](auto& m) { return m.on_request_head(test::expect_put(10), at_ms(0)); },
            [](auto& m) { return m.accept(at_ms(1)); },
            [](auto& m) { return m.on_body_read(at_ms(2)); },
            [](auto& m) { return m.on_body_bytes(4, at_ms(3)); },
            [](auto& m) { return m.on_timer(at_ms(4)); },
            [](auto& m) { return m.on_body_bytes(6, at_ms(5)); },
            [](auto& m) { return m.on_body_end(at_ms(6)); },
            [](auto& m) { return m.on_final_response(200, at_ms(7)); },
            [](auto& m) { return m.on_response_complete(at_ms(8)); },
            [](auto& m) { return m.on_peer_closed(at_ms(9)); },
            [](auto& m) { return m.on_body_end(at_ms(10)); });  // out of order: refused alike
        CHECK(erased.trace().size() == direct.trace().size());
    });
    CHECK(presets_seen == 8);
}

TEST_CASE("every run-time client preset takes every event exactly as its machine does",
          "[runtime][client]") {
    int presets_seen = 0;
    presets::for_each_preset<presets::client_presets<clock_type>>([&](auto p) {
        using traits = decltype(p);
        INFO(traits::name);
        ++presets_seen;
        basic_client<presets::runtime_client<clock_type>> erased(client_policy_of<traits>());
        basic_client<traits> direct;
        client_request r;
        r.content_length = 2U * 1024U * 1024U;
        const auto observe = [](auto& m) { return std::make_pair(m.state(), m.expect_state()); };
        agree(
            erased, direct, observe,
            [&](auto& m) { return m.start_request(r, at_ms(0), origin_facts{}); },
            [](auto& m) { return m.on_head_sent(at_ms(1)); },
            [](auto& m) { return m.on_timer(at_ms(2)); },
            [](auto& m) { return m.on_interim_response(103, at_ms(3)); },
            [](auto& m) { return m.on_interim_response(100, at_ms(4)); },
            [](auto& m) { return m.on_body_sent(at_ms(5)); },
            [](auto& m) { return m.on_final_response(ok_response(), at_ms(6)); },
            [](auto& m) { return m.on_response_complete(at_ms(7)); },
            [](auto& m) { return m.on_peer_closed(at_ms(8)); },
            [](auto& m) { return m.on_timer(at_ms(9)); });
    });
    CHECK(presets_seen == 9);
}

TEST_CASE("every run-time intermediary preset takes every event exactly as its machine does",
          "[runtime][intermediary]") {
    int presets_seen = 0;
    presets::for_each_preset<presets::intermediary_presets<clock_type>>([&](auto p) {
        using traits = decltype(p);
        INFO(traits::name);
        ++presets_seen;
        basic_intermediary<presets::runtime_intermediary<clock_type>> erased(
            intermediary_policy_of<traits>());
        basic_intermediary<traits> direct;
        const auto observe = [](auto& m) { return std::make_pair(m.state(), m.continue_state()); };
        // Two exchanges: one relayed to the end, one whose upstream fails after a timeout change.
        agree(
            erased, direct, observe,
            [](auto& m) {
                return m.on_request_head(test::expect_put(10), next_hop_version::http_1_1, at_ms(0),
                                         local_answer{});
            },
            [](auto& m) { return m.on_upstream_head_sent(at_ms(1)); },
            [](auto& m) { return m.on_timer(at_ms(2)); },
            [](auto& m) { return m.on_upstream_interim(100, at_ms(3)); },
            [](auto& m) { return m.on_body_bytes(10, at_ms(4)); },
            [](auto& m) { return m.on_body_end(at_ms(5)); },
            [](auto& m) { return m.on_upstream_final(ok_response(), at_ms(6)); },
            [](auto& m) { return m.on_response_complete(at_ms(7)); },
            [](auto& m) {
                m.set_upstream_timeout(std::chrono::milliseconds(50));
                return m.on_request_head(test::expect_put(10), next_hop_version::unknown, at_ms(10),
                                         local_answer{});
            },
            [](auto& m) { return m.on_upstream_head_sent(at_ms(11)); },
            [](auto& m) { return m.on_timer(at_ms(70)); },
            [](auto& m) { return m.on_upstream_failed(at_ms(71)); },
            [](auto& m) { return m.on_downstream_closed(at_ms(72)); });
    });
    CHECK(presets_seen == 16);
}
