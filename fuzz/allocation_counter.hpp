// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Counts heap allocations while a `counting_scope` is alive, by replacing the global operator
// new. Include in exactly one translation unit of a program. The analyser must allocate nothing.
#ifndef EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP
#define EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP

#include <cstddef>
#include <cstdlib>
#include <new>

namespace expect100::fuzz {

inline bool counting = false;
inline std::size_t allocations = 0;

struct counting_scope {
    counting_scope() noexcept {
        allocations = 0;
        counting = true;
    }
    ~counting_scope() { counting = false; }
    counting_scope(const counting_scope&) = delete;
    counting_scope& operator=(const counting_scope&) = delete;
};

} // namespace expect100::fuzz

void* operator new(std::size_t n) {
    if (expect100::fuzz::counting) {
        ++expect100::fuzz::allocations;
    }
    if (void* p = std::malloc(n == 0 ? 1 : n)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

#endif // EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP
