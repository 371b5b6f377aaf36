// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The whole core in one include. Needs only the C++17 standard library; never includes the
// Boost adapters under expect100/beast/.
#ifndef EXPECT100_EXPECT100_HPP
#define EXPECT100_EXPECT100_HPP

#include <expect100/action.hpp>
#include <expect100/client.hpp>
#include <expect100/describe.hpp>
#include <expect100/error.hpp>
#include <expect100/expectation.hpp>
#include <expect100/explain.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/message.hpp>
#include <expect100/policy.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>
#include <expect100/short_text.hpp>
#include <expect100/time.hpp>
#include <expect100/trace.hpp>
#include <expect100/version.hpp>
#include <expect100/wait.hpp>
#include <expect100/wire.hpp>

#endif  // EXPECT100_EXPECT100_HPP
