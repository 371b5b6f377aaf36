// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Properties of the Expect analyser that must hold for every input. The fuzz target checks them
// on generated input and tests/unit/properties.cpp on a fixed list, so they live here once.
// Each check returns an empty string when the property holds, otherwise what broke.
#ifndef EXPECT100_TESTS_SUPPORT_EXPECT_PROPERTIES_HPP
#define EXPECT100_TESTS_SUPPORT_EXPECT_PROPERTIES_HPP

#include <expect100/expectation.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace expect100::test {

inline constexpr expect_grammar all_grammars[] = {expect_grammar::rfc9110, expect_grammar::rfc7231,
                                                  expect_grammar::rfc2616};

// The parts of a verdict that do not depend on how the value was split into lines.
inline bool same_meaning(const expectation& a, const expectation& b) {
    return a.kind == b.kind && a.error == b.error && a.notes == b.notes && a.members == b.members &&
           a.continue_members == b.continue_members && a.empty_members == b.empty_members;
}

// The offsets of the top-level commas of one line: outside quoted strings, honouring
// quoted-pairs, exactly as the list grammar splits (RFC 9110 §5.6.1).
inline std::vector<std::size_t> top_level_commas(std::string_view line) {
    std::vector<std::size_t> commas;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == ',') {
            commas.push_back(i);
        }
    }
    return commas;
}

// 1. The lenient reading never loses a 100-continue that the strict one found.
inline std::string check_lenient_keeps_continue(const std::vector<std::string_view>& lines,
                                                expect_grammar g) {
    const expectation strict = analyze_expect(lines, {g, expect_strictness::strict});
    const expectation lenient = analyze_expect(lines, {g, expect_strictness::lenient});
    if (strict.has_continue() && !lenient.has_continue()) {
        return "lenient lost the 100-continue that strict found";
    }
    return {};
}

// 2. Splitting one line at a top-level comma into two field lines changes nothing
//    (RFC 9110 §5.3: field lines are joined with ", "). Not for strict rfc7231, where the
//    value is one literal and a second line makes it "other than 100-continue" by definition.
inline std::string check_split_invariance(std::string_view line, expect_policy p) {
    if (p.grammar == expect_grammar::rfc7231 && p.strictness == expect_strictness::strict) {
        return {};
    }
    const expectation whole = analyze_expect(line, p);
    for (std::size_t comma : top_level_commas(line)) {
        const std::string_view first = line.substr(0, comma);
        const std::string_view second = line.substr(comma + 1);
        const expectation split = analyze_expect({first, second}, p);
        // A fault found in the second half is reported in line 1 instead of 0: compare
        // the meaning, not the coordinates.
        if (!same_meaning(whole, split)) {
            return "splitting at the comma at offset " + std::to_string(comma) +
                   " changed the verdict";
        }
    }
    return {};
}

// 3. Letter case outside quoted strings never changes the verdict (RFC 9110 §10.1.1: the
//    value is compared without regard to case; quoted values are never compared).
inline std::string check_case_insensitive(std::string_view line, expect_policy p) {
    std::string upper(line);
    std::string lower(line);
    bool quoted = false;
    for (std::size_t i = 0; i < upper.size(); ++i) {
        const char c = upper[i];
        if (quoted && c == '\\') {
            ++i;
            continue;
        }
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (!quoted && c >= 'a' && c <= 'z') {
            upper[i] = static_cast<char>(c - 'a' + 'A');
        }
        if (!quoted && c >= 'A' && c <= 'Z') {
            lower[i] = static_cast<char>(c - 'A' + 'a');
        }
    }
    const expectation a = analyze_expect(line, p);
    const expectation b = analyze_expect(std::string_view(upper), p);
    const expectation c = analyze_expect(std::string_view(lower), p);
    if (!same_meaning(a, b) || !same_meaning(a, c) || a.where.offset != b.where.offset ||
        a.where.offset != c.where.offset) {
        return "changing letter case outside quotes changed the verdict";
    }
    return {};
}

// 4. The verdict is self-consistent: locations lie inside the input, counters agree.
inline std::string check_consistency(const std::vector<std::string_view>& lines, expect_policy p) {
    const expectation e = analyze_expect(lines, p);
    if (e.lines != lines.size()) {
        return "line count differs from the lines given";
    }
    if ((e.kind == expectation_kind::malformed) != (e.error != expect_syntax_error::none)) {
        return "malformed kind and error disagree";
    }
    if (e.kind == expectation_kind::malformed || e.kind == expectation_kind::unsupported) {
        if (e.where.line >= lines.size() && !lines.empty()) {
            return "location names a line that was not given";
        }
        if (!lines.empty() && e.where.offset + e.where.length > lines[e.where.line].size()) {
            return "location runs past the end of its line";
        }
    }
    if (e.continue_members > e.members) {
        return "more 100-continue members than members";
    }
    if (e.kind == expectation_kind::continue_100 && e.continue_members == 0) {
        return "continue_100 without a 100-continue member";
    }
    // A bound is hit by the member one past it, which is counted and reported as the fault.
    const unsigned members_allowed =
        max_expectation_members + (e.error == expect_syntax_error::too_many_members ? 1U : 0U);
    const unsigned empty_allowed =
        max_empty_list_members + (e.error == expect_syntax_error::too_many_empty_members ? 1U : 0U);
    if (e.members > members_allowed || e.empty_members > empty_allowed) {
        return "a bound was not enforced";
    }
    return {};
}

// 5. The one-line form (which answers a lone `100-continue` before the grammar) gives exactly
//    the verdict of the analyser fed that line, every field and location included.
inline std::string check_one_line_form(std::string_view line, expect_policy p) {
    const expectation quick = analyze_expect(line, p);
    expect_analyzer analyzer(p);
    analyzer.on_field_line(line);
    const expectation full = analyzer.result();
    if (!same_meaning(quick, full) || quick.lines != full.lines ||
        quick.where.line != full.where.line || quick.where.offset != full.where.offset ||
        quick.where.length != full.where.length) {
        return "the one-line form and the analyser disagree";
    }
    return {};
}

// Every property on one input value under every policy. @return the first failure or empty.
inline std::string check_all_properties(std::string_view line) {
    const std::vector<std::string_view> one{line};
    for (expect_grammar g : all_grammars) {
        std::string failure = check_lenient_keeps_continue(one, g);
        for (expect_strictness s : {expect_strictness::strict, expect_strictness::lenient}) {
            const expect_policy p{g, s};
            if (failure.empty()) failure = check_split_invariance(line, p);
            if (failure.empty()) failure = check_case_insensitive(line, p);
            if (failure.empty()) failure = check_consistency(one, p);
            if (failure.empty()) failure = check_one_line_form(line, p);
            if (!failure.empty()) {
                return std::string(to_string(g)) + "/" + std::string(to_string(s)) + ": " + failure;
            }
        }
        if (!failure.empty()) {
            return std::string(to_string(g)) + ": " + failure;
        }
    }
    return {};
}

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_EXPECT_PROPERTIES_HPP
