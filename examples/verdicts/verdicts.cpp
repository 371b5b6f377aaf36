// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-verdicts: what the Expect analyser concludes, under each grammar and strictness.
//
//   expect100-verdicts                  the documented tricky inputs, one row each, verdicts
//                                       computed now (docs/reference/expectation.md)
//   expect100-verdicts --check          the same, and exit 1 if any verdict differs from the doc
//   expect100-verdicts --value 'V' ...  your own value(s), one field line per --value
//   expect100-verdicts --table FILE     another copy of the documented table
//
// It shows the smallest use of the library: hand it every Expect line of a head, read one
// verdict (expect100::analyze_expect), print it (expect100::describe). No Boost needed.
#include "../common/tricky_table.hpp"

#include <expect100/describe.hpp>
#include <expect100/expectation.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr expect100::expect_policy all_policies[] = {
    {expect100::expect_grammar::rfc9110, expect100::expect_strictness::strict},
    {expect100::expect_grammar::rfc9110, expect100::expect_strictness::lenient},
    {expect100::expect_grammar::rfc7231, expect100::expect_strictness::strict},
    {expect100::expect_grammar::rfc7231, expect100::expect_strictness::lenient},
    {expect100::expect_grammar::rfc2616, expect100::expect_strictness::strict},
    {expect100::expect_grammar::rfc2616, expect100::expect_strictness::lenient},
};

std::string policy_name(expect100::expect_policy p) {
    return std::string(to_string(p.grammar)) + " " + std::string(to_string(p.strictness));
}

// Control bytes shown as pictures, as in the documentation.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '\r': out += "\u240D"; break;
        case '\n': out += "\u240A"; break;
        case '\0': out += "\u2400"; break;
        case '\t': out += "\u2409"; break;
        default: out += c;
        }
    }
    return out;
}

std::string verdict(const std::vector<std::string>& lines, expect100::expect_policy p) {
    const std::vector<std::string_view> views(lines.begin(), lines.end());
    return std::string(expect100::describe(expect100::analyze_expect(views, p)).view());
}

int usage(const char* error) {
    std::fprintf(stderr, "%s%susage: expect100-verdicts [--check] [--table FILE] [--value V]...\n",
                 error, *error != '\0' ? "\n" : "");
    return 2;
}

int show_values(const std::vector<std::string>& values) {
    std::printf("field line(s):");
    for (const std::string& v : values) {
        std::printf(" [%s]", printable(v).c_str());
    }
    std::printf("\n");
    for (expect100::expect_policy p : all_policies) {
        std::printf("  %-16s %s\n", policy_name(p).c_str(), verdict(values, p).c_str());
    }
    return 0;
}

int show_table(const char* path, bool check) {
    std::ifstream file(path);
    if (!file) {
        std::fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    std::string error;
    const expect100::examples::tricky_table table =
        expect100::examples::read_tricky_table(file, error);
    if (!error.empty()) {
        std::fprintf(stderr, "%s: %s\n", path, error.c_str());
        return 2;
    }
    std::printf("The Expect analyser on the tricky inputs of RFC 9110 §10.1.1 (%zu rows)\n\n",
                table.rows.size());
    int differences = 0;
    for (const auto& row : table.rows) {
        std::string shown;
        for (const std::string& l : row.lines) {
            shown += (shown.empty() ? "" : " + ") + ("[" + printable(l) + "]");
        }
        std::printf("%s  — %s\n", shown.c_str(), row.label.c_str());
        for (std::size_t i = 0; i < table.policies.size(); ++i) {
            const std::string now = verdict(row.lines, table.policies[i]);
            const bool same = now == row.verdicts[i];
            differences += same ? 0 : 1;
            std::printf("    %-16s %s%s\n", table.policy_names[i].c_str(), now.c_str(),
                        same ? "" : ("   << the documentation says " + row.verdicts[i]).c_str());
        }
    }
    std::printf("\n%d verdict(s) differ from the documentation\n", differences);
    return check && differences != 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    bool check = false;
    const char* table = EXPECT100_DEFAULT_TABLE;
    std::vector<std::string> values;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--check") {
            check = true;
        } else if ((arg == "--table" || arg == "--value") && i + 1 < argc) {
            if (arg == "--table") {
                table = argv[++i];
            } else {
                values.emplace_back(argv[++i]);
            }
        } else if (arg == "--help" || arg == "-h") {
            usage("");
            return 0;
        } else {
            return usage(("unknown or incomplete argument: " + std::string(arg)).c_str());
        }
    }
    return values.empty() ? show_table(table, check) : show_values(values);
}
