// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The bounds the field analysers enforce, in one place: the list walker (detail/list.hpp) and
// the Expect analyser (expectation.hpp) both read them, so neither depends on the other.
#ifndef EXPECT100_LIMITS_HPP
#define EXPECT100_LIMITS_HPP

#include <cstdint>

namespace expect100 {

// max_empty_list_members: RFC 9110 §5.6.1.2 (G-5) makes a recipient skip a "reasonable" number
// of empty list members and bounds it to stop denial of service. No conforming sender generates
// any (G-4); 32 tolerates sloppy joining of empty lines and still ends a field of 100 000 commas
// after 33 of them.
inline constexpr std::uint16_t max_empty_list_members = 32;

// max_expectation_members: RFC 9110 defines one expectation. 64 leaves room for any extension
// experiment seen in the wild (none is) while refusing a field built to make every recipient
// walk thousands of members, each of which a preset may log or compare.
inline constexpr std::uint16_t max_expectation_members = 64;

}  // namespace expect100

#endif  // EXPECT100_LIMITS_HPP
