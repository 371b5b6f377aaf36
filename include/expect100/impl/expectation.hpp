// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of expect_analyzer (see expectation.hpp for the theory of operation).
#ifndef EXPECT100_IMPL_EXPECTATION_HPP
#define EXPECT100_IMPL_EXPECTATION_HPP

#include <expect100/expectation.hpp>  // so this header also compiles alone

#include <expect100/detail/ascii.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

namespace detail {

inline constexpr std::string_view continue_token = "100-continue";

// A little-endian load written as shifts, so that it stays constexpr.
constexpr std::uint64_t load_le(const char* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8U * i);
    }
    return v;
}

// `s` is `100-continue` in any letter case: equals_lowercase(s, continue_token), in two word
// compares. Setting bit 0x20 folds a letter's case, and only at the letters: elsewhere it would
// let a control byte pass for a digit ('\x11' | 0x20 == '1').
constexpr bool is_continue_token(std::string_view s) noexcept {
    constexpr std::uint64_t head = 0x746e6f632d303031;  // "100-cont", little-endian
    constexpr std::uint64_t head_case = 0x2020202000000000;
    constexpr std::uint64_t tail = 0x65756e69;  // "inue"
    constexpr std::uint64_t tail_case = 0x20202020;
    return s.size() == 12 && (load_le(s.data(), 8) | head_case) == head &&
           (load_le(s.data() + 8, 4) | tail_case) == tail;
}
static_assert(is_continue_token("100-continue") && is_continue_token("100-CoNtInUe"));
static_assert(!is_continue_token("100-continu") && !is_continue_token("\x11\x30\x30-continue") &&
              !is_continue_token("100\rcontinue") && !is_continue_token("100-c\x0fntinue"));

// Length of an obs-fold's line break starting at `i` (2 for CRLF, 1 for a bare LF), or 0 when
// the bytes at `i` are not a line break followed by SP/HTAB (RFC 9112 §5.2).
constexpr std::size_t fold_length(std::string_view s, std::size_t i) noexcept {
    if (i + 2 < s.size() && s[i] == '\r' && s[i + 1] == '\n' && is_ows(s[i + 2])) {
        return 2;
    }
    if (i + 1 < s.size() && s[i] == '\n' && is_ows(s[i + 1])) {
        return 1;
    }
    return 0;
}

// The fault of the control byte at `i`, or none when s[i] is not a CTL. An obs-fold is a fault
// here too: callers that accept folds consume them before asking.
constexpr expect_syntax_error control_fault(std::string_view s, std::size_t i) noexcept {
    const char c = s[i];
    if (!is_ctl(c)) {
        return expect_syntax_error::none;
    }
    if (c == '\0') {
        return expect_syntax_error::nul_character;
    }
    if (c == '\r' || c == '\n') {
        return fold_length(s, i) != 0 ? expect_syntax_error::obs_fold
                                      : expect_syntax_error::bare_cr_or_lf;
    }
    return expect_syntax_error::control_character;
}

}  // namespace detail

// Scans one field line of a list grammar (rfc9110, rfc2616, and rfc7231 when lenient).
// Every member found is reported through expect_analyzer::note_member; the first fault through
// expect_analyzer::fail, after which the scan stops.
class expect_analyzer::line_scanner {
public:
    constexpr line_scanner(expect_analyzer& analyzer, std::string_view line) noexcept
        : a_(analyzer), s_(line) {}

    constexpr void run() noexcept {
        bool slot_has_member = false;  // a slot is what lies between two commas (§5.6.1)
        for (;;) {
            skip_ows();
            if (at_end()) {
                break;
            }
            if (s_[i_] == ',') {
                if (!end_slot(slot_has_member)) {
                    return;
                }
                slot_has_member = false;
                ++i_;
                continue;
            }
            if (!scan_member()) {
                return;
            }
            slot_has_member = true;
        }
        end_slot(slot_has_member);
    }

private:
    // What one step of a member's scan found.
    enum class step : unsigned char {
        ok,       // go on
        fault,    // a fault was reported; stop
        garbled,  // lenient only: not a member of the grammar; skip it as an unknown member
    };

    constexpr bool at_end() const noexcept { return i_ >= s_.size(); }
    constexpr bool lenient() const noexcept {
        return a_.policy_.strictness == expect_strictness::lenient;
    }
    // RFC 2616 §2.1 implied LWS (obs-fold included) or the lenient reading of RFC 9110 §2.4.
    constexpr bool loose_whitespace() const noexcept {
        return lenient() || a_.policy_.grammar == expect_grammar::rfc2616;
    }

    // Skips OWS (and obs-folds where they are whitespace). @return whether anything was skipped.
    constexpr bool skip_ows() noexcept {
        const std::size_t begin = i_;
        while (!at_end()) {
            if (detail::is_ows(s_[i_])) {
                ++i_;
                continue;
            }
            const std::size_t fold = detail::fold_length(s_, i_);
            if (fold == 0 || !loose_whitespace()) {
                break;
            }
            a_.state_.notes.add(expect_note::folded);
            i_ += fold;
        }
        return i_ != begin;
    }

    // Reports the byte at i_ when it is a control byte. @return whether it did.
    constexpr bool report_control() noexcept {
        if (at_end()) {
            return false;
        }
        const expect_syntax_error e = detail::control_fault(s_, i_);
        if (e == expect_syntax_error::none) {
            return false;
        }
        a_.fail(e, i_, 1);
        return true;
    }

    // Strict: report `e` at i_ and stop. Lenient: the member is garbled; skip it.
    constexpr step reject(expect_syntax_error e) noexcept {
        if (report_control()) {
            return step::fault;
        }
        if (lenient()) {
            return step::garbled;
        }
        a_.fail(e, i_, at_end() ? 0 : 1);
        return step::fault;
    }

    // Whitespace that the strict RFC 9110 grammar forbids (around `=`): G-13.
    constexpr step loose_space(std::size_t at) noexcept {
        if (loose_whitespace()) {
            if (a_.policy_.grammar != expect_grammar::rfc2616) {
                a_.state_.notes.add(expect_note::recovered);
            }
            return step::ok;
        }
        a_.fail(expect_syntax_error::whitespace_around_equals, at, 1);
        return step::fault;
    }

    constexpr bool end_slot(bool slot_has_member) noexcept {
        if (slot_has_member) {
            return true;
        }
        ++a_.state_.empty_members;
        a_.state_.notes.add(expect_note::empty_members);
        if (a_.state_.empty_members > max_empty_list_members) {
            a_.fail(expect_syntax_error::too_many_empty_members, i_, at_end() ? 0 : 1);
            return false;
        }
        return true;
    }

    constexpr std::string_view scan_token() noexcept {
        const std::size_t begin = i_;
        while (!at_end() && detail::is_tchar(s_[i_])) {
            ++i_;
        }
        return s_.substr(begin, i_ - begin);
    }

    // quoted-string (RFC 9110 §5.6.4), i_ at the opening DQUOTE.
    constexpr bool scan_quoted() noexcept {
        const std::size_t open = i_++;
        for (;;) {
            if (at_end()) {
                a_.fail(expect_syntax_error::unterminated_quoted_string, open, 1);
                return false;
            }
            char c = s_[i_];
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c == '\\') {  // quoted-pair: the next byte stands for itself (G-12)
                ++i_;
                if (at_end()) {
                    a_.fail(expect_syntax_error::unterminated_quoted_string, open, 1);
                    return false;
                }
                c = s_[i_];
            }
            if (detail::is_ctl(c)) {
                const std::size_t fold = detail::fold_length(s_, i_);
                if (fold == 0 || !loose_whitespace()) {
                    report_control();
                    return false;
                }
                a_.state_.notes.add(expect_note::folded);
                i_ += fold;
                continue;
            }
            ++i_;
        }
    }

    // token / quoted-string after an `=`.
    constexpr step scan_value() noexcept {
        if (!at_end() && s_[i_] == '"') {
            return scan_quoted() ? step::ok : step::fault;
        }
        if (!at_end() && detail::is_tchar(s_[i_])) {
            scan_token();
            return step::ok;
        }
        return reject(expect_syntax_error::missing_value);
    }

    // `=` value, with the whitespace rules of the grammar; i_ at the `=` or past the name.
    // @param gap whether whitespace preceded i_ (after the name).
    constexpr step scan_equals_value(std::size_t gap_at, bool gap) noexcept {
        if (gap && loose_space(gap_at) == step::fault) {
            return step::fault;
        }
        ++i_;  // the `=`
        const std::size_t after = i_;
        if (skip_ows() && loose_space(after) == step::fault) {
            return step::fault;
        }
        return scan_value();
    }

    // parameters = *( OWS ";" OWS [ parameter ] ), i_ at a `;`.
    constexpr step scan_parameters(bool has_value) noexcept {
        while (!at_end() && s_[i_] == ';') {
            if (!has_value) {  // G-14: parameters belong to a `=value`
                if (!lenient()) {
                    a_.fail(expect_syntax_error::parameters_without_value, i_, 1);
                    return step::fault;
                }
                a_.state_.notes.add(expect_note::recovered);
            }
            ++i_;
            skip_ows();
            if (at_end() || s_[i_] == ',' || s_[i_] == ';') {
                // An empty parameter: allowed by RFC 9110 §5.6.6, never by RFC 2616 §14.20.
                if (a_.policy_.grammar == expect_grammar::rfc2616 && !lenient()) {
                    a_.fail(expect_syntax_error::empty_parameter, i_, at_end() ? 0 : 1);
                    return step::fault;
                }
                continue;
            }
            if (!detail::is_tchar(s_[i_])) {
                return reject(expect_syntax_error::invalid_character);
            }
            scan_token();
            member_end_ = i_;
            const std::size_t gap_at = i_;
            const bool gap = skip_ows();
            if (!at_end() && s_[i_] == '=') {
                const step s = scan_equals_value(gap_at, gap);
                if (s != step::ok) {
                    return s;
                }
                member_end_ = i_;
                skip_ows();
            } else if (a_.policy_.grammar != expect_grammar::rfc2616) {
                // RFC 9110 §5.6.6: parameter = token "=" value. RFC 2616 made the value optional.
                if (!lenient()) {
                    a_.fail(expect_syntax_error::parameter_missing_value, i_, at_end() ? 0 : 1);
                    return step::fault;
                }
                a_.state_.notes.add(expect_note::recovered);
            }
        }
        return step::ok;
    }

    // expectation = token [ "=" ( token / quoted-string ) parameters ], then OWS up to `,`.
    constexpr step scan_member_body(std::string_view& name, bool& has_value,
                                    bool& has_parameters) noexcept {
        if (s_[i_] == '"') {
            return reject(expect_syntax_error::quoted_expectation_name);
        }
        if (!detail::is_tchar(s_[i_])) {
            return reject(expect_syntax_error::invalid_character);
        }
        name = scan_token();
        member_end_ = i_;
        const std::size_t gap_at = i_;
        bool gap = skip_ows();
        if (!at_end() && s_[i_] == '=') {
            const step s = scan_equals_value(gap_at, gap);
            if (s != step::ok) {
                return s;
            }
            has_value = true;
            member_end_ = i_;
            gap = skip_ows();
        }
        if (!at_end() && s_[i_] == ';') {
            has_parameters = true;
            const step s = scan_parameters(has_value);
            if (s != step::ok) {
                return s;
            }
            gap = i_ > member_end_;
        }
        if (at_end() || s_[i_] == ',') {
            return step::ok;
        }
        return reject(gap ? expect_syntax_error::whitespace_inside_member
                          : expect_syntax_error::invalid_character);
    }

    // Lenient recovery: everything up to the next top-level comma is one unknown member.
    constexpr bool skip_garbled() noexcept {
        while (!at_end() && s_[i_] != ',') {
            if (s_[i_] == '"') {
                if (!scan_quoted()) {  // never look inside an open quote
                    return false;
                }
                member_end_ = i_;
                continue;
            }
            if (skip_ows()) {
                continue;
            }
            if (report_control()) {
                return false;
            }
            ++i_;
            member_end_ = i_;
        }
        return true;
    }

    constexpr bool scan_member() noexcept {
        const std::size_t begin = i_;
        member_end_ = begin;
        if (report_control()) {
            return false;
        }
        std::string_view name;
        bool has_value = false;
        bool has_parameters = false;
        switch (scan_member_body(name, has_value, has_parameters)) {
        case step::fault: return false;
        case step::garbled:
            a_.state_.notes.add(expect_note::recovered);
            if (!skip_garbled()) {
                return false;
            }
            a_.note_member(member_name::garbled, begin, member_end_ - begin, false, false);
            return !a_.failed();
        case step::ok: break;
        }
        const member_name kind = detail::equals_lowercase(name, detail::continue_token)
                                     ? member_name::continue_token
                                     : member_name::other_token;
        a_.note_member(kind, begin, member_end_ - begin, has_value, has_parameters);
        return !a_.failed();
    }

    expect_analyzer& a_;
    std::string_view s_;
    std::size_t i_ = 0;
    std::size_t member_end_ = 0;  // one past the last byte of the member being scanned
};

constexpr void expect_analyzer::note_member(member_name name, std::size_t offset,
                                            std::size_t length, bool has_value,
                                            bool has_parameters) noexcept {
    ++state_.members;
    if (state_.members > max_expectation_members) {
        fail(expect_syntax_error::too_many_members, offset, length);
        return;
    }
    const bool lenient = policy_.strictness == expect_strictness::lenient;
    if (name == member_name::continue_token) {
        if (has_value) {
            state_.notes.add(expect_note::continue_with_value);
        }
        if (has_parameters) {
            state_.notes.add(expect_note::continue_with_parameters);
        }
        // §10.1.1 gives 100-continue no value and no parameters; strict reads one that has
        // them as some other expectation (docs/requirements.md, "Choices" point 2).
        const bool bare = !has_value && !has_parameters;
        if (bare || lenient) {
            if (!bare) {
                state_.notes.add(expect_note::recovered);
            }
            if (state_.continue_members != 0) {
                state_.notes.add(expect_note::duplicate_continue);
            }
            ++state_.continue_members;
            return;
        }
    }
    state_.notes.add(expect_note::unknown_member);
    if (unknown_members_ == 0) {
        first_unknown_ = field_location{state_.lines, offset, length};
    }
    ++unknown_members_;
}

// RFC 7231 §5.1.1, strict: the one field value must be the literal, compared without case.
constexpr void expect_analyzer::on_literal_line(std::string_view value) noexcept {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const expect_syntax_error e = detail::control_fault(value, i);
        if (e != expect_syntax_error::none) {
            fail(e, i, 1);
            return;
        }
    }
    const std::string_view trimmed = detail::trim_ows(value);
    const std::size_t offset =
        trimmed.empty() ? 0 : static_cast<std::size_t>(trimmed.data() - value.data());
    const bool literal = detail::equals_lowercase(trimmed, detail::continue_token);
    if (literal && state_.lines == 0) {
        ++state_.members;
        ++state_.continue_members;
        return;
    }
    // A second line makes the joined value "100-continue, ..." : no longer the literal.
    if (literal && state_.continue_members != 0) {
        state_.notes.add(expect_note::duplicate_continue);
    }
    note_member(member_name::garbled, offset, trimmed.size(), false, false);
}

constexpr void expect_analyzer::on_field_line(std::string_view value) noexcept {
    if (!failed()) {
        const std::string_view trimmed = detail::trim_ows(value);
        if (policy_.grammar == expect_grammar::rfc7231 &&
            policy_.strictness == expect_strictness::strict) {
            on_literal_line(value);
        } else if (detail::is_continue_token(trimmed)) {
            // The line almost every request carries. The list scan would find exactly one
            // bare 100-continue member here, in every list grammar; note it without the scan.
            note_member(member_name::continue_token,
                        static_cast<std::size_t>(trimmed.data() - value.data()), trimmed.size(),
                        false, false);
        } else {
            line_scanner scanner(*this, value);
            scanner.run();
        }
    }
    ++state_.lines;
}

constexpr expectation analyze_expect(std::string_view single_line, expect_policy policy) noexcept {
    if (detail::is_continue_token(detail::trim_ows(single_line))) {
        // What on_field_line() and result() make of this line: one bare 100-continue member,
        // nothing noted, no location (only faults and unknown members have one).
        expectation lone;
        lone.kind = expectation_kind::continue_100;
        lone.members = 1;
        lone.continue_members = 1;
        lone.lines = 1;
        return lone;
    }
    expect_analyzer analyzer(policy);
    analyzer.on_field_line(single_line);
    return analyzer.result();
}

constexpr expectation expect_analyzer::result() const noexcept {
    expectation r = state_;
    if (failed()) {
        r.kind = expectation_kind::malformed;
        return r;
    }
    const bool lenient = policy_.strictness == expect_strictness::lenient;
    if (policy_.grammar == expect_grammar::rfc2616 && r.lines != 0 && r.members == 0) {
        if (!lenient) {  // §14.20: Expect = 1#expectation
            r.kind = expectation_kind::malformed;
            r.error = expect_syntax_error::empty_list;
            r.where = field_location{};
            return r;
        }
        r.notes.add(expect_note::recovered);
    }
    if (unknown_members_ != 0) {
        r.where = first_unknown_;
    }
    // Under RFC 7231 only the literal is understood, so any other member makes the value
    // "other than 100-continue" (§5.1.1), whatever the lenient scan recovered.
    const bool unknown_wins = policy_.grammar == expect_grammar::rfc7231;
    if (r.continue_members != 0 && !(unknown_wins && unknown_members_ != 0)) {
        r.kind = expectation_kind::continue_100;
    } else if (unknown_members_ != 0) {
        r.kind = expectation_kind::unsupported;
    } else {
        r.kind = expectation_kind::none;
    }
    return r;
}

// The verdicts of the requirement IDs that fit in a line, checked by the compiler.
static_assert(analyze_expect("100-continue").has_continue(), "T-G-1");
static_assert(analyze_expect("100-CONTINUE").has_continue(), "T-G-2");
static_assert(analyze_expect("").kind == expectation_kind::none, "T-G-7");
static_assert(analyze_expect("foo=\"a,100-continue\"").kind == expectation_kind::unsupported,
              "T-G-10");

}  // namespace expect100

#endif  // EXPECT100_IMPL_EXPECTATION_HPP
