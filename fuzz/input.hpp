// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// How the fuzz targets read their input (llhttp's habit: configuration comes from the input).
// Byte 0 chooses the policy: bits 0-1 the grammar (3 wraps to rfc9110), bit 2 the strictness.
// The rest is the field value; the byte 0xFF splits it into several field lines (a byte that
// is valid obs-text elsewhere, so the analyser also sees it as data when bit 3 is set).
#ifndef EXPECT100_FUZZ_INPUT_HPP
#define EXPECT100_FUZZ_INPUT_HPP

#include <expect100/expectation.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace expect100::fuzz {

struct fuzz_input {
    expect_policy policy;
    std::vector<std::string_view> lines;
};

inline fuzz_input read_input(const std::uint8_t* data, std::size_t size) {
    fuzz_input in;
    if (size == 0) {
        return in;
    }
    const unsigned config = data[0];
    const unsigned grammar = config & 3U;
    in.policy.grammar = grammar == 1U   ? expect_grammar::rfc7231
                        : grammar == 2U ? expect_grammar::rfc2616
                                        : expect_grammar::rfc9110;
    in.policy.strictness =
        (config & 4U) != 0 ? expect_strictness::lenient : expect_strictness::strict;
    const bool split = (config & 8U) == 0;
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::size_t begin = 0;
    for (std::size_t i = 0; split && i < rest.size(); ++i) {
        if (rest[i] == '\xFF') {
            in.lines.push_back(rest.substr(begin, i - begin));
            begin = i + 1;
        }
    }
    in.lines.push_back(rest.substr(begin));
    return in;
}

}  // namespace expect100::fuzz

#endif  // EXPECT100_FUZZ_INPUT_HPP
