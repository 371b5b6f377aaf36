// The outage of docs/outage.md, replayed in memory and virtual time: an Office
// 365-style client (Expect, 5 s wait) → a KEMP LoadMaster in its default "RFC-2616 Compliant"
// mode → an Exchange-style origin that answers 100 at once. RFC 9110 §10.1.1, §15.2 (P-4),
// P-12, S-15; docs/outage.md, docs/requirements.md.
#include "../support/chain.hpp"

#include <expect100/explain.hpp>
#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;

namespace {

client_request soap_envelope() {
    client_request r;  // Test-MigrationServerAvailability's EWS POST
    r.method = request_method::post;
    r.content_length = 1048576;
    return r;
}

template <class Proxy>
using outage_chain =
    test::chain<presets::office365_client<clock_type>, Proxy, presets::exchange_origin<clock_type>>;

// The balancer, but relaying the origin's 100: everything else of the strict preset kept.
struct strict_but_relaying : presets::kemp_rfc2616_strict<clock_type> {
    static constexpr continue_relay relay_continue = continue_relay::relay;
};

}  // namespace

TEST_CASE("T-P-3: the outage replay: the withheld 100, the 5 s wait, then 501",
          "[scenario][outage][T-P-3][T-P-16]") {
    outage_chain<presets::kemp_rfc2616_strict<clock_type>> net({});
    net.run(soap_envelope());
    CHECK(net.proxy().upstream_continue_withheld());
    CHECK(net.interims_at_client().empty());          // the 100 never reached the client
    CHECK(net.body_left_client_at() == at_ms(5000));  // exactly its 5 s wait
    CHECK(net.final_status() == 501);
    CHECK(net.final_at() == at_ms(5020));  // the body's 10 ms there, 501's back
    CHECK(net.bytes_at_origin() == 0);     // the body never reached Exchange
    CHECK(std::string(
              explain_exchange(net.client().trace(), net.proxy().trace(), "kemp_rfc2616_strict")
                  .view()) ==
          "the intermediary received the origin's 100 after 2.0 ms and withheld it (preset "
          "kemp_rfc2616_strict); the client sent its body after its 5.000 s wait; the "
          "intermediary answered 501");
    CHECK(std::string(explain_client(net.client().trace()).view()) ==
          "waited 5.000 s for a 100 that never came, then sent the 1 048 576-byte body; the "
          "final 501 arrived 20.0 ms later");
}

TEST_CASE("T-P-16: the fix (RFC-7231 mode) completes after the client's 5 s wait",
          "[scenario][outage][T-P-16]") {
    outage_chain<presets::kemp_rfc7231<clock_type>> net({});
    net.run(soap_envelope());
    CHECK(net.body_left_client_at() == at_ms(5000));
    CHECK(net.final_status() == 200);
    CHECK(net.bytes_at_origin() == 1048576);
    CHECK(std::string(
              explain_exchange(net.client().trace(), net.proxy().trace(), "kemp_rfc7231").view()) ==
          "the intermediary received the origin's 100 after 2.0 ms and withheld it (preset "
          "kemp_rfc7231); the client sent its body after its 5.000 s wait; the origin's final "
          "200 was relayed");
}

TEST_CASE("the RFC 9110 intermediary completes the outage's exchange in one round trip",
          "[scenario][outage][T-P-2]") {
    outage_chain<presets::rfc9110_intermediary<clock_type>> net({});
    net.run(soap_envelope());
    CHECK(net.interims_at_client() == std::vector<std::uint16_t>{100});
    CHECK(net.body_left_client_at() == at_ms(22));  // 10 + 1 there, 1 + 10 back
    CHECK(net.final_status() == 200);
    CHECK(net.bytes_at_origin() == 1048576);
    CHECK(net.final_at() < at_ms(100));
}

// The replay depends on the withholding: the same balancer relaying the 100 does not fail.
TEST_CASE("T-P-3: the strict preset made to relay the 100 no longer reproduces the outage",
          "[scenario][outage][T-P-3]") {
    outage_chain<strict_but_relaying> net({});
    net.run(soap_envelope());
    CHECK(net.final_status() == 200);
    CHECK(net.body_left_client_at() == at_ms(22));
}

TEST_CASE("KEMP Require 100-Continue: the client's body is held until the origin's 100",
          "[scenario][outage][T-P-16]") {
    test::chain<presets::office365_client<clock_type>, presets::kemp_require_100<clock_type>,
                presets::never_continue_server<clock_type>>
        silent({});
    silent.run(soap_envelope());
    // The origin never sends 100: the body waits at the balancer, and the origin, which is
    // waiting for that body, gives up first: its 30 s stall timer answers 408 (S-16).
    CHECK(silent.body_left_client_at() == at_ms(5000));
    CHECK(silent.bytes_at_origin() == 0);
    CHECK(silent.final_status() == 408);

    outage_chain<presets::kemp_require_100<clock_type>> prompt({});
    prompt.run(soap_envelope());
    CHECK(prompt.final_status() == 200);  // the origin's 100 was seen: the body went through
    CHECK(prompt.bytes_at_origin() == 1048576);
}

TEST_CASE("through the RFC 9110 intermediary no client waits out its timer for a prompt origin",
          "[scenario][T-P-2]") {
    test::chain<presets::office365_client<clock_type>, presets::rfc9110_intermediary<clock_type>,
                presets::exchange_origin<clock_type>>
        net({});
    client_request r = soap_envelope();
    net.run(r);
    CHECK(net.body_left_client_at() < at_ms(100));

    // A silent origin: the grace 100 releases the client long before its own 5 s.
    test::chain<presets::office365_client<clock_type>, presets::rfc9110_intermediary<clock_type>,
                presets::never_continue_server<clock_type>>
        silent({});
    silent.run(r);
    CHECK(silent.body_left_client_at() == at_ms(10 + 250 + 10));  // there, grace, back
    CHECK(silent.final_status() == 200);
}

TEST_CASE("explain_exchange names the grace 100, a held body and a silent origin",
          "[scenario][explain]") {
    SECTION("the grace 100 toward a silent origin") {
        test::chain<presets::office365_client<clock_type>,
                    presets::rfc9110_intermediary<clock_type>,
                    presets::never_continue_server<clock_type>>
            net({});
        net.run(soap_envelope());
        CHECK(std::string(explain_exchange(net.client().trace(), net.proxy().trace(),
                                           "rfc9110_intermediary")
                              .view()) ==
              "the origin was silent for 250.0 ms after the head, so the intermediary sent its "
              "own 100 (preset rfc9110_intermediary); a 100 reached the client 270.0 ms after its "
              "head and it sent the body; the origin's final 200 was relayed");
    }
    SECTION("a body held by KEMP's Require 100-Continue until the origin's 100") {
        test::chain_options o;
        o.upstream_hop = std::chrono::milliseconds(3000);  // the origin's 100 comes late
        test::chain<presets::curl_client<clock_type>, presets::kemp_require_100<clock_type>,
                    presets::exchange_origin<clock_type>>
            net(o);
        net.run(soap_envelope());
        CHECK(net.final_status() == 200);
        CHECK(std::string(
                  explain_exchange(net.client().trace(), net.proxy().trace(), "kemp_require_100")
                      .view()) ==
              "the client sent its body after its 1.000 s wait; the intermediary held the body "
              "5.000 s until the origin's 100; the origin's final 200 was relayed");
    }
}
