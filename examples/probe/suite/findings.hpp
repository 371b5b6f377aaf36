// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Every finding the suite can report, in one table: a stable code (for machines: --json, and
// docs/programs/probe.md), how serious it is, the RFC section and requirement IDs
// (docs/requirements.md) it rests on, and what it means for a person.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_FINDINGS_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_FINDINGS_HPP

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace expect100::examples::suite {

enum class severity : std::uint8_t {
    ok,         // what the RFC asks, or allows without cost
    note,       // allowed, with a cost a user of the proxy should know
    violation,  // against a MUST, or a hazard (desync, smuggling, lost bytes)
};

constexpr std::string_view to_string(severity s) noexcept {
    switch (s) {
    case severity::ok: return "ok";
    case severity::note: return "note";
    case severity::violation: return "violation";
    }
    return "?";
}

struct finding_kind {
    std::string_view code;
    severity level;
    std::string_view reference;  // RFC section (requirement IDs)
    std::string_view meaning;
};

// clang-format off
inline constexpr std::array<finding_kind, 43> finding_kinds{{
    // 100 Continue and the client's wait
    {"continue_relayed", severity::ok, "RFC 9110 §15.2 (P-4)", "the origin's 100 reached the client"},
    {"continue_local", severity::note, "RFC 9110 §10.1.1 (P-11)", "the proxy answered 100 itself and the origin never saw Expect: it cannot refuse before the upload"},
    {"continue_withheld", severity::violation, "RFC 9110 §15.2 (P-4); the outage", "the origin sent 100, the client never got it and waited out its timer"},
    {"grace_continue", severity::ok, "RFC 9110 §10.1.1 (P-11, C-4)", "the origin was silent; the proxy sent a 100 of its own and still forwarded Expect"},
    {"client_waited_timer", severity::note, "RFC 9110 §10.1.1 (C-4)", "no 100 reached the client: the upload waited out the client's timer"},
    {"head_held_for_body", severity::note, "RFC 9110 §10.1.1 (P-1)", "the head reached the origin only after the body: the proxy buffered the request"},
    {"body_delivered", severity::ok, "RFC 9110 §10.1.1 (S-6)", "the body reached the origin whole and its final response came back"},
    {"body_refused", severity::violation, "RFC 9110 §10.1.1 (P-12, S-15); the outage", "a body sent before any 100 was refused"},
    {"other_1xx_relayed", severity::ok, "RFC 9110 §15.2 (P-4, C-6)", "102 and 103 were relayed before the 100"},
    {"other_1xx_broke_exchange", severity::violation, "RFC 9110 §15.2 (C-6, P-4)", "102 or 103 from the origin ended the exchange without its final response: a proxy must parse any number of 1xx"},
    {"other_1xx_dropped", severity::note, "RFC 9110 §15.2 (P-4)", "102 or 103 from the origin did not reach the client"},
    // Early final responses (the origin refuses before the body)
    {"early_final_relayed", severity::ok, "RFC 9110 §10.1.1 (P-1, S-7)", "the origin's early final response reached the client before any body"},
    {"early_final_replaced", severity::violation, "RFC 9110 §10.1.1, §15.2 (P-1, S-7)", "the origin's early final response never reached the client: the proxy answered an error of its own"},
    {"upload_before_early_final", severity::note, "RFC 9110 §10.1.1 (P-1, P-11)", "the client had sent the body before the origin's early final response reached it"},
    {"stubborn_body_answered", severity::violation, "RFC 9112 §9.3 (S-8, P-15, G-18)", "after an early final response, the proxy answered the client's body as a request"},
    {"reused_after_early_final", severity::ok, "RFC 9112 §9.3 (S-8, C-12)", "after an early final response and the body, the next request was served intact"},
    {"second_request_failed", severity::violation, "RFC 9112 §9.3 (S-8, P-15)", "after an early final response and the body, the next request on the connection failed"},
    {"closed_after_early_final", severity::ok, "RFC 9110 §10.1.1 (S-7, S-9)", "the early final response said Connection: close, and the connection closed"},
    {"closed_unannounced", severity::note, "RFC 9112 §9.6 (S-9)", "the connection closed though the final response did not say Connection: close"},
    {"repeated_without_expect", severity::ok, "RFC 9110 §10.1.1 (P-16, C-5)", "after the origin's 417 the proxy repeated the request without Expect"},
    // Bodies sent without waiting
    {"early_body_accepted", severity::ok, "RFC 9110 §10.1.1 (C-3, P-12)", "a body sent with its head was accepted as the request's content"},
    // HTTP/1.0 on either side
    {"interim_to_http10", severity::violation, "RFC 9110 §15.2 (S-2, P-5)", "a 1xx reached an HTTP/1.0 client"},
    {"expect_forwarded_for_http10", severity::note, "RFC 9110 §10.1.1 (S-1, P-13)", "an HTTP/1.0 client's Expect was forwarded (the next hop must ignore it)"},
    {"http10_next_hop_continue", severity::ok, "RFC 9110 §10.1.1 (P-2, P-3)", "toward an HTTP/1.0 origin the proxy answered 100 itself"},
    {"http10_next_hop_waited", severity::note, "RFC 9110 §10.1.1 (P-2, P-3, C-4)", "toward an HTTP/1.0 origin no 100 came: the client waited out its timer"},
    {"response_version_not_proxy", severity::violation, "RFC 9112 §2.3 (P-7)", "a response was relayed with the origin's HTTP version instead of the proxy's"},
    // Expect values
    {"expect_understood", severity::ok, "RFC 9110 §10.1.1 (G-3, G-6)", "the value was read as 100-continue"},
    {"expect_refused_417", severity::ok, "RFC 9110 §10.1.1 (S-11, P-6)", "the expectation was refused with 417"},
    {"expect_not_understood", severity::note, "RFC 9110 §10.1.1 (G-3, G-6)", "a valid 100-continue was not honoured: no 100 and no 417"},
    // Malformed and hostile requests
    {"malformed_refused", severity::ok, "RFC 9112 §5, §6.3 (G-9, G-10, G-11, G-24)", "the malformed request was refused with an error status and nothing of it was forwarded"},
    {"accepted_normalised", severity::note, "RFC 9112 §5.2, §6.3 (G-10, G-22)", "the malformed request was accepted and forwarded in a valid form"},
    {"closed_without_answer", severity::note, "RFC 9112 §6.3 (G-24)", "the proxy closed without answering the malformed request"},
    {"space_before_colon_accepted", severity::violation, "RFC 9112 §5.1 (G-9)", "a field name followed by whitespace was accepted (MUST be answered 400)"},
    // Integrity
    {"upload_intact", severity::ok, "RFC 9112 §6.3", "the 8 MiB upload reached the origin with the same SHA-256"},
    // Checked in every case
    {"request_not_sent", severity::violation, "RFC 9112 §6.3, §9.3 (S-8, S-15)", "a request the client never sent reached the origin: desync or smuggling"},
    {"hidden_request_forwarded", severity::violation, "RFC 9112 §6.1, §6.3, §9.3 (S-8, S-15, P-15)", "a request hidden in the client's body (sent after an early final response, or behind a malformed framing) reached the origin: request smuggling"},
    {"forwarded_invalid_head", severity::violation, "RFC 9112 §5, §6.3; RFC 9110 §5.5 (G-9, G-10, G-11)", "a head the RFC says to refuse reached the origin"},
    {"body_altered", severity::violation, "RFC 9112 §6.3 (P-12)", "a request reached the origin with other content than the client sent"},
    {"request_repeated", severity::violation, "RFC 9110 §9.2.2 (P-9)", "a non-idempotent request reached the origin twice"},
    {"response_without_request", severity::violation, "RFC 9112 §9.2 (G-18, G-19)", "the client got a response to no request it sent: desync"},
    {"interim_after_final", severity::violation, "RFC 9110 §15.2 (G-18)", "a 1xx came after the final response"},
    {"malformed_response", severity::violation, "RFC 9112 §4, §6.3", "the client got a response the strict parser refuses"},
    {"no_final_response", severity::violation, "RFC 9110 §10.1.1 (S-6, G-18)", "no final response reached the client"},
}};
// clang-format on

constexpr bool codes_are_unique() {
    for (std::size_t i = 0; i < finding_kinds.size(); ++i) {
        for (std::size_t j = i + 1; j < finding_kinds.size(); ++j) {
            if (finding_kinds[i].code == finding_kinds[j].code) return false;
        }
    }
    return true;
}
static_assert(codes_are_unique(), "a finding code names one finding");

constexpr const finding_kind* find_kind(std::string_view code) noexcept {
    for (const finding_kind& k : finding_kinds) {
        if (k.code == code) return &k;
    }
    return nullptr;
}

// One finding in one case: its kind, and what was measured (a time, a status, bytes).
struct finding {
    const finding_kind* kind = nullptr;
    std::string detail;
};

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_FINDINGS_HPP
