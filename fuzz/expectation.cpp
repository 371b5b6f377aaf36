// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: the Expect field analyser (expectation.hpp). Beyond "no crash, no UB", it checks
// on every input: no heap allocation; a self-consistent verdict; the lenient reading never loses
// a 100-continue the strict one found; splitting at a top-level comma into two field lines and
// changing letter case outside quoted strings never change the verdict (RFC 9110 §5.3, §10.1.1);
// the one-line form's shortcut for a lone 100-continue agrees with the analyser.
#include "../tests/support/allocation_counter.hpp"
#include "../tests/support/expect_properties.hpp"
#include "input.hpp"

#include <expect100/expectation.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "property broken: %s\n", what.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace expect100;
    const fuzz::fuzz_input in = fuzz::read_input(data, size);
    {
        const fuzz::counting_scope scope;
        const expectation e = analyze_expect(in.lines, in.policy);
        static_cast<void>(e);
        if (fuzz::allocations != 0) {
            fail("the analyser allocated");
        }
    }
    std::string failure = test::check_consistency(in.lines, in.policy);
    if (failure.empty()) {
        failure = test::check_lenient_keeps_continue(in.lines, in.policy.grammar);
    }
    // The split and case checks re-run the analyser once per comma: keep them to values of a
    // size the dictionary-driven search produces (max_len in expectation.options).
    if (failure.empty() && in.lines.size() == 1 && in.lines.front().size() <= 4096) {
        failure = test::check_split_invariance(in.lines.front(), in.policy);
        if (failure.empty()) {
            failure = test::check_case_insensitive(in.lines.front(), in.policy);
        }
        if (failure.empty()) {
            failure = test::check_one_line_form(in.lines.front(), in.policy);
        }
    }
    if (!failure.empty()) {
        fail(failure);
    }
    return 0;
}
