// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The whole core in one include. Needs only the C++17 standard library; never includes the
// Boost adapters under expect100/beast/.
#ifndef EXPECT100_EXPECT100_HPP
#define EXPECT100_EXPECT100_HPP

#include <expect100/describe.hpp>
#include <expect100/error.hpp>
#include <expect100/expectation.hpp>
#include <expect100/message.hpp>
#include <expect100/version.hpp>

#endif // EXPECT100_EXPECT100_HPP
