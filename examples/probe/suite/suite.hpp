// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// `expect100-probe suite`: the test bench for any live proxy. The probe is both ends: it
// starts a scripted origin where the proxy forwards to, and sends the client's side through
// the proxy, so it sees what crossed each hop. docs/programs/probe.md describes the cases,
// the finding codes and the output.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_HPP

#include "../../common/program.hpp"
#include "cases.hpp"
#include "fuzz.hpp"
#include "report.hpp"
#include "signatures.hpp"

#include <fstream>
#include <sstream>

namespace expect100::examples::suite {

// How many cases of this run each preset's recorded run matches outcome for outcome, best
// first. The signatures were recorded with expect100-proxy under each preset
// (tests/peers/record-signatures).
inline std::vector<preset_match> likeness(const std::vector<case_result>& cases) {
    std::vector<preset_match> out;
    for (const preset_signature& s : preset_signatures) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const preset_match& m) { return m.preset == s.preset; });
        if (it == out.end()) {
            out.push_back({std::string(s.preset), 0});
            it = out.end() - 1;
        }
        for (const case_result& c : cases) {
            if (c.name == s.case_name && c.outcome == s.outcome) ++it->same;
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const preset_match& a, const preset_match& b) { return a.same > b.same; });
    return out;
}

inline std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

inline int suite_main(int argc, char** argv) {
    po::options_description desc("options");
    desc.add_options()("help,h", "print this help")(
        "url", po::value<std::string>()->required(),
        "the proxy under test: http:// or https:// URL")(
        "origin-listen", po::value<std::string>()->required(),
        "HOST:PORT where the probe's scripted origin listens (the proxy's upstream)")(
        "json", "print the results as JSON (stable codes; docs/programs/probe.md)")(
        "html", po::value<std::string>(), "also write one self-contained HTML page to this file")(
        "summary", "print the verdict table only, without the ladders")(
        "wait", po::value<unsigned>()->default_value(1000), "the client's 100-continue timer, ms")(
        "cases", po::value<std::string>()->default_value(""),
        "run only these cases (comma-separated names)")(
        "fuzz", po::value<std::size_t>()->default_value(0),
        "then send N mutated requests drawn from the corpus")(
        "corpus", po::value<std::string>()->default_value(""),
        "a directory of raw requests for --fuzz (e.g. share/expect100/fuzz/corpus)")(
        "seed", po::value<std::uint64_t>()->default_value(1), "the mutations' random seed")(
        "cacert", po::value<std::string>()->default_value(""),
        "CA file for an https:// proxy (default: the system's store)")(
        "insecure,k", "do not verify the proxy's certificate");
    po::positional_options_description positional;
    positional.add("url", 1);
    po::variables_map vm;
    if (!parse_command_line(argc, argv, desc, positional, vm,
                            "expect100-probe suite --origin-listen HOST:PORT URL [--json] "
                            "[--html FILE] [--fuzz N]")) {
        return exit_ok;
    }
    suite_settings s;
    s.where = parse_url(vm["url"].as<std::string>());
    s.wait = std::chrono::milliseconds(vm["wait"].as<unsigned>());
    std::optional<ssl::context> tls;
    if (s.where.https) {
        tls.emplace(client_tls(vm["cacert"].as<std::string>(), vm.count("insecure") != 0
                                                                   ? peer_verification::insecure
                                                                   : peer_verification::verify));
        s.tls = &*tls;
    }
    asio::io_context io(1);
    const host_port listen = parse_host_port(vm["origin-listen"].as<std::string>());
    timeline clock;
    scripted_origin origin(io, resolve_one(io, listen), clock);
    runner run(io, s, origin, clock);

    const std::vector<std::string> only = split_list(vm["cases"].as<std::string>());
    std::vector<suite_case> cases = all_cases(run);
    for (const std::string& name : only) {
        if (std::none_of(cases.begin(), cases.end(),
                         [&](const suite_case& c) { return c.name == name; })) {
            std::string names;
            for (const suite_case& c : cases)
                names += " " + c.name;
            throw usage_error("unknown case '" + name + "'; the cases are:" + names);
        }
    }
    if (!run.warm_up(std::chrono::seconds(15))) {
        throw std::runtime_error("no request sent to " + vm["url"].as<std::string>() +
                                 " reached the origin at " + vm["origin-listen"].as<std::string>() +
                                 " within 15 s: is the proxy configured to forward there?");
    }
    suite_report report;
    report.url = vm["url"].as<std::string>();
    report.origin = vm["origin-listen"].as<std::string>();
    report.wait_ms = s.wait.count();
    for (suite_case& c : cases) {
        if (!only.empty() && std::find(only.begin(), only.end(), c.name) == only.end()) continue;
        run.start_case(c.name, c.origin);
        std::vector<exchange_record> records;
        for (const exchange_plan& p : c.plans) {
            records.push_back(run.exchange(p));
            run.settle(std::chrono::milliseconds(100));
        }
        case_findings found;
        const case_view view{records, origin.requests(), clock.events(), run.sent(), s};
        for (const exchange_record& rec : records) {
            if (!rec.error.empty()) throw std::runtime_error(c.name + ": " + rec.error);
        }
        c.judge(view, found);
        check_common(records, origin.requests(), run.sent(), found);
        report.cases.push_back({c.name, c.question, std::string(to_string(c.group)),
                                outcome_of(records, origin.requests()), found.list(),
                                clock.events()});
    }
    report.likeness = likeness(report.cases);
    if (const std::size_t n = vm["fuzz"].as<std::size_t>(); n > 0) {
        fuzz_campaign fuzz(io, s, origin, clock, vm["seed"].as<std::uint64_t>());
        fuzz.load(vm["corpus"].as<std::string>());
        report.fuzz = fuzz.run(n);
        report.fuzz_iterations = fuzz.iterations();
    }

    if (vm.count("json") != 0) {
        std::printf("%s\n", boost::json::serialize(to_json(report)).c_str());
    } else {
        print_text(report, vm.count("summary") == 0);
    }
    if (vm.count("html") != 0) {
        std::ofstream out(vm["html"].as<std::string>(), std::ios::binary);
        out << to_html(report);
        if (!out) throw std::runtime_error("cannot write " + vm["html"].as<std::string>());
    }
    // 3: the run completed and found at least one violation (a script can tell it from a
    // failure to run, 1, and a usage error, 2).
    return report.count(severity::violation) + report.fuzz.size() > 0 ? 3 : exit_ok;
}

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_HPP
