// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// describe(): one short line of text for an Expect verdict, for logs, traces, the demo and the
// documented table of tricky inputs. Written into a fixed buffer: no allocation.
//
// Format (stable; docs/reference/expectation.md and its test rely on it):
//   none | continue_100 | unsupported@LINE:OFFSET | malformed(REASON)@LINE:OFFSET
// followed by " +note" for each note, in bit order.
#ifndef EXPECT100_DESCRIBE_HPP
#define EXPECT100_DESCRIBE_HPP

#include <expect100/expectation.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// A string of at most `capacity` characters held by value.
class short_text {
public:
    static constexpr std::size_t capacity = 320;  // room for the longest explain sentence

    constexpr void append(std::string_view s) noexcept {
        for (char c : s) {
            if (size_ < capacity) {
                data_[size_++] = c;
            }
        }
    }
    // Decimal digits; with a separator, every group of three from the right is set apart
    // ("1 048 576").
    constexpr void append_number(std::uint64_t n, std::string_view group_separator = {}) noexcept {
        char digits[20] = {};
        std::size_t count = 0;
        do {
            digits[count++] = static_cast<char>('0' + n % 10U);
            n /= 10U;
        } while (n != 0);
        while (count != 0) {
            append(std::string_view(&digits[--count], 1));
            if (count != 0 && count % 3 == 0) {
                append(group_separator);
            }
        }
    }
    constexpr std::string_view view() const noexcept { return {data_, size_}; }

private:
    char data_[capacity] = {};
    std::size_t size_ = 0;
};

constexpr short_text describe(const expectation& e) noexcept {
    short_text out;
    out.append(to_string(e.kind));
    if (e.kind == expectation_kind::malformed) {
        out.append("(");
        out.append(to_string(e.error));
        out.append(")");
    }
    if (e.kind == expectation_kind::malformed || e.kind == expectation_kind::unsupported) {
        out.append("@");
        out.append_number(e.where.line);
        out.append(":");
        out.append_number(e.where.offset);
    }
    for (expect_note n : all_expect_notes) {
        if (e.notes.has(n)) {
            out.append(" +");
            out.append(to_string(n));
        }
    }
    return out;
}

} // namespace expect100

#endif // EXPECT100_DESCRIBE_HPP
