// detail::nn_pack: an aggregate of differently typed members addressed by index (layers' data).
#pragma once

#include <cstddef>
#include <utility>

namespace constgrad::detail {

// One member of an nn_pack. A base class per member, not a recursive first/rest struct: the
// type stays flat (one instantiation per member, no nesting depth), the pack remains an
// aggregate (C++17 aggregates may have public bases), trivially copyable when the members
// are, and Itanium-ABI compilers lay the bases out in order without padding when every
// member is an array of the same scalar type: the parameters of a network are contiguous.
template <std::size_t I, class T>
struct nn_slot {
    T value;
    friend constexpr bool operator==(const nn_slot&, const nn_slot&) = default;
};

template <class Seq, class... Ts>
struct nn_pack;

template <std::size_t... I, class... Ts>
struct nn_pack<std::index_sequence<I...>, Ts...> : nn_slot<I, Ts>... {
    friend constexpr bool operator==(const nn_pack&, const nn_pack&) = default;
};

// Access by index through overload resolution against the base: no recursion.
template <std::size_t I, class T>
constexpr T& nn_get(nn_slot<I, T>& s) noexcept {
    return s.value;
}
template <std::size_t I, class T>
constexpr const T& nn_get(const nn_slot<I, T>& s) noexcept {
    return s.value;
}

template <std::size_t I, class T>
T nn_slot_type(const nn_slot<I, T>&);  // declaration only: the type of member I

template <class... Ts>
using nn_pack_of = nn_pack<std::index_sequence_for<Ts...>, Ts...>;

}  // namespace constgrad::detail
