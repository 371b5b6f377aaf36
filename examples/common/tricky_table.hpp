// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Reads the table of tricky Expect values from docs/reference/expectation.md, so that the
// documentation, its test (tests/unit/docs_table.cpp) and the demo (examples/verdicts) share one
// list. The table sits between `<!-- tricky-inputs:begin -->` and `<!-- tricky-inputs:end -->`;
// each row is
//   | what it shows | `line` `line` ... | `verdict` | `verdict` | ... |
// with one verdict column per policy named in the header row ("rfc9110 strict", ...). Control
// bytes are written as Unicode control pictures: ␍ CR, ␊ LF, ␀ NUL, ␉ HTAB, ␠ SP; a value cell
// reading (empty) is one empty line.
#ifndef EXPECT100_EXAMPLES_COMMON_TRICKY_TABLE_HPP
#define EXPECT100_EXAMPLES_COMMON_TRICKY_TABLE_HPP

#include <expect100/expectation.hpp>

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::examples {

struct tricky_row {
    std::string label;
    std::vector<std::string> lines;
    std::vector<std::string> verdicts;  // one per policy column, as describe() writes them
};

struct tricky_table {
    std::vector<expect_policy> policies;
    std::vector<std::string> policy_names;
    std::vector<tricky_row> rows;
};

namespace detail {

inline std::string decode_pictures(std::string_view s) {
    static const std::pair<std::string_view, char> pictures[] = {
        {"\u240D", '\r'}, {"\u240A", '\n'}, {"\u2400", '\0'}, {"\u2409", '\t'}, {"\u2420", ' '}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        for (const auto& [picture, byte] : pictures) {
            if (s.substr(i, picture.size()) == picture) {
                out.push_back(byte);
                i += picture.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out.push_back(s[i++]);
        }
    }
    return out;
}

// The backtick spans of one cell, in order.
inline std::vector<std::string> code_spans(std::string_view cell) {
    std::vector<std::string> spans;
    for (std::size_t open = cell.find('`'); open != std::string_view::npos;) {
        const std::size_t close = cell.find('`', open + 1);
        if (close == std::string_view::npos) {
            break;
        }
        spans.push_back(decode_pictures(cell.substr(open + 1, close - open - 1)));
        open = cell.find('`', close + 1);
    }
    return spans;
}

inline std::vector<std::string_view> cells(std::string_view row) {
    std::vector<std::string_view> out;
    std::size_t start = row.find('|');
    while (start != std::string_view::npos) {
        const std::size_t next = row.find('|', start + 1);
        if (next == std::string_view::npos) {
            break;
        }
        std::string_view cell = row.substr(start + 1, next - start - 1);
        while (!cell.empty() && cell.front() == ' ')
            cell.remove_prefix(1);
        while (!cell.empty() && cell.back() == ' ')
            cell.remove_suffix(1);
        out.push_back(cell);
        start = next;
    }
    return out;
}

inline std::optional<expect_policy> policy_named(std::string_view name) {
    for (auto g : {expect_grammar::rfc9110, expect_grammar::rfc7231, expect_grammar::rfc2616}) {
        for (auto s : {expect_strictness::strict, expect_strictness::lenient}) {
            if (name == std::string(to_string(g)) + " " + std::string(to_string(s))) {
                return expect_policy{g, s};
            }
        }
    }
    return std::nullopt;
}

}  // namespace detail

// @return the table, or an error message in `error` when the file does not hold one.
inline tricky_table read_tricky_table(std::istream& in, std::string& error) {
    tricky_table table;
    std::string line;
    bool inside = false;
    bool header_seen = false;
    while (std::getline(in, line)) {
        if (line.find("<!-- tricky-inputs:begin -->") != std::string::npos) {
            inside = true;
            continue;
        }
        if (line.find("<!-- tricky-inputs:end -->") != std::string::npos) {
            break;
        }
        if (!inside || line.rfind("|", 0) != 0 || line.find("---") != std::string::npos) {
            continue;
        }
        const std::vector<std::string_view> row = detail::cells(line);
        if (!header_seen) {
            header_seen = true;
            for (std::size_t i = 2; i < row.size(); ++i) {
                const auto p = detail::policy_named(row[i]);
                if (!p) {
                    error = "unknown policy column: " + std::string(row[i]);
                    return {};
                }
                table.policies.push_back(*p);
                table.policy_names.emplace_back(row[i]);
            }
            continue;
        }
        if (row.size() != table.policies.size() + 2) {
            error = "row with the wrong number of cells: " + line;
            return {};
        }
        tricky_row r;
        r.label = std::string(row[0]);
        r.lines = row[1] == "(empty)" ? std::vector<std::string>{""} : detail::code_spans(row[1]);
        for (std::size_t i = 2; i < row.size(); ++i) {
            const std::vector<std::string> verdict = detail::code_spans(row[i]);
            if (verdict.size() != 1) {
                error = "verdict cell without one code span: " + line;
                return {};
            }
            r.verdicts.push_back(verdict.front());
        }
        table.rows.push_back(std::move(r));
    }
    if (table.rows.empty()) {
        error = "no tricky-inputs table found";
    }
    return table;
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_TRICKY_TABLE_HPP
