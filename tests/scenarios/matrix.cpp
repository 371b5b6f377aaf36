// Client presets × intermediary presets × origin presets, each through a shared set of
// scenarios in the chain kit (tests/support/chain.hpp). For every combination: the exchange
// settles (no deadlock: nothing is left to happen and the client has its answer), no body byte
// reaches the origin twice or beyond the request, a 200 means the origin read the whole body,
// and only the outage's preset ever turns a legal early body into 501 (P-12).
#include "../support/chain.hpp"

#include <expect100/presets.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <typeinfo>

using namespace expect100;
using clock_type = test::virtual_clock;

namespace {

using clients = std::tuple<presets::rfc9110_client<clock_type>, presets::office365_client<clock_type>,
                           presets::curl_client<clock_type>, presets::botocore_client<clock_type>>;
using proxies =
    std::tuple<presets::rfc9110_intermediary<clock_type>, presets::kemp_rfc2616_strict<clock_type>,
               presets::kemp_require_100<clock_type>, presets::kemp_rfc7231<clock_type>,
               presets::nginx_proxy<clock_type>, presets::haproxy<clock_type>,
               presets::envoy<clock_type>, presets::httpd_proxy_ping<clock_type>>;
using origins = std::tuple<presets::rfc9110_server<clock_type>, presets::exchange_origin<clock_type>,
                           presets::go_server<clock_type>, presets::never_continue_server<clock_type>>;

struct scenario {
    const char* name;
    test::chain_options options;
    std::uint64_t length;
};

const scenario scenarios[] = {
    {"accepted 4 MiB upload", {}, 4U * 1024U * 1024U},
    {"small upload", {}, 100},
    {"rejected at the head (413)", [] { test::chain_options o; o.reject_with = 413; return o; }(),
     4U * 1024U * 1024U},
    {"HTTP/1.0 next hop", [] { test::chain_options o; o.hop = next_hop_version::http_1_0; return o; }(),
     4U * 1024U * 1024U},
};

template <class C, class P, class O>
void run_all() {
    for (const scenario& sc : scenarios) {
        test::chain<C, P, O> net(sc.options);
        client_request r;
        r.method = request_method::put;
        r.content_length = sc.length;
        net.run(r);
        INFO("scenario: " << sc.name << " | client " << typeid(C).name() << " | proxy "
                          << typeid(P).name() << " | origin " << typeid(O).name());
        CHECK(net.settled());
        const bool answered = net.final_status() != 0;
        const bool client_gave_up = net.client().state() == client_state::closed;
        CHECK((answered || client_gave_up));
        CHECK(net.bytes_at_origin() <= sc.length);
        CHECK(net.bytes_at_proxy() <= sc.length);
        if (net.final_status() == 200) {
            CHECK(net.bytes_at_origin() == sc.length);
        }
        if (!std::is_same_v<P, presets::kemp_rfc2616_strict<clock_type>>) {
            CHECK(net.final_status() != 501);
        }
    }
}

template <class C, class P, class... O>
void each_origin(std::tuple<O...>*) {
    (run_all<C, P, O>(), ...);
}

template <class C, class... P>
void each_proxy(std::tuple<P...>*) {
    (each_origin<C, P>(static_cast<origins*>(nullptr)), ...);
}

template <class... C>
void each_client(std::tuple<C...>*) {
    (each_proxy<C>(static_cast<proxies*>(nullptr)), ...);
}

} // namespace

TEST_CASE("every client x intermediary x origin preset settles and keeps every body byte",
          "[scenario][matrix]") {
    each_client(static_cast<clients*>(nullptr));
}

TEST_CASE("through the RFC 9110 intermediary no client waits out its timer for a prompt origin",
          "[scenario][matrix][T-P-2]") {
    test::chain<presets::office365_client<clock_type>, presets::rfc9110_intermediary<clock_type>,
                presets::exchange_origin<clock_type>>
        net({});
    client_request r;
    r.method = request_method::post;
    r.content_length = 1U << 20U;
    net.run(r);
    CHECK(net.body_left_client_at() < test::at_ms(100));

    // A silent origin: the grace 100 releases the client long before its own 5 s.
    test::chain<presets::office365_client<clock_type>, presets::rfc9110_intermediary<clock_type>,
                presets::never_continue_server<clock_type>>
        silent({});
    silent.run(r);
    CHECK(silent.body_left_client_at() == test::at_ms(10 + 250 + 10));  // there, grace, back
    CHECK(silent.final_status() == 200);
}
