// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Character classes of RFC 9110 §5.6 and RFC 9112 §5, as one constexpr table.
//
// Every grammar decision in the library asks this table, so the byte sets are written down once
// and checked by static_asserts below. Nothing here depends on the locale: <cctype> would.
#ifndef EXPECT100_DETAIL_ASCII_HPP
#define EXPECT100_DETAIL_ASCII_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100::detail {

// Bits of one byte's class; a byte may have several.
enum char_class : std::uint8_t {
    cc_tchar = 1U << 0,     // RFC 9110 §5.6.2 tchar: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA
    cc_ows = 1U << 1,       // RFC 9110 §5.6.3 OWS: SP / HTAB
    cc_ctl = 1U << 2,       // %x00-1F and %x7F except HTAB: never valid in a field value (§5.5)
    cc_digit = 1U << 3,     // DIGIT
    cc_obs_text = 1U << 4,  // RFC 9110 §5.5 obs-text: %x80-FF
};

constexpr std::uint8_t classify_byte(unsigned c) noexcept {
    std::uint8_t bits = 0;
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    constexpr std::string_view tchar_symbols = "!#$%&'*+-.^_`|~";
    if (alpha || digit || tchar_symbols.find(static_cast<char>(c)) != std::string_view::npos) {
        bits = static_cast<std::uint8_t>(bits | cc_tchar);
    }
    if (digit) {
        bits = static_cast<std::uint8_t>(bits | cc_digit);
    }
    if (c == ' ' || c == '\t') {
        bits = static_cast<std::uint8_t>(bits | cc_ows);
    }
    if ((c < 0x20U && c != '\t') || c == 0x7FU) {
        bits = static_cast<std::uint8_t>(bits | cc_ctl);
    }
    if (c >= 0x80U) {
        bits = static_cast<std::uint8_t>(bits | cc_obs_text);
    }
    return bits;
}

constexpr std::array<std::uint8_t, 256> make_char_table() noexcept {
    std::array<std::uint8_t, 256> table{};
    for (unsigned c = 0; c < 256U; ++c) {
        table[c] = classify_byte(c);
    }
    return table;
}

inline constexpr std::array<std::uint8_t, 256> char_table = make_char_table();

constexpr bool has_class(char c, char_class cls) noexcept {
    return (char_table[static_cast<unsigned char>(c)] & cls) != 0;
}
constexpr bool is_tchar(char c) noexcept {
    return has_class(c, cc_tchar);
}
constexpr bool is_ows(char c) noexcept {
    return has_class(c, cc_ows);
}
constexpr bool is_ctl(char c) noexcept {
    return has_class(c, cc_ctl);
}
constexpr bool is_digit(char c) noexcept {
    return has_class(c, cc_digit);
}

// ASCII-only case folding: field names, tokens and the Expect value compare without regard to
// case (RFC 9110 §5.1, §10.1.1), and obs-text bytes must never be folded.
constexpr char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::array<char, 256> make_lower_table() noexcept {
    std::array<char, 256> table{};
    for (unsigned c = 0; c < 256U; ++c) {
        table[c] = to_lower(static_cast<char>(c));
    }
    return table;
}

// One load per byte: the hot comparison of every Expect line against "100-continue" runs
// through here, and a branch per byte cost several times more (benchmarks/README.md).
inline constexpr std::array<char, 256> lower_table = make_lower_table();

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned>(lower_table[static_cast<unsigned char>(a[i])] ^
                                      lower_table[static_cast<unsigned char>(b[i])]);
    }
    return diff == 0;
}

// iequals() against a literal already in lower case: half the loads.
constexpr bool equals_lowercase(std::string_view a, std::string_view lower) noexcept {
    if (a.size() != lower.size()) {
        return false;
    }
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned>(lower_table[static_cast<unsigned char>(a[i])] ^ lower[i]);
    }
    return diff == 0;
}

// Strips OWS from both ends (RFC 9110 §5.5: a field value excludes leading and trailing
// whitespace).
constexpr std::string_view trim_ows(std::string_view s) noexcept {
    std::size_t first = 0;
    std::size_t last = s.size();
    while (first < last && is_ows(s[first])) {
        ++first;
    }
    while (last > first && is_ows(s[last - 1])) {
        --last;
    }
    return s.substr(first, last - first);
}

// The table is the one place the byte sets live; these pin the sets to the RFC's ABNF.
static_assert(is_tchar('!') && is_tchar('~') && is_tchar('|') && is_tchar('`') && is_tchar('-'));
static_assert(!is_tchar('"') && !is_tchar(',') && !is_tchar(';') && !is_tchar('=') &&
              !is_tchar('(') && !is_tchar('@') && !is_tchar('\\') && !is_tchar('/') &&
              !is_tchar('{') && !is_tchar(' ') && !is_tchar('\t') && !is_tchar(':'));
static_assert(is_ctl('\0') && is_ctl('\r') && is_ctl('\n') && is_ctl('\x7f') && !is_ctl('\t'));
static_assert(!is_ctl(' ') && !is_ctl('\x80') && !is_tchar('\x80') && !is_tchar('\xff'));
static_assert(is_ows(' ') && is_ows('\t') && !is_ows('\r'));
static_assert(iequals("100-Continue", "100-continue") && !iequals("100-continue", "100-continu"));
static_assert(equals_lowercase("100-CONTINUE", "100-continue") &&
              !equals_lowercase("100-continuf", "100-continue"));
static_assert(to_lower('\xC0') == '\xC0', "obs-text is never case-folded");
static_assert(trim_ows(" \t100-continue\t ") == "100-continue");

}  // namespace expect100::detail

#endif  // EXPECT100_DETAIL_ASCII_HPP
