// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The Expect field analyser: every `Expect` field line of a head in, one verdict out.
//
// Theory of operation
// -------------------
// RFC 9110 §10.1.1 makes Expect a list of zero or more expectations, each a token with an
// optional `=value` and, only after that value, `;` parameters. The only expectation defined is
// `100-continue`, with no value and no parameters. A request "has the 100-continue expectation"
// when one member is that bare token, compared without regard to case. Field lines are joined in
// order (§5.3), so a list may be split across several lines and the analyser reads each line as
// it comes (`on_field_line`), keeping only counters between lines: no copy, no allocation.
//
// The scan is a single left-to-right pass over each byte, with no recursion and no backtracking,
// so its work is linear in the input. It stops at the first syntax fault (strict) and reports
// where and why; in the lenient mode it recovers what RFC 9110 §2.4 lets a recipient recover
// and says so in the notes. Control bytes are checked when the scan reaches them, so the fault
// reported is always the first one in byte order, however the list is split into lines.
//
// Three grammars are offered, because deployed systems follow three generations of the RFC:
// - rfc9110 (default): the list grammar above; empty members are skipped up to a bound (G-5).
// - rfc7231: the whole value must be the literal `100-continue` (RFC 7231 §5.1.1); anything
//   else is an unsupported expectation, which a server MAY answer with 417.
// - rfc2616: one or more members (§14.20 `1#expectation`), implied linear whitespace between
//   words (§2.1), including obs-fold, and parameters whose value is optional.
//
// What the analyser never does: unquote a member name, look inside an unterminated quoted
// string, replace control bytes and then match (G-11: replacing then trimming could turn garbage
// into a match), or compare quoted values (no defined expectation has one; under RFC 2616 such
// values were case-sensitive, and callers that need them get the member's location).
#ifndef EXPECT100_EXPECTATION_HPP
#define EXPECT100_EXPECTATION_HPP

#include <expect100/limits.hpp>

#include <expect100/detail/ascii.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <type_traits>

namespace expect100 {

// Which generation of the Expect grammar to read the field with.
enum class expect_grammar : std::uint8_t {
    rfc9110,  // list of zero or more members; the current standard (default)
    rfc7231,  // the single literal `100-continue`
    rfc2616,  // one or more members, implied LWS, extension parameters with optional values
};

// What to do with input the grammar does not allow.
enum class expect_strictness : std::uint8_t {
    strict,   // report the first fault as `malformed` (default)
    lenient,  // recover as RFC 9110 §2.4 allows and as docs/reference/expectation.md lists; see
              // notes
};

struct expect_policy {
    expect_grammar grammar = expect_grammar::rfc9110;
    expect_strictness strictness = expect_strictness::strict;
};

// The verdict on all Expect lines of a head.
enum class expectation_kind : std::uint8_t {
    none,          // no Expect line, or only empty members: nothing is expected (G-1, T-G-7)
    continue_100,  // a `100-continue` member is present (maybe beside others: see notes)
    unsupported,   // members are present, none of them the defined 100-continue (S-11: MAY 417)
    malformed,     // the field breaks the grammar: see `error` and `where`
};

// Why a field was judged malformed. One value per rule, so a caller can log and test it.
enum class expect_syntax_error : std::uint8_t {
    none,
    nul_character,               // NUL inside the value (RFC 9110 §5.5, G-11)
    bare_cr_or_lf,               // CR or LF not part of an obs-fold (G-11)
    control_character,           // another CTL (%x01-1F but HTAB, %x7F): not a field-vchar
    obs_fold,                    // CRLF followed by SP/HTAB under a grammar that forbids it (G-10)
    unterminated_quoted_string,  // a quoted string runs to the end of the line (G-12)
    quoted_expectation_name,     // `"100-continue"`: a member name must be a token (§10.1.1)
    invalid_character,           // a byte that cannot start or continue a member here
    whitespace_inside_member,    // `100-continue foo`: two words in one member
    whitespace_around_equals,    // `foo = bar`: no whitespace around `=` (§5.6.6, G-13)
    missing_value,               // `foo=` with nothing after the `=`
    parameters_without_value,    // `100-continue;a=b`: parameters only after `=value` (G-14)
    parameter_missing_value,     // `foo=1;bar`: an RFC 9110 parameter needs `=value` (§5.6.6)
    empty_parameter,             // `foo=1;` under RFC 2616, whose expect-params are never empty
    too_many_empty_members,      // more than max_empty_list_members empty members (G-5)
    too_many_members,            // more than max_expectation_members members
    empty_list,                  // no member at all under RFC 2616's `1#expectation`
};

// Facts beside the verdict that a preset may act on. A bit set; see expect_notes.
enum class expect_note : std::uint8_t {
    continue_with_value = 1U << 0,       // `100-continue=x`: strict reads it as unknown (§10.1.1)
    continue_with_parameters = 1U << 1,  // `100-continue;x` (only ever seen as lenient)
    unknown_member = 1U << 2,            // a member other than 100-continue is present
    duplicate_continue = 1U << 3,        // 100-continue appears more than once
    empty_members = 1U << 4,             // empty list members were skipped (G-5)
    recovered = 1U << 5,                 // lenient mode accepted something strict rejects
    folded = 1U << 6,                    // an obs-fold was read as a space (G-10)
};

class expect_notes {
public:
    constexpr expect_notes() noexcept = default;
    constexpr bool has(expect_note n) const noexcept {
        return (bits_ & static_cast<std::uint8_t>(n)) != 0;
    }
    constexpr void add(expect_note n) noexcept {
        bits_ = static_cast<std::uint8_t>(bits_ | static_cast<std::uint8_t>(n));
    }
    constexpr std::uint8_t bits() const noexcept { return bits_; }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    friend constexpr bool operator==(expect_notes a, expect_notes b) noexcept {
        return a.bits_ == b.bits_;
    }
    friend constexpr bool operator!=(expect_notes a, expect_notes b) noexcept { return !(a == b); }

private:
    std::uint8_t bits_ = 0;
};

// A place in the field lines: `line` counts the lines given to the analyser from 0, `offset`
// and `length` count bytes within that line's value as given (before any trimming).
struct field_location {
    std::uint32_t line = 0;
    std::size_t offset = 0;
    std::size_t length = 0;
};

// The verdict. A small value: copy it freely.
struct expectation {
    expectation_kind kind = expectation_kind::none;
    expect_syntax_error error = expect_syntax_error::none;  // set only when kind == malformed
    expect_notes notes;
    // malformed: the byte at fault (length 1, or 0 at the end of a line);
    // unsupported or unknown_member noted: the first member other than 100-continue.
    field_location where;
    std::uint16_t members = 0;           // non-empty members seen (up to the first fault)
    std::uint16_t continue_members = 0;  // of which read as 100-continue
    std::uint16_t empty_members = 0;     // empty members skipped
    std::uint32_t lines = 0;             // Expect field lines given

    constexpr bool has_continue() const noexcept { return kind == expectation_kind::continue_100; }
};

// Feeds Expect field lines one at a time, in the order they appear in the head; result() gives
// the verdict on all lines seen so far. Trailer fields must never be fed (RFC 9110 §6.5.1, G-15).
// Cost: O(total bytes); no allocation; never throws.
class expect_analyzer {
public:
    constexpr explicit expect_analyzer(expect_policy policy = {}) noexcept : policy_(policy) {}

    // @param value one field line's value, as the parser delivered it (OWS may remain).
    constexpr void on_field_line(std::string_view value) noexcept;

    constexpr expectation result() const noexcept;

    constexpr expect_policy policy() const noexcept { return policy_; }

private:
    class line_scanner;
    friend class line_scanner;

    constexpr void fail(expect_syntax_error e, std::size_t offset, std::size_t length) noexcept {
        if (state_.error == expect_syntax_error::none) {
            state_.error = e;
            state_.where = field_location{state_.lines, offset, length};
        }
    }
    constexpr bool failed() const noexcept { return state_.error != expect_syntax_error::none; }
    constexpr void on_literal_line(std::string_view value) noexcept;  // rfc7231 strict
    // What a member's name turned out to be.
    enum class member_name : unsigned char {
        continue_token,  // `100-continue`, in any letter case
        other_token,     // any other token
        garbled,         // lenient recovery of something that is not a member (never 100-continue)
    };
    constexpr void note_member(member_name name, std::size_t offset, std::size_t length,
                               bool has_value, bool has_parameters) noexcept;

    expect_policy policy_;
    expectation state_;             // counters, notes and the first fault; kind set by result()
    field_location first_unknown_;  // the first member other than 100-continue
    std::uint16_t unknown_members_ = 0;
};

// One-call forms. `lines` is any range of things convertible to std::string_view (a single
// string is one line, not a range of characters).
template <class Lines,
          std::enable_if_t<!std::is_convertible_v<const Lines&, std::string_view>, int> = 0>
constexpr expectation analyze_expect(const Lines& lines, expect_policy policy = {}) noexcept {
    expect_analyzer analyzer(policy);
    for (const auto& line : lines) {
        analyzer.on_field_line(std::string_view(line));
    }
    return analyzer.result();
}

constexpr expectation analyze_expect(std::initializer_list<std::string_view> lines,
                                     expect_policy policy = {}) noexcept {
    expect_analyzer analyzer(policy);
    for (std::string_view line : lines) {
        analyzer.on_field_line(line);
    }
    return analyzer.result();
}

// One line. A line that is exactly `100-continue` (any letter case, OWS around it: what nearly
// every request carries) is answered before the grammar, with the verdict the grammar gives it
// under every policy (tests/unit/properties.cpp and the fuzz target check they agree).
constexpr expectation analyze_expect(std::string_view single_line,
                                     expect_policy policy = {}) noexcept;

// Names, for logs, traces and tests: the enumerator's own name.
constexpr std::string_view to_string(expectation_kind k) noexcept {
    switch (k) {
    case expectation_kind::none: return "none";
    case expectation_kind::continue_100: return "continue_100";
    case expectation_kind::unsupported: return "unsupported";
    case expectation_kind::malformed: return "malformed";
    }
    return "?";
}

constexpr std::string_view to_string(expect_syntax_error e) noexcept {
    switch (e) {
    case expect_syntax_error::none: return "none";
    case expect_syntax_error::nul_character: return "nul_character";
    case expect_syntax_error::bare_cr_or_lf: return "bare_cr_or_lf";
    case expect_syntax_error::control_character: return "control_character";
    case expect_syntax_error::obs_fold: return "obs_fold";
    case expect_syntax_error::unterminated_quoted_string: return "unterminated_quoted_string";
    case expect_syntax_error::quoted_expectation_name: return "quoted_expectation_name";
    case expect_syntax_error::invalid_character: return "invalid_character";
    case expect_syntax_error::whitespace_inside_member: return "whitespace_inside_member";
    case expect_syntax_error::whitespace_around_equals: return "whitespace_around_equals";
    case expect_syntax_error::missing_value: return "missing_value";
    case expect_syntax_error::parameters_without_value: return "parameters_without_value";
    case expect_syntax_error::parameter_missing_value: return "parameter_missing_value";
    case expect_syntax_error::empty_parameter: return "empty_parameter";
    case expect_syntax_error::too_many_empty_members: return "too_many_empty_members";
    case expect_syntax_error::too_many_members: return "too_many_members";
    case expect_syntax_error::empty_list: return "empty_list";
    }
    return "?";
}

constexpr std::string_view to_string(expect_note n) noexcept {
    switch (n) {
    case expect_note::continue_with_value: return "continue_with_value";
    case expect_note::continue_with_parameters: return "continue_with_parameters";
    case expect_note::unknown_member: return "unknown_member";
    case expect_note::duplicate_continue: return "duplicate_continue";
    case expect_note::empty_members: return "empty_members";
    case expect_note::recovered: return "recovered";
    case expect_note::folded: return "folded";
    }
    return "?";
}

constexpr std::string_view to_string(expect_grammar g) noexcept {
    switch (g) {
    case expect_grammar::rfc9110: return "rfc9110";
    case expect_grammar::rfc7231: return "rfc7231";
    case expect_grammar::rfc2616: return "rfc2616";
    }
    return "?";
}

constexpr std::string_view to_string(expect_strictness s) noexcept {
    switch (s) {
    case expect_strictness::strict: return "strict";
    case expect_strictness::lenient: return "lenient";
    }
    return "?";
}

// Every note, in bit order, for code that lists them.
inline constexpr expect_note all_expect_notes[] = {
    expect_note::continue_with_value,
    expect_note::continue_with_parameters,
    expect_note::unknown_member,
    expect_note::duplicate_continue,
    expect_note::empty_members,
    expect_note::recovered,
    expect_note::folded,
};

}  // namespace expect100

#include <expect100/impl/expectation.hpp>

#endif  // EXPECT100_EXPECTATION_HPP
