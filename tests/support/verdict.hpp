// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Test helpers: the verdict as text (describe()), and Catch2 printing for verdicts.
#ifndef EXPECT100_TESTS_SUPPORT_VERDICT_HPP
#define EXPECT100_TESTS_SUPPORT_VERDICT_HPP

#include <expect100/describe.hpp>
#include <expect100/expectation.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace expect100::test {

inline constexpr expect_policy strict9110{expect_grammar::rfc9110, expect_strictness::strict};
inline constexpr expect_policy lenient9110{expect_grammar::rfc9110, expect_strictness::lenient};
inline constexpr expect_policy strict7231{expect_grammar::rfc7231, expect_strictness::strict};
inline constexpr expect_policy lenient7231{expect_grammar::rfc7231, expect_strictness::lenient};
inline constexpr expect_policy strict2616{expect_grammar::rfc2616, expect_strictness::strict};
inline constexpr expect_policy lenient2616{expect_grammar::rfc2616, expect_strictness::lenient};

inline std::string verdict(std::string_view line, expect_policy p = {}) {
    return std::string(describe(analyze_expect(line, p)).view());
}

inline std::string verdict(std::initializer_list<std::string_view> lines, expect_policy p = {}) {
    return std::string(describe(analyze_expect(lines, p)).view());
}

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_VERDICT_HPP
