// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The suite's cases: the whole Expect story, each as what the scripted origin does, what the
// client sends, and how to judge what crossed the proxy. docs/programs/probe.md lists them.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_CASES_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_CASES_HPP

#include "runner.hpp"

#include <functional>
#include <string>
#include <vector>

namespace expect100::examples::suite {

// What a case's judge reads.
struct case_view {
    const std::vector<exchange_record>& records;
    const std::vector<origin_request>& at_origin;
    const std::vector<event>& events;
    const std::vector<sent_request>& sent;
    const suite_settings& settings;

    const exchange_record& first() const { return records.front(); }
    // When the origin sent its first response with this status, if it did.
    std::optional<double> origin_sent(unsigned status) const {
        const std::string prefix = std::to_string(status) + " ";
        for (const event& e : events) {
            if (e.where == hop::origin_to_proxy && e.what.rfind(prefix, 0) == 0) return e.ms;
        }
        return std::nullopt;
    }
    // The status of the origin's first final response, if it sent one.
    std::optional<unsigned> origin_final() const {
        for (const event& e : events) {
            if (e.where != hop::origin_to_proxy || e.what.size() < 3) continue;
            const unsigned status = static_cast<unsigned>(std::stoul(e.what.substr(0, 3)));
            if (status >= 200) return status;
        }
        return std::nullopt;
    }
    // The client's first response with this status.
    static const client_response* got(const exchange_record& rec, unsigned status) {
        for (const client_response& r : rec.responses) {
            if (r.status == status) return &r;
        }
        return nullptr;
    }
    // Whether the request `rec` reached the origin with the content the client sent.
    bool intact(const exchange_record& rec) const {
        const origin_request* r = reached(rec);
        for (const sent_request& s : sent) {
            if (s.tag == rec.tag)
                return r != nullptr && r->complete && r->content_sha256 == s.content_sha256;
        }
        return false;
    }
    // The origin's record of the client's request `rec`: its first complete arrival (a proxy
    // may repeat it after a 417, P-16), else its first.
    const origin_request* reached(const exchange_record& rec) const {
        const origin_request* first = nullptr;
        for (const origin_request& r : at_origin) {
            if (r.fault != testing::wire_fault::none || tag_of(r.target) != rec.tag) continue;
            if (r.complete) return &r;
            if (first == nullptr) first = &r;
        }
        return first;
    }
};

// What a case is about: the Expect story (what the intermediary presets model), or a
// malformed head (the proxy's parser: presets do not model it, so fidelity counts it apart).
enum class case_group : std::uint8_t { expect, malformed };

constexpr std::string_view to_string(case_group g) noexcept {
    return g == case_group::expect ? "expect" : "malformed";
}

struct suite_case {
    std::string name;
    std::string question;
    origin_script origin;
    std::vector<exchange_plan> plans;
    std::function<void(const case_view&, case_findings&)> judge;
    case_group group = case_group::expect;
};

namespace judges {

inline bool success(const std::optional<client_response>& r) {
    return r && r->status >= 200 && r->status < 300;
}

// The final status for the report, or what happened instead.
inline std::string final_text(const exchange_record& rec) {
    if (!rec.error.empty()) return rec.error;
    if (rec.final_response) return std::to_string(rec.final_response->status);
    return rec.closed ? "closed" : "no answer";
}

// The body's fate: delivered with a 2xx, refused, or never answered.
inline void body_fate(const case_view& v, const exchange_record& rec, case_findings& out) {
    if (success(rec.final_response)) {
        const origin_request* r = v.reached(rec);
        if (r != nullptr && r->complete) out.add("body_delivered");
    } else if (rec.final_response) {
        out.add("body_refused", "answered " + std::to_string(rec.final_response->status) +
                                    (rec.release == body_release::by_timer
                                         ? " to the body sent when the timer ran out"
                                         : ""));
    } else {
        out.add("no_final_response", final_text(rec));
    }
}

// Who released the body: the origin's 100, the proxy's own, or the client's timer.
// Who released the body: the origin's 100, the proxy's own, or the client's timer. Read from
// the events: a 100 the origin sent before the client's 100 (or before its timer ran out) is
// the one relayed (or withheld); one sent later (a late 100) released nothing.
inline void continue_source(const case_view& v, const exchange_record& rec, case_findings& out) {
    const client_response* c = case_view::got(rec, 100);
    const origin_request* r = v.reached(rec);
    const std::optional<double> origin_100 = v.origin_sent(100);
    if (c != nullptr && rec.release == body_release::by_100) {
        if (r != nullptr && !r->expect) {
            out.add("continue_local", "100 after " + ms_text(c->ms));
        } else if (origin_100 && *origin_100 <= c->ms) {
            out.add("continue_relayed", "relayed in " + ms_text(c->ms - *origin_100));
        } else {
            out.add("grace_continue", "the proxy's 100 after " + ms_text(c->ms));
        }
    } else if (rec.release == body_release::by_timer) {
        if (origin_100 && *origin_100 < rec.body_ms) {
            out.add("continue_withheld", "the origin sent 100 at " + ms_text(*origin_100));
        } else {
            out.add("client_waited_timer", std::to_string(v.settings.wait.count()) + " ms");
        }
    }
    if (r != nullptr && rec.body_ms >= 0 && r->head_ms > rec.body_ms && c == nullptr) {
        out.add("head_held_for_body");
    }
}

// origin_100, silent_origin, late_100: who released the body, and its fate.
inline void continue_story(const case_view& v, case_findings& out) {
    continue_source(v, v.first(), out);
    body_fate(v, v.first(), out);
}

inline void other_1xx(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    continue_source(v, rec, out);
    if (case_view::got(rec, 102) != nullptr && case_view::got(rec, 103) != nullptr) {
        out.add("other_1xx_relayed");
    } else {
        out.add("other_1xx_dropped");
    }
    // The origin answered 200: a 5xx or no answer at all is the proxy failing on the 1xx.
    if (!success(rec.final_response) && rec.error.empty()) {
        out.add("other_1xx_broke_exchange", final_text(rec));
        return;
    }
    body_fate(v, rec, out);
}

inline void early_final(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    if (!rec.final_response) {
        out.add("no_final_response", final_text(rec));
        return;
    }
    const client_response& f = *rec.final_response;
    if (f.status >= 200 && f.status < 300) {  // the proxy served it anyway (a 417 repeated)
        body_fate(v, rec, out);
        return;
    }
    if (const auto sent = v.origin_final(); sent && *sent != f.status) {
        out.add("early_final_replaced", "the origin sent " + std::to_string(*sent) +
                                            ", the client got " + std::to_string(f.status));
        return;
    }
    const auto origin_at = v.origin_sent(f.status);
    if (rec.release == body_release::not_sent || rec.release == body_release::after_early_final) {
        out.add("early_final_relayed",
                std::to_string(f.status) + (origin_at ? " relayed in " + ms_text(f.ms - *origin_at)
                                                      : std::string(" from the proxy")));
    } else {
        out.add("upload_before_early_final",
                std::to_string(f.status) + " after the body went (" +
                    (rec.release == body_release::by_100 ? "a 100 released it" : "the timer") +
                    ")");
    }
    if (rec.second_sent) {
        if (rec.second && rec.second->status == 200 && v.reached(rec) != nullptr) {
            out.add("reused_after_early_final");
        } else {
            out.add("second_request_failed",
                    rec.second ? "answered " + std::to_string(rec.second->status)
                               : std::string(rec.closed ? "closed" : "no answer"));
        }
    } else if (rec.closed) {
        out.add(f.announces_close ? "closed_after_early_final" : "closed_unannounced");
    }
    std::size_t finals = 0;
    for (const client_response& r : rec.responses)
        finals += r.interim() ? 0U : 1U;
    if (finals > rec.requests_sent) out.add("stubborn_body_answered");
}

inline void body_with_head(const case_view& v, case_findings& out) {
    if (success(v.first().final_response)) {
        out.add("early_body_accepted");
    } else {
        body_fate(v, v.first(), out);
    }
}

inline void http10_client(const case_view& v, case_findings& out) {
    const origin_request* r = v.reached(v.first());
    if (r != nullptr && r->expect) out.add("expect_forwarded_for_http10", *r->expect);
    body_fate(v, v.first(), out);
}

inline void http10_origin(const case_view& v, case_findings& out) {
    for (const exchange_record& rec : v.records) {
        if (rec.release == body_release::by_100) {
            out.add("http10_next_hop_continue");
        } else if (rec.release == body_release::by_timer) {
            out.add("http10_next_hop_waited", "exchange " + rec.tag);
        }
        if (rec.final_response && rec.final_response->version == "HTTP/1.0") {
            out.add("response_version_not_proxy", "HTTP/1.0");
        }
        body_fate(v, rec, out);
    }
}

inline void expect_value(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    if (rec.final_response && rec.final_response->status == 417) {
        out.add("expect_refused_417");
    } else if (rec.release == body_release::by_100) {
        out.add("expect_understood");
    } else {
        out.add("expect_not_understood",
                rec.final_response ? "answered " + final_text(rec) : final_text(rec));
    }
}

inline void unknown_expectation(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    if (rec.final_response && rec.final_response->status == 417) {
        out.add("expect_refused_417");
    } else {
        body_fate(v, rec, out);
    }
}

// A malformed head: refused with 400, or made valid, never forwarded as it is.
inline void malformed(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    if (rec.final_response && rec.final_response->status >= 400 && v.at_origin.empty()) {
        out.add("malformed_refused", std::to_string(rec.final_response->status));
    } else if (!rec.final_response) {
        out.add("closed_without_answer", final_text(rec));
    } else {
        bool clean = !v.at_origin.empty();
        for (const origin_request& r : v.at_origin) {
            clean = clean && r.fault == testing::wire_fault::none;
        }
        if (clean) out.add("accepted_normalised", "answered " + final_text(rec));
    }
}

inline void space_before_colon(const case_view& v, case_findings& out) {
    malformed(v, out);
    const exchange_record& rec = v.first();
    if (rec.final_response && rec.final_response->status != 400) {
        out.add("space_before_colon_accepted", "answered " + final_text(rec));
    }
}

inline void upload(const case_view& v, case_findings& out) {
    const exchange_record& rec = v.first();
    const origin_request* r = v.reached(rec);
    if (success(rec.final_response) && v.intact(rec) && rec.body_ms >= 0) {
        const double ms = rec.final_response->ms - rec.body_ms;
        char text[96];
        std::snprintf(text, sizeof text, "%zu bytes in %.0f ms (%.0f MB/s)", r->content_size, ms,
                      static_cast<double>(r->content_size) / 1e3 / (ms > 0 ? ms : 1));
        out.add("upload_intact", text);
    }
    continue_source(v, rec, out);
    body_fate(v, rec, out);
}

}  // namespace judges

// A malformed request with Expect whose body, read one way, hides another request.
inline exchange_plan malformed_request(const runner& r, const std::string& case_name,
                                       const std::string& version,
                                       const std::vector<std::string>& lines) {
    const std::string tag = case_name + ".1";  // the runner's tag for the case's first request
    const std::string hidden = "0\r\n\r\n" + r.smuggled_request(case_name);
    exchange_plan p;
    std::string head = "POST " + r.target(tag) + " " + version + "\r\nHost: " + r.host() + "\r\n";
    for (const std::string& line : lines) {
        std::string l = line;
        const std::size_t at = l.find("{L}");
        if (at != std::string::npos) l.replace(at, 3, std::to_string(hidden.size()));
        head += l + "\r\n";
    }
    p.raw = head + "\r\n" + hidden;
    return p;
}

// The cases, in the order they run. `r` builds targets and hidden requests.
inline std::vector<suite_case> all_cases(const runner& r) {
    using namespace std::chrono_literals;
    const auto wait = r.settings().wait;
    std::vector<suite_case> cases;
    const origin_script hundred_then_200{{{100, 0ms}},
                                         200,
                                         final_timing::after_body,
                                         connection_after::keep_alive,
                                         origin_version::http11};
    origin_script sloppy_100 = hundred_then_200;
    sloppy_100.sends_100_to = continue_to::any_expect_field;
    const origin_script silent{
        {}, 200, final_timing::after_body, connection_after::keep_alive, origin_version::http11};
    exchange_plan expect_plan;  // Expect, 64 bytes held for the 100 or the timer

    cases.push_back({"origin_100",
                     "The origin answers 100 at once: is it relayed, and how fast?",
                     hundred_then_200,
                     {expect_plan},
                     judges::continue_story});
    cases.push_back({"silent_origin",
                     "The origin never sends 100: does the client wait out its own timer?",
                     silent,
                     {expect_plan},
                     judges::continue_story});
    cases.push_back({"late_100",
                     "The origin's 100 comes after the client's timer: is the body that came first "
                     "accepted (the outage's 501)?",
                     origin_script{{{100, wait + 500ms}},
                                   200,
                                   final_timing::after_body,
                                   connection_after::keep_alive,
                                   origin_version::http11},
                     {expect_plan},
                     judges::continue_story});
    cases.push_back({"interim_102_103",
                     "102 and 103 before the 100: relayed, and not taken as final?",
                     origin_script{{{102, 0ms}, {103, 5ms}, {100, 10ms}},
                                   200,
                                   final_timing::after_body,
                                   connection_after::keep_alive,
                                   origin_version::http11},
                     {expect_plan},
                     judges::other_1xx});
    exchange_plan stubborn;
    stubborn.stubbornness = after_early_final::send_body_then_reuse;
    for (const unsigned status : {401U, 413U, 417U}) {
        cases.push_back({"early_" + std::to_string(status) + "_keepalive",
                         "An early " + std::to_string(status) +
                             " with keep-alive, then the body anyway and a second request: is the "
                             "body ever read as a request?",
                         origin_script{{},
                                       status,
                                       final_timing::at_head,
                                       connection_after::keep_alive,
                                       origin_version::http11},
                         {stubborn},
                         judges::early_final});
    }
    cases.push_back(
        {"early_413_close",
         "An early 413 with Connection: close: relayed as a close, and the body never "
         "read as a request?",
         origin_script{
             {}, 413, final_timing::at_head, connection_after::close, origin_version::http11},
         {stubborn},
         judges::early_final});
    exchange_plan at_once;
    at_once.when = body_send::with_head;
    cases.push_back({"body_with_head",
                     "Expect with the body at once (no wait): accepted?",
                     hundred_then_200,
                     {at_once},
                     judges::body_with_head});
    exchange_plan http10 = at_once;
    http10.version = "HTTP/1.0";
    cases.push_back({"http10_client",
                     "An HTTP/1.0 client with Expect, and an origin that sends 100 anyway: no 1xx "
                     "may reach the client",
                     sloppy_100,
                     {http10},
                     judges::http10_client});
    cases.push_back(
        {"http10_origin",
         "An HTTP/1.0 origin (no 1xx), twice: does the client wait, and does the proxy "
         "learn?",
         origin_script{
             {}, 200, final_timing::after_body, connection_after::close, origin_version::http10},
         {expect_plan, expect_plan},
         judges::http10_origin});

    struct value_case {
        const char* name;
        const char* question;
        std::vector<std::string> lines;
        void (*judge)(const case_view&, case_findings&);
    };
    const value_case values[] = {
        {"expect_mixed_case",
         "Expect: 100-Continue (case-insensitive, G-3)",
         {"Expect: 100-Continue"},
         judges::expect_value},
        {"expect_two_lines",
         "Expect: 100-continue on two field lines (G-6, G-7)",
         {"Expect: 100-continue", "Expect: 100-continue"},
         judges::expect_value},
        {"expect_with_unknown",
         "Expect: 100-continue, x-foo (S-11: 417 allowed)",
         {"Expect: 100-continue, x-foo"},
         judges::expect_value},
        {"expect_unknown",
         "Expect: x-unknown only (S-11, P-6)",
         {"Expect: x-unknown"},
         judges::unknown_expectation},
        {"expect_ctl",
         "A control character in Expect (G-11: refuse)",
         {std::string("Expect: 100-continue\x01", 21)},
         judges::malformed},
        {"expect_obs_fold",
         "Expect folded over two lines (G-10: refuse or unfold)",
         {"Expect:\r\n 100-continue"},
         judges::malformed},
        {"expect_space_before_colon",
         "Expect : 100-continue (G-9: MUST answer 400)",
         {"Expect : 100-continue"},
         judges::space_before_colon},
    };
    for (const value_case& c : values) {
        exchange_plan p;
        p.lines = c.lines;
        const bool hostile =
            c.judge != judges::expect_value && c.judge != judges::unknown_expectation;
        cases.push_back({c.name,
                         c.question,
                         hundred_then_200,
                         {p},
                         c.judge,
                         hostile ? case_group::malformed : case_group::expect});
    }

    struct shape {
        const char* name;
        const char* question;
        const char* version;
        std::vector<std::string> lines;
    };
    const shape shapes[] = {
        {"smuggle_cl_te",
         "Content-Length and Transfer-Encoding together (RFC 9112 §6.1)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", "Transfer-Encoding: chunked"}},
        {"smuggle_te_twice",
         "chunked applied twice (RFC 9112 §6.1)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", "Transfer-Encoding: chunked",
          "Transfer-Encoding: chunked"}},
        {"smuggle_te_not_last",
         "chunked not the last coding (RFC 9112 §6.3 #4)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Transfer-Encoding: chunked, identity"}},
        {"smuggle_te_http10",
         "Transfer-Encoding on HTTP/1.0 (RFC 9112 §6.1)",
         "HTTP/1.0",
         {"Expect: 100-continue", "Content-Length: {L}", "Transfer-Encoding: chunked"}},
        {"smuggle_te_space_before_colon",
         "Transfer-Encoding : chunked (RFC 9112 §5.1)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", "Transfer-Encoding : chunked"}},
        {"smuggle_te_obs_fold",
         "Transfer-Encoding folded (RFC 9112 §5.2)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", "Transfer-Encoding:\r\n chunked"}},
        {"smuggle_bare_lf",
         "A bare LF hides Transfer-Encoding (RFC 9112 §2.2)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", "X-Pad: a\nTransfer-Encoding: chunked"}},
        {"smuggle_nul_in_value",
         "NUL in a field value (RFC 9110 §5.5)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: {L}", std::string("X-Pad: a\0b", 10)}},
        {"smuggle_two_lengths",
         "Two different Content-Length values (RFC 9112 §6.3 #5)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: 5", "Content-Length: {L}"}},
        {"smuggle_length_sign",
         "Content-Length: +N (RFC 9110 §8.6)",
         "HTTP/1.1",
         {"Expect: 100-continue", "Content-Length: +{L}"}},
    };
    for (const shape& s : shapes) {
        suite_case c{s.name, s.question,        hundred_then_200,
                     {},     judges::malformed, case_group::malformed};
        c.plans.push_back(malformed_request(r, s.name, s.version, s.lines));
        if (std::string_view(s.name) == "smuggle_te_space_before_colon") {
            c.judge = judges::space_before_colon;
        }
        cases.push_back(std::move(c));
    }

    exchange_plan big;
    big.body_size = std::size_t{8} << 20U;
    cases.push_back({"upload_8mib",
                     "8 MiB with Expect: the same SHA-256 at the origin?",
                     hundred_then_200,
                     {big},
                     judges::upload});
    return cases;
}

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_CASES_HPP
