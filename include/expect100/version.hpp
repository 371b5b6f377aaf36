// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The library's version; CMake's project() version and this header must agree (a test checks).
#ifndef EXPECT100_VERSION_HPP
#define EXPECT100_VERSION_HPP

#define EXPECT100_VERSION_MAJOR 0
#define EXPECT100_VERSION_MINOR 1
#define EXPECT100_VERSION_PATCH 0
// 10000 * major + 100 * minor + patch, for preprocessor comparisons.
#define EXPECT100_VERSION \
    (EXPECT100_VERSION_MAJOR * 10000 + EXPECT100_VERSION_MINOR * 100 + EXPECT100_VERSION_PATCH)

#endif  // EXPECT100_VERSION_HPP
