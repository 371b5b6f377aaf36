// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// A plain walk over an RFC 9110 §5.6.1 list field value (`#element`), for the fields whose
// members the library only needs to recognise (Content-Length, Transfer-Encoding, Connection).
// Expect has its own, exact scanner in expectation.hpp because its verdict depends on every
// detail of the member grammar.
#ifndef EXPECT100_DETAIL_LIST_HPP
#define EXPECT100_DETAIL_LIST_HPP

#include <expect100/limits.hpp>

#include <expect100/detail/ascii.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100::detail {

// How a list walk ended.
enum class list_walk : std::uint8_t {
    complete,            // every member was visited
    stopped,             // the visitor asked to stop
    control_character,   // a CTL (CR, LF, NUL, ...) in the value (G-11)
    unterminated_quote,  // a quoted string never closed
    too_many_empty,      // more than max_empty_list_members empty members (G-5)
};

// Calls `visit(member)` for each non-empty member, trimmed of OWS, in order. Commas inside
// quoted strings do not split. `visit` returns false to stop.
template <class Visit>
constexpr list_walk for_each_list_member(std::string_view value, Visit&& visit) noexcept {
    std::size_t empty = 0;
    std::size_t begin = 0;
    bool in_quotes = false;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size()) {
            const char c = value[i];
            if (is_ctl(c)) {
                return list_walk::control_character;
            }
            if (in_quotes) {
                if (c == '\\') {
                    ++i;  // quoted-pair: skip the escaped byte
                    if (i == value.size()) {
                        return list_walk::unterminated_quote;
                    }
                    if (is_ctl(value[i])) {
                        return list_walk::control_character;
                    }
                } else if (c == '"') {
                    in_quotes = false;
                }
                continue;
            }
            if (c == '"') {
                in_quotes = true;
                continue;
            }
            if (c != ',') {
                continue;
            }
        } else if (in_quotes) {
            return list_walk::unterminated_quote;
        }
        const std::string_view member = trim_ows(value.substr(begin, i - begin));
        begin = i + 1;
        if (member.empty()) {
            if (++empty > max_empty_list_members) {
                return list_walk::too_many_empty;
            }
            continue;
        }
        if (!visit(member)) {
            return list_walk::stopped;
        }
    }
    return list_walk::complete;
}

}  // namespace expect100::detail

#endif  // EXPECT100_DETAIL_LIST_HPP
