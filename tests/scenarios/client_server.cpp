// Whole exchanges: a client machine wired to a server machine in memory (tests/support/
// loopback.hpp), 10 ms each way, in virtual time. Each checks when the body left, that every
// byte arrived exactly once, and which final status came back.
#include "../support/loopback.hpp"

#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using namespace expect100;
using test::at_ms;
using clock_type = test::virtual_clock;
using namespace std::chrono_literals;

namespace {

client_request upload(std::uint64_t n = 4U * 1024U * 1024U) {
    client_request r;
    r.method = request_method::put;
    r.content_length = n;
    return r;
}

}  // namespace

TEST_CASE("RFC client and RFC server: the body leaves one round trip after the head",
          "[scenario][rfc9110-10.1.1]") {
    test::loopback<presets::rfc9110_client<clock_type>, presets::rfc9110_server<clock_type>> net(
        10ms, {});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.body_left_at() == at_ms(20));  // head 10 ms out, 100 10 ms back
    CHECK(net.body_bytes_at_server() == 4U * 1024U * 1024U);
    CHECK(net.final_status() == 200);
    CHECK(net.final_at() == at_ms(40));
    CHECK(net.client().state() == client_state::idle);
    CHECK(net.server().state() == server_state::idle);
}

TEST_CASE("a server that never sends 100 costs the client its whole wait (curl: 1 s)",
          "[scenario][rfc9110-10.1.1]") {
    test::loopback<presets::curl_client<clock_type>, presets::never_continue_server<clock_type>>
        net(10ms, {});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.body_left_at() == at_ms(1000));
    CHECK(net.body_bytes_at_server() == 4U * 1024U * 1024U);
    CHECK(net.final_status() == 200);
}

TEST_CASE(
    "a lazy server (Go) still answers the outage's client at once when the application "
    "reads",
    "[scenario]") {
    test::loopback<presets::office365_client<clock_type>, presets::go_server<clock_type>> net(10ms,
                                                                                              {});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.body_left_at() == at_ms(20));
    CHECK(net.final_status() == 200);
}

TEST_CASE("an early 413 reaches the client before any body byte is sent", "[scenario][T-S-2]") {
    test::loopback<presets::curl_client<clock_type>, presets::go_server<clock_type>> net(
        10ms, {413, 200});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.final_status() == 413);
    CHECK(net.final_at() == at_ms(20));
    CHECK(net.body_bytes_at_server() == 0);
    CHECK(net.client().state() == client_state::closed);
}

TEST_CASE("a 417 from a strict server: the client is told to retry without Expect",
          "[scenario][T-C-6][T-S-10]") {
    // The application refuses the expectation at header time; a lazy server (httpd) has sent
    // no 100, so no body byte leaves.
    test::loopback<presets::curl_client<clock_type>, presets::httpd_server<clock_type>> net(
        10ms, {417, 200});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.final_status() == 417);
    CHECK(net.body_bytes_at_server() == 0);
    bool retried = false;
    for (const auto& line : net.log()) {
        retried = retried || line.find("retry_without_expect") != std::string::npos;
    }
    CHECK(retried);
}

TEST_CASE(
    "an eager server (Node) sends 100 before its application decides: a rejection then "
    "comes after the body already left",
    "[scenario][T-S-1]") {
    test::loopback<presets::curl_client<clock_type>, presets::node_server<clock_type>> net(
        10ms, {413, 200});
    net.run(upload(), test::t0);
    CHECK(net.invariant_broken() == nullptr);
    CHECK(net.final_status() == 413);
    CHECK(net.body_left_at() == at_ms(20));                   // the 100 came back first
    CHECK(net.body_bytes_at_server() == 4U * 1024U * 1024U);  // and the upload was wasted
}
