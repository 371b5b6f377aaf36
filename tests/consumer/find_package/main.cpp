// A consumer's first program: the verdict on one Expect value. Exits 0 when it is right.
#include <expect100/expect100.hpp>

int main() {
    const expect100::expectation e = expect100::analyze_expect("foo, 100-Continue");
    return e.has_continue() && e.notes.has(expect100::expect_note::unknown_member) ? 0 : 1;
}
