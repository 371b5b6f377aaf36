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
#include <expect100/short_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

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

}  // namespace expect100

#endif  // EXPECT100_DESCRIBE_HPP
