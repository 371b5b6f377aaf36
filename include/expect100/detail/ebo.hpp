// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// ebo_holder: stores a policy object (a trace sink, a wait strategy) at zero size when its type
// is empty, through the empty base optimisation. `Tag` tells two holders of one class apart.
#ifndef EXPECT100_DETAIL_EBO_HPP
#define EXPECT100_DETAIL_EBO_HPP

#include <type_traits>

namespace expect100::detail {

template <class T, int Tag, bool Empty = std::is_empty_v<T> && !std::is_final_v<T>>
class ebo_holder : private T {
public:  // reachable only through the (private) base, from the owning class
    constexpr T& held() noexcept { return *this; }
    constexpr const T& held() const noexcept { return *this; }
};

template <class T, int Tag>
class ebo_holder<T, Tag, false> {
public:  // reachable only through the (private) base, from the owning class
    constexpr T& held() noexcept { return value_; }
    constexpr const T& held() const noexcept { return value_; }

private:
    T value_{};
};

}  // namespace expect100::detail

#endif  // EXPECT100_DETAIL_EBO_HPP
