// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-outage-replay: the outage of docs/outage.md, replayed in memory and in
// virtual time with the library's three machines: an Office 365-style client (Expect, 5 s
// wait) → a load balancer → an Exchange-style origin (100 at once). Run once per balancer
// preset: KEMP's default "RFC-2616 Compliant" mode (the outage), its "RFC-7231 Compliant" mode
// (the fix), and this library's RFC 9110 intermediary. Each run prints every party's timeline
// and one sentence saying what happened.
//
// No sockets: the machines are wired by the scenario kit of the tests (tests/support/chain.hpp),
// 10 ms each way between client and balancer, 1 ms to the origin. The Beast programs of the
// next issue replay the same over real TCP.
#include "../../tests/support/chain.hpp"

#include <expect100/explain.hpp>
#include <expect100/presets.hpp>

#include <chrono>
#include <cstdio>
#include <string_view>

namespace {

using namespace expect100;
using clock_type = test::virtual_clock;

template <class Proxy>
void replay(std::string_view preset, std::string_view what) {
    test::chain<presets::office365_client<clock_type>, Proxy, presets::exchange_origin<clock_type>>
        net({});
    client_request soap;
    soap.method = request_method::post;
    soap.content_length = 1048576;
    net.run(soap);
    std::printf("== balancer preset %.*s (%.*s)\n", static_cast<int>(preset.size()), preset.data(),
                static_cast<int>(what.size()), what.data());
    for (const auto& line : net.log()) {
        std::printf("   %s\n", line.c_str());
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(net.final_at() - test::t0);
    std::printf("   -> the client got %u after %lld ms; %llu body bytes reached the origin\n",
                static_cast<unsigned>(net.final_status()), static_cast<long long>(ms.count()),
                static_cast<unsigned long long>(net.bytes_at_origin()));
    std::printf(
        "   -> %s\n\n",
        std::string(explain_exchange(net.client().trace(), net.proxy().trace(), preset).view())
            .c_str());
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: expect100-outage-replay (no arguments)\n");
        return 2;
    }
    std::printf(
        "The outage, replayed: client (Expect, 5 s wait) -> load balancer -> origin "
        "(immediate 100)\n\n");
    replay<presets::kemp_rfc2616_strict<clock_type>>("kemp_rfc2616_strict",
                                                     "KEMP default: the outage");
    replay<presets::kemp_rfc7231<clock_type>>("kemp_rfc7231", "KEMP RFC-7231 mode: the fix");
    replay<presets::rfc9110_intermediary<clock_type>>("rfc9110_intermediary",
                                                      "this library's default");
    return 0;
}
