// The error model stated in error.hpp and action.hpp, checked on all three machines: a local
// fault (an event the state does not allow) changes nothing and asks for nothing; a remote
// fault (the peer broke the protocol) is answered by the step's actions and closes.
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <vector>

using namespace expect100;
using test::at_ms;
using test::text;
using clock_type = test::virtual_clock;

namespace {
response_facts final_200() {
    return analyze_response_head(200, http_version::http_1_1,
                                 std::vector<test::field>{{"Content-Length", "0"}},
                                 request_method::put);
}
}  // namespace

TEST_CASE("local faults leave every machine as it was, with no action", "[error][model]") {
    basic_client<presets::rfc9110_client<clock_type>> c;
    const auto sc = c.on_body_sent(at_ms(0));
    CHECK(sc.origin == error_origin::local);
    CHECK(sc.code() == errc::event_out_of_order);
    CHECK(sc.actions.empty());
    CHECK(c.state() == client_state::idle);

    basic_server<presets::rfc9110_server<clock_type>> s;
    const auto ss = s.on_body_end(at_ms(0));
    CHECK(ss.origin == error_origin::local);
    CHECK(ss.code() == errc::event_out_of_order);
    CHECK(ss.actions.empty());
    CHECK(s.state() == server_state::idle);

    basic_intermediary<presets::rfc9110_intermediary<clock_type>> p;
    const auto sp = p.on_upstream_final(final_200(), at_ms(0));
    CHECK(sp.origin == error_origin::local);
    CHECK(sp.code() == errc::event_out_of_order);
    CHECK(sp.actions.empty());
    CHECK(p.state() == intermediary_state::idle);
}

TEST_CASE("remote faults are answered and close", "[error][model]") {
    // A client: a response with no request outstanding (G-19).
    basic_client<presets::rfc9110_client<clock_type>> c;
    const auto sc = c.on_interim_response(100, at_ms(0));
    CHECK(sc.origin == error_origin::remote);
    CHECK(sc.code() == errc::response_without_request);
    CHECK(text(sc) == "close !response_without_request");
    CHECK(c.state() == client_state::closed);

    // An intermediary: a smuggling shape in the head (RFC 9112 §6.3): 400 and close.
    basic_intermediary<presets::rfc9110_intermediary<clock_type>> p;
    const request_facts smuggled =
        test::head("POST", {{"Content-Length", "3"}, {"Transfer-Encoding", "chunked"}});
    const auto sp = p.on_request_head(smuggled, next_hop_version::unknown, at_ms(0));
    CHECK(sp.origin == error_origin::remote);
    CHECK(sp.code() == errc::content_length_with_transfer_encoding);
    CHECK(sp.actions.contains(intermediary_action::send_final));
    CHECK(sp.actions.contains(intermediary_action::close));
    CHECK(p.state() == intermediary_state::closed);
}

TEST_CASE("step::code() is errc{} for a step without error", "[error][model]") {
    basic_client<presets::rfc9110_client<clock_type>> c;
    client_request r;
    r.content_length = 10;
    const auto s = c.start_request(r, at_ms(0));
    CHECK(s.ok());
    CHECK(s.code() == errc{});
}
