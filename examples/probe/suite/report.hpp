// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The suite's results and their three forms: a table and ladders for people (text), stable
// codes for machines (JSON), and one self-contained HTML page with a ladder diagram per case
// (inline SVG, no external asset) for sharing with a vendor.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_REPORT_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_REPORT_HPP

#include "findings.hpp"
#include "timeline.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace expect100::examples::suite {

struct case_result {
    std::string name;
    std::string question;
    std::string group;    // "expect" or "malformed"
    std::string outcome;  // outcome_of(): compared with the presets' signatures
    std::vector<finding> findings;
    std::vector<event> events;

    severity worst() const {
        severity w = severity::ok;
        for (const finding& f : findings)
            w = std::max(w, f.kind->level);
        return w;
    }
};

// A request that reached the origin though the client never sent it, found by --fuzz.
struct fuzz_finding {
    std::size_t iteration = 0;
    std::string seed;       // the corpus file it was mutated from
    std::string sent;       // the client's bytes
    std::string at_origin;  // the start line that reached the origin, or what went wrong
    std::string code;       // request_not_sent, forwarded_invalid_head, ...
};

struct preset_match {
    std::string preset;
    std::size_t same = 0;  // cases whose outcome is identical
};

struct suite_report {
    std::string url;
    std::string origin;
    long long wait_ms = 0;
    std::vector<case_result> cases;
    std::vector<preset_match> likeness;  // best first
    std::size_t fuzz_iterations = 0;
    std::vector<fuzz_finding> fuzz;

    std::size_t count(severity s) const {
        std::size_t n = 0;
        for (const case_result& c : cases) {
            for (const finding& f : c.findings)
                n += f.kind->level == s ? 1 : 0;
        }
        return n;
    }
    std::string behaves_like() const { return likeness.empty() ? "unknown" : likeness[0].preset; }
    // The other presets as close as behaves_like(): presets that differ only where the suite
    // does not look (haproxy and passthrough_proxy) tie.
    std::vector<std::string> also_like() const {
        std::vector<std::string> out;
        for (std::size_t i = 1; i < likeness.size() && likeness[i].same == likeness[0].same; ++i) {
            out.push_back(likeness[i].preset);
        }
        return out;
    }
};

// ---- Text -------------------------------------------------------------------------------------

// A ladder line's direction, in columns: client, proxy, origin.
constexpr const char* arrow(hop h) noexcept {
    switch (h) {
    case hop::client_to_proxy: return "client ──▶ proxy           ";
    case hop::proxy_to_client: return "client ◀── proxy           ";
    case hop::proxy_to_origin: return "           proxy ──▶ origin";
    case hop::origin_to_proxy: return "           proxy ◀── origin";
    }
    return "?";
}

inline void print_text(const suite_report& r, bool ladders) {
    if (ladders) {
        for (const case_result& c : r.cases) {
            std::printf("\n%s — %s\n", c.name.c_str(), c.question.c_str());
            for (const event& e : c.events) {
                std::printf("  %9.1f ms  %s  #%u %s\n", e.ms, arrow(e.where), e.connection,
                            e.what.c_str());
            }
        }
        std::printf("\n");
    }
    std::printf("%-30s %-10s %-28s %s\n", "case", "verdict", "finding", "reference · detail");
    for (const case_result& c : r.cases) {
        bool first = true;
        for (const finding& f : c.findings) {
            std::printf("%-30s %-10s %-28s %s%s%s\n", first ? c.name.c_str() : "",
                        first ? std::string(to_string(c.worst())).c_str() : "",
                        std::string(f.kind->code).c_str(), std::string(f.kind->reference).c_str(),
                        f.detail.empty() ? "" : " · ", f.detail.c_str());
            first = false;
        }
        if (first) std::printf("%-30s %-10s\n", c.name.c_str(), "ok");
    }
    for (const fuzz_finding& f : r.fuzz) {
        std::printf("fuzz #%zu (%s): %s: %s\n  after sending: %s\n", f.iteration, f.seed.c_str(),
                    f.code.c_str(), f.at_origin.c_str(), printable(f.sent, 400).c_str());
    }
    if (r.fuzz_iterations > 0) {
        std::printf("fuzz: %zu mutated requests, %zu finding(s)\n", r.fuzz_iterations,
                    r.fuzz.size());
    }
    std::printf("\n%zu violation(s), %zu note(s) in %zu cases\n", r.count(severity::violation),
                r.count(severity::note), r.cases.size());
    if (!r.likeness.empty()) {
        std::string ties;
        for (const std::string& p : r.also_like())
            ties += (ties.empty() ? "; as close: " : ", ") + p;
        std::printf("behaves like: %s (%zu of %zu cases identical%s)\n", r.behaves_like().c_str(),
                    r.likeness[0].same, r.cases.size(), ties.c_str());
    } else {
        std::printf("behaves like: unknown\n");
    }
}

// ---- JSON -------------------------------------------------------------------------------------

inline boost::json::object to_json(const suite_report& r) {
    namespace json = boost::json;
    json::object out;
    out["url"] = r.url;
    out["origin_listen"] = r.origin;
    out["wait_ms"] = r.wait_ms;
    json::array cases;
    for (const case_result& c : r.cases) {
        json::object o;
        o["name"] = c.name;
        o["question"] = c.question;
        o["group"] = c.group;
        o["verdict"] = to_string(c.worst());
        o["outcome"] = c.outcome;
        json::array findings;
        for (const finding& f : c.findings) {
            findings.emplace_back(json::object{{"code", f.kind->code},
                                               {"severity", to_string(f.kind->level)},
                                               {"reference", f.kind->reference},
                                               {"detail", f.detail}});
        }
        o["findings"] = std::move(findings);
        json::array ladder;
        for (const event& e : c.events) {
            ladder.emplace_back(json::object{{"ms", e.ms},
                                             {"hop", to_string(e.where)},
                                             {"connection", e.connection},
                                             {"what", e.what}});
        }
        o["ladder"] = std::move(ladder);
        cases.emplace_back(std::move(o));
    }
    out["cases"] = std::move(cases);
    out["violations"] = r.count(severity::violation);
    out["notes"] = r.count(severity::note);
    out["behaves_like"] = r.behaves_like();
    json::array ties;
    for (const std::string& p : r.also_like())
        ties.emplace_back(json::string(p));
    out["also_like"] = std::move(ties);
    json::array likeness;
    for (const preset_match& m : r.likeness) {
        likeness.emplace_back(json::object{{"preset", m.preset}, {"identical_cases", m.same}});
    }
    out["likeness"] = std::move(likeness);
    if (r.fuzz_iterations > 0) {
        json::object fuzz;
        fuzz["iterations"] = r.fuzz_iterations;
        json::array found;
        for (const fuzz_finding& f : r.fuzz) {
            found.emplace_back(json::object{{"iteration", f.iteration},
                                            {"seed", f.seed},
                                            {"code", f.code},
                                            {"at_origin", f.at_origin},
                                            {"sent", printable(f.sent, 4096)}});
        }
        fuzz["findings"] = std::move(found);
        out["fuzz"] = std::move(fuzz);
    }
    return out;
}

// ---- HTML -------------------------------------------------------------------------------------

inline std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

// One case's ladder: three lifelines (client, proxy, origin), one arrow per event, top to
// bottom in time order. Rows are evenly spaced (times span 0.1 ms to seconds); each shows its
// time at the left.
inline std::string ladder_svg(const case_result& c) {
    constexpr int client_x = 150, proxy_x = 420, origin_x = 690, row = 30, top = 40;
    const int height = top + row * static_cast<int>(c.events.size() + 1);
    std::string s =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" width=\"760\" height=\"" +
        std::to_string(height) + "\" viewBox=\"0 0 760 " + std::to_string(height) +
        "\" role=\"img\" aria-label=\"ladder of " + html_escape(c.name) + "\">";
    for (const auto& [x, name] :
         {std::pair{client_x, "client (probe)"}, std::pair{proxy_x, "proxy under test"},
          std::pair{origin_x, "origin (probe)"}}) {
        s += "<text x=\"" + std::to_string(x) +
             "\" y=\"20\" text-anchor=\"middle\" "
             "class=\"who\">" +
             name + "</text>";
        s += "<line x1=\"" + std::to_string(x) + "\" y1=\"28\" x2=\"" + std::to_string(x) +
             "\" y2=\"" + std::to_string(height - 5) + "\" class=\"life\"/>";
    }
    int y = top;
    for (const event& e : c.events) {
        y += row;
        int from = client_x, to = proxy_x;
        switch (e.where) {
        case hop::client_to_proxy: break;
        case hop::proxy_to_client: std::swap(from, to); break;
        case hop::proxy_to_origin: from = proxy_x, to = origin_x; break;
        case hop::origin_to_proxy: from = origin_x, to = proxy_x; break;
        }
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1f ms", e.ms);
        const std::string ys = std::to_string(y);
        s += "<text x=\"4\" y=\"" + ys + "\" class=\"ms\">" + ms + "</text>";
        s += "<line x1=\"" + std::to_string(from) + "\" y1=\"" + ys + "\" x2=\"" +
             std::to_string(to) + "\" y2=\"" + ys +
             "\" class=\"arrow\" marker-end=\"url(#head)\"/>";
        s += "<text x=\"" + std::to_string((from + to) / 2) + "\" y=\"" + std::to_string(y - 5) +
             "\" text-anchor=\"middle\" class=\"what\">" + html_escape(e.what.substr(0, 60)) +
             (e.connection != 0 ? " · #" + std::to_string(e.connection) : "") + "</text>";
    }
    return s + "</svg>";
}

inline std::string to_html(const suite_report& r) {
    std::string h =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>expect100-probe suite: " +
        html_escape(r.url) +
        "</title><style>"
        "body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:3px 6px;"
        "vertical-align:top;text-align:left}"
        ".violation{background:#fdd}.note{background:#ffd}.ok{background:#dfd}"
        "svg .life{stroke:#999;stroke-dasharray:4 3}svg .arrow{stroke:#225;stroke-width:1.5}"
        "svg text{font:12px monospace}svg .who{font-weight:bold}svg .ms{fill:#666}"
        "</style></head><body>\n";
    h += "<h1>Expect: 100-continue through " + html_escape(r.url) + "</h1>\n";
    h += "<p>expect100-probe suite: the probe was the client and the origin (" +
         html_escape(r.origin) + "); the client's 100-continue timer was " +
         std::to_string(r.wait_ms) + " ms. " + std::to_string(r.count(severity::violation)) +
         " violation(s), " + std::to_string(r.count(severity::note)) +
         " note(s). Behaves like: <b>" + html_escape(r.behaves_like()) + "</b>";
    if (!r.likeness.empty()) {
        h += " (" + std::to_string(r.likeness[0].same) + " of " + std::to_string(r.cases.size()) +
             " cases identical";
        for (const std::string& p : r.also_like())
            h += ", as close: " + html_escape(p);
        h += ")";
    }
    h += ".</p>\n<svg width=\"0\" height=\"0\" style=\"position:absolute\"><defs><marker "
         "id=\"head\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" "
         "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#225\"/></marker></defs></svg>\n";
    h += "<table id=\"verdicts\"><thead><tr><th>case</th><th>verdict</th><th>finding</th>"
         "<th>reference</th><th>detail</th></tr></thead><tbody>\n";
    for (const case_result& c : r.cases) {
        const std::size_t rows = std::max<std::size_t>(1, c.findings.size());
        for (std::size_t i = 0; i < rows; ++i) {
            const finding* f = i < c.findings.size() ? &c.findings[i] : nullptr;
            const std::string level(to_string(f != nullptr ? f->kind->level : severity::ok));
            h += "<tr class=\"" + level + "\">";
            if (i == 0) {
                h += "<td rowspan=\"" + std::to_string(rows) + "\"><a href=\"#" + c.name + "\">" +
                     html_escape(c.name) + "</a></td><td rowspan=\"" + std::to_string(rows) +
                     "\">" + std::string(to_string(c.worst())) + "</td>";
            }
            if (f != nullptr) {
                h += "<td><code>" + std::string(f->kind->code) + "</code> " +
                     html_escape(f->kind->meaning) + "</td><td>" + html_escape(f->kind->reference) +
                     "</td><td>" + html_escape(f->detail) + "</td>";
            } else {
                h += "<td></td><td></td><td></td>";
            }
            h += "</tr>\n";
        }
    }
    h += "</tbody></table>\n";
    if (!r.fuzz.empty() || r.fuzz_iterations > 0) {
        h += "<h2>Fuzzing</h2><p>" + std::to_string(r.fuzz_iterations) +
             " mutated requests; requests that reached the origin though the client never sent "
             "them:</p><ul>";
        for (const fuzz_finding& f : r.fuzz) {
            h += "<li><code>" + html_escape(f.code) + "</code>: <code>" + html_escape(f.at_origin) +
                 "</code> after sending <pre>" + html_escape(printable(f.sent, 2000)) +
                 "</pre></li>";
        }
        h += "</ul>\n";
    }
    for (const case_result& c : r.cases) {
        h += "<section id=\"" + c.name + "\"><h2>" + html_escape(c.name) + "</h2><p>" +
             html_escape(c.question) + "</p>" + ladder_svg(c) + "</section>\n";
    }
    return h + "</body></html>\n";
}

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_REPORT_HPP
