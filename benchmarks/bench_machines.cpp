// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The role machines: ns per full Expect exchange and per event, for several presets, with the
// null trace; sizeof each machine; heap allocations (must be 0). The exchange is the common
// one: head with Expect, 100, body, final response, back to idle.
//
// No peer has a sans-IO C++ machine to set beside these (h11, the nearest, is Python), so the
// figures are absolute; benchmarks/README.md records them with the command.
#include "../tests/support/allocation_counter.hpp"

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string_view>
#include <utility>

using expect100::fuzz::allocations;
using expect100::fuzz::counting;

namespace {

using namespace expect100;
using clock_type = std::chrono::steady_clock;  // only its types: now() is never called
using time_point = clock_type::time_point;

request_facts expect_head() {
    const std::pair<std::string_view, std::string_view> fields[] = {{"Content-Length", "1048576"},
                                                                    {"Expect", "100-continue"}};
    return analyze_request_head("PUT", http_version::http_1_1, fields);
}

template <class Traits>
void server_exchange(benchmark::State& state) {
    const request_facts head = expect_head();
    basic_server<Traits> s;
    time_point t{};
    counting = true;
    for (auto _ : state) {
        t += std::chrono::microseconds(1);
        benchmark::DoNotOptimize(s.on_request_head(head, t).actions.size());
        benchmark::DoNotOptimize(s.accept(t).actions.size());
        benchmark::DoNotOptimize(s.on_body_read(t).actions.size());
        benchmark::DoNotOptimize(s.on_body_bytes(1048576, t).actions.size());
        benchmark::DoNotOptimize(s.on_body_end(t).actions.size());
        benchmark::DoNotOptimize(s.on_final_response(200, t).actions.size());
        benchmark::DoNotOptimize(s.on_response_complete(t).actions.size());
    }
    counting = false;
    state.counters["events"] = benchmark::Counter(
        7.0, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
    state.counters["bytes_of_machine"] = static_cast<double>(sizeof(s));
}

template <class Traits>
void client_exchange(benchmark::State& state) {
    client_request r;
    r.method = request_method::put;
    r.content_length = 1048576;
    const std::pair<std::string_view, std::string_view> fields[] = {{"Content-Length", "0"}};
    const response_facts ok =
        analyze_response_head(200, http_version::http_1_1, fields, request_method::put);
    basic_client<Traits> c;
    time_point t{};
    counting = true;
    for (auto _ : state) {
        t += std::chrono::microseconds(1);
        benchmark::DoNotOptimize(c.start_request(r, t).actions.size());
        benchmark::DoNotOptimize(c.on_head_sent(t).actions.size());
        benchmark::DoNotOptimize(c.on_interim_response(100, t).actions.size());
        benchmark::DoNotOptimize(c.on_body_sent(t).actions.size());
        benchmark::DoNotOptimize(c.on_final_response(ok, t).actions.size());
        benchmark::DoNotOptimize(c.on_response_complete(t).actions.size());
    }
    counting = false;
    state.counters["bytes_of_machine"] = static_cast<double>(sizeof(c));
}

template <class Traits>
void intermediary_exchange(benchmark::State& state) {
    const request_facts head = expect_head();
    const std::pair<std::string_view, std::string_view> fields[] = {{"Content-Length", "0"}};
    const response_facts ok =
        analyze_response_head(200, http_version::http_1_1, fields, request_method::put);
    basic_intermediary<Traits> p;
    time_point t{};
    counting = true;
    for (auto _ : state) {
        t += std::chrono::microseconds(1);
        benchmark::DoNotOptimize(
            p.on_request_head(head, next_hop_version::unknown, t).actions.size());
        benchmark::DoNotOptimize(p.on_upstream_head_sent(t).actions.size());
        benchmark::DoNotOptimize(p.on_upstream_interim(100, t).actions.size());
        benchmark::DoNotOptimize(p.on_body_bytes(1048576, t).actions.size());
        benchmark::DoNotOptimize(p.on_body_end(t).actions.size());
        benchmark::DoNotOptimize(p.on_upstream_final(ok, t).actions.size());
        benchmark::DoNotOptimize(p.on_response_complete(t).actions.size());
    }
    counting = false;
    state.counters["bytes_of_machine"] = static_cast<double>(sizeof(p));
}

BENCHMARK_TEMPLATE(server_exchange, presets::rfc9110_server<clock_type>);
BENCHMARK_TEMPLATE(server_exchange, presets::go_server<clock_type>);
BENCHMARK_TEMPLATE(server_exchange, presets::exchange_origin<clock_type>);
BENCHMARK_TEMPLATE(client_exchange, presets::rfc9110_client<clock_type>);
BENCHMARK_TEMPLATE(client_exchange, presets::curl_client<clock_type>);
BENCHMARK_TEMPLATE(client_exchange, presets::office365_client<clock_type>);
BENCHMARK_TEMPLATE(intermediary_exchange, presets::rfc9110_intermediary<clock_type>);
BENCHMARK_TEMPLATE(intermediary_exchange, presets::haproxy<clock_type>);
BENCHMARK_TEMPLATE(intermediary_exchange, presets::envoy<clock_type>);
// The same RFC 9110 policies as values (run-time traits: what --preset builds).
BENCHMARK_TEMPLATE(server_exchange, presets::runtime_server<clock_type>);
BENCHMARK_TEMPLATE(client_exchange, presets::runtime_client<clock_type>);
BENCHMARK_TEMPLATE(intermediary_exchange, presets::runtime_intermediary<clock_type>);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    std::printf(
        "sizeof basic_server<rfc9110_server>: %zu bytes, basic_client<rfc9110_client>: "
        "%zu bytes, basic_client<curl_client>: %zu bytes, "
        "basic_intermediary<rfc9110_intermediary>: %zu bytes\n",
        sizeof(basic_server<presets::rfc9110_server<clock_type>>),
        sizeof(basic_client<presets::rfc9110_client<clock_type>>),
        sizeof(basic_client<presets::curl_client<clock_type>>),
        sizeof(basic_intermediary<presets::rfc9110_intermediary<clock_type>>));
    std::printf("heap allocations in the machines: %zu\n", allocations);
    benchmark::Shutdown();
    return allocations == 0 ? 0 : 1;
}
