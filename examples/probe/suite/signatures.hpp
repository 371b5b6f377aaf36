// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What expect100-proxy does in each suite case under each of its presets, as recorded by
// tests/peers/record-signatures (do not edit by hand: run it again after changing a case or a
// preset). `suite` names the preset whose outcomes a proxy under test matches most often.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_SIGNATURES_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_SIGNATURES_HPP

#include <string_view>

namespace expect100::examples::suite {

struct preset_signature {
    std::string_view preset;
    std::string_view case_name;
    std::string_view outcome;
};

inline constexpr preset_signature preset_signatures[] = {
    {"(none recorded)", "", ""},
};

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_SIGNATURES_HPP
