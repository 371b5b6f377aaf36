// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// How the fuzz targets report a broken invariant: a message, then abort (libFuzzer saves the
// input; the replay programs fail their ctest).
#ifndef EXPECT100_FUZZ_CHECK_HPP
#define EXPECT100_FUZZ_CHECK_HPP

#include <cstdio>
#include <cstdlib>

namespace expect100::fuzz {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

inline void check(bool ok, const char* what) {
    if (!ok) {
        fail(what);
    }
}

}  // namespace expect100::fuzz

#endif  // EXPECT100_FUZZ_CHECK_HPP
