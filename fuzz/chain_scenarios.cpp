// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: whole exchanges client → intermediary → origin in the scenario kit
// (tests/support/chain.hpp), with presets, delays, body sizes and the origin's answer taken
// from the input. After each exchange it checks liveness and conservation end to end:
// - the exchange settles: nothing is left to happen and the client has an answer or closed;
// - no body byte reaches the proxy or the origin beyond the request's length, and a 200 means
//   the origin read all of it;
// - only the outage's preset turns a body into 501.
#include "../tests/support/chain.hpp"
#include "check.hpp"

#include <expect100/presets.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace {

using namespace expect100;
using clock_type = test::virtual_clock;

using fuzz::check;

struct input {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t i = 0;
    unsigned next() { return i < size ? data[i++] : 0U; }
};

template <class C, class P, class O>
void run(input& in) {
    test::chain_options o;
    o.client_hop = std::chrono::microseconds(1 + in.next() * 997U);
    o.upstream_hop = std::chrono::microseconds(1 + in.next() * 991U);
    const unsigned answer = in.next();
    o.reject_with = (answer & 3U) == 1U ? 413 : (answer & 3U) == 2U ? 417 : 0;
    o.answer = (answer & 4U) != 0 ? 201 : 200;
    o.hop = static_cast<next_hop_version>(in.next() % 3U);
    o.client_version = (in.next() & 7U) == 0 ? http_version::http_1_0 : http_version::http_1_1;
    client_request r;
    r.method = (in.next() & 1U) != 0 ? request_method::put : request_method::post;
    r.content_length = 1U + in.next() * 40000U;
    test::chain<C, P, O> net(o);
    net.run(r);
    check(net.settled(), "the exchange did not settle");
    check(net.invariant_broken() == nullptr, "a sub-machine invariant broke in the chain");
    check(net.final_status() != 0 || net.client().state() == client_state::closed,
          "the client has neither an answer nor a closed connection (deadlock)");
    check(net.bytes_at_proxy() <= r.content_length, "more body bytes at the proxy than sent");
    check(net.bytes_at_origin() <= r.content_length, "more body bytes at the origin than sent");
    if (net.final_status() == 200 || net.final_status() == 201) {
        check(net.bytes_at_origin() == r.content_length, "a success without the whole body");
    }
    if (!std::is_same_v<P, presets::kemp_rfc2616_strict<clock_type>>) {
        check(net.final_status() != 501, "a 501 from a preset that forwards early bodies");
    }
}

template <class C, class P>
void pick_origin(input& in) {
    switch (in.next() % 3U) {
    case 0: run<C, P, presets::rfc9110_server<clock_type>>(in); break;
    case 1: run<C, P, presets::go_server<clock_type>>(in); break;
    default: run<C, P, presets::never_continue_server<clock_type>>(in); break;
    }
}

template <class C>
void pick_proxy(input& in) {
    switch (in.next() % 6U) {
    case 0: pick_origin<C, presets::rfc9110_intermediary<clock_type>>(in); break;
    case 1: pick_origin<C, presets::kemp_rfc2616_strict<clock_type>>(in); break;
    case 2: pick_origin<C, presets::kemp_require_100<clock_type>>(in); break;
    case 3: pick_origin<C, presets::haproxy<clock_type>>(in); break;
    case 4: pick_origin<C, presets::envoy<clock_type>>(in); break;
    default: pick_origin<C, presets::httpd_proxy_ping<clock_type>>(in); break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input in{data, size};
    switch (in.next() % 4U) {
    case 0: pick_proxy<presets::rfc9110_client<clock_type>>(in); break;
    case 1: pick_proxy<presets::office365_client<clock_type>>(in); break;
    case 2: pick_proxy<presets::curl_client<clock_type>>(in); break;
    default: pick_proxy<presets::botocore_client<clock_type>>(in); break;
    }
    return 0;
}
