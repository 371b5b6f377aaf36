// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One client preset × every intermediary preset × every origin preset, through the shared
// scenario set, in the chain kit (tests/support/chain.hpp). Each client has its own
// translation unit (matrix_<client>.cpp) so the builds compile them in parallel.
//
// For every combination and scenario: the exchange settles (no deadlock: nothing is left to
// happen and the client has its answer or closed), no body byte goes beyond the request at
// any hop, a success means the origin read the whole body, only the outage's preset turns a
// legal body into 501, and no 1xx reaches an HTTP/1.0 client.
#ifndef EXPECT100_TESTS_SCENARIOS_MATRIX_HPP
#define EXPECT100_TESTS_SCENARIOS_MATRIX_HPP

#include "../../support/chain.hpp"

#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <iterator>
#include <tuple>
#include <type_traits>
#include <typeinfo>

namespace expect100::test::matrix {

using clock_type = virtual_clock;

using proxies = presets::intermediary_presets<clock_type>;

using origins =
    std::tuple<presets::rfc9110_server<clock_type>, presets::exchange_origin<clock_type>,
               presets::go_server<clock_type>, presets::never_continue_server<clock_type>>;

struct scenario {
    const char* name;
    chain_options options;
    body_framing framing;
    std::uint64_t length;
};

inline chain_options with(void (*edit)(chain_options&)) {
    chain_options o;
    edit(o);
    return o;
}

inline const scenario scenarios[] = {
    {"accepted 4 MiB upload", {}, body_framing::content_length, 4U * 1024U * 1024U},
    {"small upload", {}, body_framing::content_length, 100},
    {"bodyless request", {}, body_framing::none, 0},
    {"rejected at the head with close (413)", with([](chain_options& o) {
         o.reject_with = 413;
         o.origin_closes = true;
     }),
     body_framing::content_length, 4U * 1024U * 1024U},
    {"expectation refused (417)", with([](chain_options& o) { o.reject_with = 417; }),
     body_framing::content_length, 1U << 20U},
    {"HTTP/1.0 next hop", with([](chain_options& o) { o.hop = next_hop_version::http_1_0; }),
     body_framing::content_length, 1U << 20U},
    {"HTTP/1.0 client", with([](chain_options& o) { o.client_version = http_version::http_1_0; }),
     body_framing::content_length, 1U << 20U},
    {"listed Expect members", with([](chain_options& o) { o.expect_value = "foo, 100-continue"; }),
     body_framing::content_length, 1U << 20U},
    {"duplicate 100-continue",
     with([](chain_options& o) { o.expect_value = "100-continue, 100-continue"; }),
     body_framing::content_length, 1U << 20U},
    {"103 before the answer", with([](chain_options& o) { o.origin_sends_103 = true; }),
     body_framing::content_length, 1U << 20U},
    {"slow origin link",
     with([](chain_options& o) { o.upstream_hop = std::chrono::milliseconds(400); }),
     body_framing::content_length, 1U << 20U},
};

// How many exchanges one client's run must make: every intermediary x origin x scenario.
inline constexpr std::size_t exchanges_per_client =
    std::tuple_size_v<proxies> * std::tuple_size_v<origins> * std::size(scenarios);

template <class C, class P, class O>
std::size_t run_scenarios() {
    std::size_t runs = 0;
    for (const scenario& sc : scenarios) {
        ++runs;
        chain<C, P, O> net(sc.options);
        client_request r;
        r.method = request_method::put;
        r.framing = sc.framing;
        r.content_length = sc.length;
        net.run(r);
        INFO("scenario: " << sc.name << " | proxy " << typeid(P).name() << " | origin "
                          << typeid(O).name());
        CHECK(net.settled());
        CHECK(net.invariant_broken() == nullptr);
        CHECK((net.final_status() != 0 || net.client().state() == client_state::closed));
        CHECK(net.bytes_at_proxy() <= sc.length);
        CHECK(net.bytes_at_origin() <= sc.length);
        if (net.final_status() >= 200 && net.final_status() < 300) {
            CHECK(net.bytes_at_origin() == sc.length);
        }
        if (!std::is_same_v<P, presets::kemp_rfc2616_strict<clock_type>>) {
            CHECK(net.final_status() != 501);
        }
        if (sc.options.client_version == http_version::http_1_0) {
            CHECK(net.interims_at_client().empty());  // P-5, P-13
        }
    }
    return runs;
}

template <class C, class P, class... O>
std::size_t each_origin(std::tuple<O...>*) {
    return (run_scenarios<C, P, O>() + ...);
}

template <class C, class... P>
std::size_t each_proxy(std::tuple<P...>*) {
    return (each_origin<C, P>(static_cast<origins*>(nullptr)) + ...);
}

// @return the number of exchanges run (exchanges_per_client when every combination ran).
template <class C>
std::size_t run_client() {
    return each_proxy<C>(static_cast<proxies*>(nullptr));
}

}  // namespace expect100::test::matrix

#endif  // EXPECT100_TESTS_SCENARIOS_MATRIX_HPP
