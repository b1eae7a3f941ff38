// tensor::detail::slots: the sweep's fixed slots, one member per graph entry, empty ones free.
#pragma once

#include <cstddef>
#include <utility>

namespace constgrad::tensor::detail {

// Like detail::nn_pack (a base class per member, addressed by index through overload
// resolution: no recursion), with [[no_unique_address]] members, so that the many empty slots
// (a leaf's value, a value kept elsewhere, an operation without extra data) take no bytes and
// a layer's cache is exactly the arrays its reverse rules read (GLU 4 -> 3, double: 96 bytes,
// not 136).
/// An empty slot of its own type per index: two empty members of one type could not share an
/// address, [[no_unique_address]] or not.
template <std::size_t I>
struct empty_slot {
    friend constexpr bool operator==(const empty_slot&, const empty_slot&) = default;
};

template <std::size_t I, class T>
struct slot {
    [[no_unique_address]] T value;
    friend constexpr bool operator==(const slot&, const slot&) = default;
};

template <class Seq, class... Ts>
struct slot_pack;

template <std::size_t... I, class... Ts>
struct slot_pack<std::index_sequence<I...>, Ts...> : slot<I, Ts>... {
    friend constexpr bool operator==(const slot_pack&, const slot_pack&) = default;
};

template <class... Ts>
using slots_of_t = slot_pack<std::index_sequence_for<Ts...>, Ts...>;

template <std::size_t I, class T>
constexpr T& get(slot<I, T>& s) noexcept {
    return s.value;
}
template <std::size_t I, class T>
constexpr const T& get(const slot<I, T>& s) noexcept {
    return s.value;
}

}  // namespace constgrad::tensor::detail
