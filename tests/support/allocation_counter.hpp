// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Counts heap allocations while a `counting_scope` is alive. Include in exactly one translation
// unit of a program. The analyser must allocate nothing.
// - Under AddressSanitizer: ASan's malloc hook sees every allocation, operator new included
//   (replacing operator new there would fight ASan's own new/delete pairing checks).
// - Otherwise: the global operator new is replaced.
#ifndef EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP
#define EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define EXPECT100_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXPECT100_FUZZ_ASAN 1
#endif
#endif

#ifdef EXPECT100_FUZZ_ASAN
#include <sanitizer/allocator_interface.h>
#endif

namespace expect100::fuzz {

inline bool counting = false;
inline std::size_t allocations = 0;

#ifdef EXPECT100_FUZZ_ASAN
inline void on_malloc(const volatile void*, std::size_t) {
    if (counting) {
        ++allocations;
    }
}
inline void on_free(const volatile void*) {}
#endif

struct counting_scope {
    counting_scope() noexcept {
#ifdef EXPECT100_FUZZ_ASAN
        static const bool installed =
            __sanitizer_install_malloc_and_free_hooks(&on_malloc, &on_free) != 0;
        static_cast<void>(installed);
#endif
        allocations = 0;
        counting = true;
    }
    ~counting_scope() {
        counting = false;
    }
    counting_scope(const counting_scope&) = delete;
    counting_scope& operator=(const counting_scope&) = delete;
};

}  // namespace expect100::fuzz

#ifndef EXPECT100_FUZZ_ASAN
// Out of line, so that GCC does not inline free() into a caller that also sees this new and
// warns about a mismatch that is not one (-Wmismatched-new-delete).
#if defined(__GNUC__)
#define EXPECT100_COUNTER_NOINLINE __attribute__((noinline))
#else
#define EXPECT100_COUNTER_NOINLINE
#endif
EXPECT100_COUNTER_NOINLINE void* operator new(std::size_t n) {
    if (expect100::fuzz::counting) {
        ++expect100::fuzz::allocations;
    }
    if (void* p = std::malloc(n == 0 ? 1 : n)) {
        return p;
    }
    throw std::bad_alloc();
}
EXPECT100_COUNTER_NOINLINE void operator delete(void* p) noexcept {
    std::free(p);
}
EXPECT100_COUNTER_NOINLINE void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
#endif

#endif  // EXPECT100_FUZZ_ALLOCATION_COUNTER_HPP
