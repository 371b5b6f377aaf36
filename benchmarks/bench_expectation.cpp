// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The Expect analyser against the naive check that Beast's 100-continue snippet, nginx and hyper
// use: trim the value, compare it whole, case-insensitively, with "100-continue". Both run in
// the same binary on the same inputs; after the runs a table gives ns per field for each and
// the ratio analyser/naive (the machine is noisy: read the ratio, not the absolute figures).
// The naive check is wrong on lists, duplicates, quotes and case of multi-line fields; it is
// here as the speed floor, not as a reference for verdicts.
//
// Heap allocations are counted by replacing operator new around the analyser's loop: the total
// is printed and must be 0.
#include "../tests/support/allocation_counter.hpp"

#include <expect100/expectation.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using expect100::fuzz::allocations;
using expect100::fuzz::counting;

namespace {

// The naive check, as deployed: one whole-value, case-insensitive comparison.
bool naive_has_continue(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    constexpr std::string_view expected = "100-continue";
    if (value.size() != expected.size()) {
        return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        char c = value[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != expected[i]) return false;
    }
    return true;
}

struct input {
    const char* name;
    std::string value;
};

const std::vector<input>& inputs() {
    static const std::vector<input> all = {
        {"real/100-continue", "100-continue"},
        {"real/100-Continue", "100-Continue"},
        {"real/padded", "  100-continue\t"},
        {"real/list", "foo, 100-continue"},
        {"real/parameters", "x-trace=\"a,b\";v=1, 100-continue"},
        {"hostile/1KiB-token", std::string(1024, 'a')},
        {"hostile/1KiB-quoted", "foo=\"" + std::string(1018, 'x') + "\""},
        {"hostile/100000-commas", std::string(100000, ',')},
        {"hostile/1MiB-spaces", std::string(1U << 20U, ' ') + "100-continue"},
    };
    return all;
}

// The analyser as a server uses it: the decision reads the verdict's kind and notes (what S-11
// and the presets act on), as the naive check's caller reads its bool.
void bench_analyser(benchmark::State& state, const std::string* value) {
    const std::string_view v = *value;
    counting = true;
    unsigned decisions = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(v.data());
        const expect100::expectation e = expect100::analyze_expect(v);
        decisions += static_cast<unsigned>(e.kind) + e.notes.bits();
    }
    counting = false;
    benchmark::DoNotOptimize(decisions);
}

// The same with the whole 48-byte verdict forced into memory, as when it is stored (in
// request_facts, a log record): the extra cost of materialising every field.
void bench_analyser_full(benchmark::State& state, const std::string* value) {
    const std::string_view v = *value;
    counting = true;
    for (auto _ : state) {
        const expect100::expectation e = expect100::analyze_expect(v);
        benchmark::DoNotOptimize(e);
    }
    counting = false;
}

// The analyser fed field lines one at a time, as a head parser does (beast::request_head_parser,
// analyze_request_head): the path a proxy's requests take.
void bench_analyser_lines(benchmark::State& state, const std::string* value) {
    const std::string_view v = *value;
    counting = true;
    unsigned decisions = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(v.data());
        expect100::expect_analyzer analyzer;
        analyzer.on_field_line(v);
        const expect100::expectation e = analyzer.result();
        decisions += static_cast<unsigned>(e.kind) + e.notes.bits();
    }
    counting = false;
    benchmark::DoNotOptimize(decisions);
}

void bench_naive(benchmark::State& state, const std::string* value) {
    const std::string_view v = *value;
    unsigned decisions = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(v.data());
        decisions += naive_has_continue(v) ? 1U : 0U;
    }
    benchmark::DoNotOptimize(decisions);
}

// Collects ns per iteration of each run for the ratio table.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Iteration) {
                ns_[run.benchmark_name()] = run.GetAdjustedRealTime();
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
    const std::map<std::string, double>& ns() const { return ns_; }

private:
    std::map<std::string, double> ns_;
};

}  // namespace

int main(int argc, char** argv) {
    for (const input& in : inputs()) {
        benchmark::RegisterBenchmark((std::string("analyser/") + in.name).c_str(), bench_analyser,
                                     &in.value);
        benchmark::RegisterBenchmark((std::string("analyser-full/") + in.name).c_str(),
                                     bench_analyser_full, &in.value);
        benchmark::RegisterBenchmark((std::string("analyser-lines/") + in.name).c_str(),
                                     bench_analyser_lines, &in.value);
        benchmark::RegisterBenchmark((std::string("naive/") + in.name).c_str(), bench_naive,
                                     &in.value);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    std::printf("\n%-24s %9s %12s %8s %14s %8s %15s %8s\n", "input", "naive ns", "analyser ns",
                "ratio", "full verdict ns", "ratio", "line by line ns", "ratio");
    for (const input& in : inputs()) {
        const auto& ns = reporter.ns();
        const auto a = ns.find(std::string("analyser/") + in.name);
        const auto f = ns.find(std::string("analyser-full/") + in.name);
        const auto l = ns.find(std::string("analyser-lines/") + in.name);
        const auto n = ns.find(std::string("naive/") + in.name);
        if (a == ns.end() || f == ns.end() || l == ns.end() || n == ns.end()) {
            continue;
        }
        std::printf("%-24s %9.1f %12.1f %7.2fx %14.1f %7.2fx %15.1f %7.2fx\n", in.name, n->second,
                    a->second, a->second / n->second, f->second, f->second / n->second, l->second,
                    l->second / n->second);
    }
    std::printf("heap allocations in the analyser: %zu\n", allocations);
    benchmark::Shutdown();
    return allocations == 0 ? 0 : 1;
}
