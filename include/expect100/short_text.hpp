// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// short_text: the fixed-size text that describe() and the explainers (explain.hpp) write into,
// so a log line never allocates; and the duration format they share.
#ifndef EXPECT100_SHORT_TEXT_HPP
#define EXPECT100_SHORT_TEXT_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// A string of at most `capacity` characters held by value.
class short_text {
public:
    static constexpr std::size_t capacity = 512;  // room for the longest explain sentence

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

namespace detail {

// "5.000 s" at or above a second, "0.4 ms" below.
template <class Duration>
constexpr void append_duration(short_text& out, Duration d) noexcept {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    const std::uint64_t abs_us = us < 0 ? 0U : static_cast<std::uint64_t>(us);
    if (abs_us >= 1000000U) {
        const std::uint64_t ms = abs_us / 1000U;
        out.append_number(ms / 1000U);
        out.append(".");
        const std::uint64_t frac = ms % 1000U;
        if (frac < 100U) out.append("0");
        if (frac < 10U) out.append("0");
        out.append_number(frac);
        out.append(" s");
    } else {
        out.append_number(abs_us / 1000U);
        out.append(".");
        out.append_number((abs_us % 1000U) / 100U);
        out.append(" ms");
    }
}

}  // namespace detail

}  // namespace expect100

#endif  // EXPECT100_SHORT_TEXT_HPP
