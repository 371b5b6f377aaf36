// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The probe suite's judgement without sockets: what check_common() and the cases' judges make
// of a record of both hops (examples/probe/suite/). tests/interop/probe_suite.sh runs the whole
// suite through expect100-proxy over real sockets.
#include "../../examples/probe/suite/cases.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace expect100::examples::suite;

namespace {

std::vector<std::string> codes_of(const case_findings& f) {
    std::vector<std::string> out;
    for (const finding& x : f.list())
        out.emplace_back(x.kind->code);
    return out;
}
bool has(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

origin_request arrived(const std::string& tag, bool with_expect, const std::string& sha = "s1") {
    origin_request r;
    r.method = "POST";
    r.target = "/upload?e100=" + tag;
    r.start_line = "POST " + r.target + " HTTP/1.1";
    if (with_expect) r.expect = "100-continue";
    r.complete = true;
    r.content_sha256 = sha;
    r.content_size = 64;
    return r;
}

client_response response(unsigned status, double ms = 1) {
    client_response r;
    r.status = status;
    r.ms = ms;
    r.version = "HTTP/1.1";
    return r;
}

exchange_record record(const std::string& tag, std::vector<unsigned> statuses,
                       body_release release) {
    exchange_record rec;
    rec.tag = tag;
    rec.requests_sent = 1;
    rec.release = release;
    if (release == body_release::by_timer) rec.body_ms = 1000;  // the client's 1 s timer
    double ms = release == body_release::by_timer ? 1001 : 1;
    for (unsigned s : statuses) {
        rec.responses.push_back(response(s, ms));
        if (s >= 200 && !rec.final_response) rec.final_response = rec.responses.back();
        ms += 1;
    }
    return rec;
}

const std::vector<sent_request> one_sent{{"c.1", "s1", 64}};

}  // namespace

TEST_CASE("suite: tag_of reads the e100 query parameter") {
    CHECK(tag_of("/upload?e100=origin_100.1") == "origin_100.1");
    CHECK(tag_of("/x?a=b&e100=c.2&d=e") == "c.2");
    CHECK(tag_of("/no-tag").empty());
}

TEST_CASE(
    "suite: a request hidden in a body that reaches the origin is request smuggling "
    "(RFC 9112 §9.3 S-8 P-15)") {
    case_findings f;
    const std::vector<origin_request> at_origin{arrived("c.1", true), arrived("smuggled.c", false)};
    check_common({record("c.1", {413, 200}, body_release::after_early_final)}, at_origin, one_sent,
                 f);
    const auto codes = codes_of(f);
    CHECK(has(codes, "hidden_request_forwarded"));
    CHECK_FALSE(has(codes, "request_not_sent"));
}

TEST_CASE("suite: a request the client never sent at the origin is a desync (RFC 9112 §6.3)") {
    case_findings f;
    check_common({}, {arrived("c.1", true), arrived("other.7", false)}, one_sent, f);
    CHECK(codes_of(f) == std::vector<std::string>{"request_not_sent"});
}

TEST_CASE("suite: other content than the client sent is body_altered (P-12)") {
    case_findings f;
    check_common({}, {arrived("c.1", true, "different")}, one_sent, f);
    CHECK(codes_of(f) == std::vector<std::string>{"body_altered"});
    case_findings same;
    check_common({}, {arrived("c.1", true)}, one_sent, same);
    CHECK(same.list().empty());
}

TEST_CASE("suite: a repeat without Expect follows a 417 (P-16) and any other repeat is P-9") {
    case_findings after_417;
    check_common({}, {arrived("c.1", true), arrived("c.1", false)}, one_sent, after_417);
    CHECK(codes_of(after_417) == std::vector<std::string>{"repeated_without_expect"});
    case_findings twice;
    check_common({}, {arrived("c.1", true), arrived("c.1", true)}, one_sent, twice);
    CHECK(codes_of(twice) == std::vector<std::string>{"request_repeated"});
}

TEST_CASE(
    "suite: a head the strict parser refused at the origin was forwarded invalid "
    "(G-9 G-10 G-11)") {
    case_findings f;
    origin_request bad = arrived("c.1", true);
    bad.fault = expect100::testing::wire_fault::obs_fold;
    check_common({}, {bad}, one_sent, f);
    CHECK(codes_of(f) == std::vector<std::string>{"forwarded_invalid_head"});
}

TEST_CASE(
    "suite: the client's side: an extra final, a 1xx after the final, a 1xx to "
    "HTTP/1.0 (G-18 G-19 S-2)") {
    case_findings extra;
    check_common({record("c.1", {200, 200}, body_release::by_100)}, {}, one_sent, extra);
    CHECK(codes_of(extra) == std::vector<std::string>{"response_without_request"});
    case_findings late;
    check_common({record("c.1", {200, 100}, body_release::by_100)}, {}, one_sent, late);
    CHECK(codes_of(late) == std::vector<std::string>{"interim_after_final"});
    case_findings old;
    exchange_record http10 = record("c.1", {100, 200}, body_release::with_head);
    http10.http10 = true;
    check_common({http10}, {}, one_sent, old);
    CHECK(codes_of(old) == std::vector<std::string>{"interim_to_http10"});
}

TEST_CASE(
    "suite: who released the body: the origin's 100, the proxy's, or the timer (P-4 "
    "P-11 C-4)") {
    const suite_settings settings;
    const std::vector<event> origin_sent_100{{0.5, hop::origin_to_proxy, "100 Continue", 1}};
    const std::vector<event> silence;
    const auto judge = [&](const exchange_record& rec, const std::vector<origin_request>& at,
                           const std::vector<event>& events) {
        const std::vector<exchange_record> records{rec};
        case_findings f;
        judges::continue_story(case_view{records, at, events, one_sent, settings}, f);
        return codes_of(f);
    };
    const auto relayed = judge(record("c.1", {100, 200}, body_release::by_100),
                               {arrived("c.1", true)}, origin_sent_100);
    CHECK(has(relayed, "continue_relayed"));
    CHECK(has(relayed, "body_delivered"));
    CHECK(has(
        judge(record("c.1", {100, 200}, body_release::by_100), {arrived("c.1", false)}, silence),
        "continue_local"));
    const auto withheld = judge(record("c.1", {501}, body_release::by_timer),
                                {arrived("c.1", true)}, origin_sent_100);
    CHECK(has(withheld, "continue_withheld"));  // the outage
    CHECK(has(withheld, "body_refused"));
    CHECK(has(judge(record("c.1", {200}, body_release::by_timer), {arrived("c.1", true)}, silence),
              "client_waited_timer"));
    // A late 100 (the origin's, after the timer sent the body) withheld nothing.
    exchange_record late = record("c.1", {200}, body_release::by_timer);
    late.body_ms = 1000;
    const std::vector<event> origin_late_100{{1500, hop::origin_to_proxy, "100 Continue", 1}};
    CHECK(has(judge(late, {arrived("c.1", true)}, origin_late_100), "client_waited_timer"));
    late.body_ms = 1600;  // had the body waited past it, the 100 was withheld
    CHECK(has(judge(late, {arrived("c.1", true)}, origin_late_100), "continue_withheld"));
}

TEST_CASE("suite: an early final the proxy replaced with its own error is reported (P-1 S-7)") {
    const suite_settings settings;
    const std::vector<event> origin_401{{0.5, hop::origin_to_proxy, "401 Unauthorized", 1}};
    const std::vector<exchange_record> records{record("c.1", {500}, body_release::not_sent)};
    const std::vector<origin_request> at{arrived("c.1", true)};
    case_findings f;
    judges::early_final(case_view{records, at, origin_401, one_sent, settings}, f);
    CHECK(codes_of(f) == std::vector<std::string>{"early_final_replaced"});
    const std::vector<exchange_record> relayed{record("c.1", {401}, body_release::not_sent)};
    case_findings g;
    judges::early_final(case_view{relayed, at, origin_401, one_sent, settings}, g);
    CHECK(has(codes_of(g), "early_final_relayed"));
}

TEST_CASE("suite: an outcome sums up statuses, the body's release and what reached the origin") {
    exchange_record rec = record("c.1", {200}, body_release::by_timer);
    CHECK(outcome_of({rec}, {arrived("c.1", true)}) == "200 timer | origin: E");
    exchange_record silent;
    silent.closed = true;
    CHECK(outcome_of({silent}, {arrived("smuggled.c", false)}) == "- closed | origin: smuggled");
}
