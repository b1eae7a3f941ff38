// tensor leaves: named parameters (matrix, vector), the layer input, scalar constants.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../expr/detail/fixed_string.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

/// The value given to a leaf for one evaluation, written `leaf = array`: it refers to the
/// array (no copy), so it must not outlive it (use it within the call it is passed to).
template <class Leaf, class T>
struct bound {
    using leaf_type = Leaf;
    using value_type = T;
    const storage_t<T, Leaf>* value;
};

namespace detail {
/// What the leaves share: `leaf = value` makes a binding.
template <class Leaf, class Shape>
struct bindable_leaf {
    using shape_type = Shape;
    template <class T>
    constexpr bound<Leaf, T> operator=(const typename Shape::template storage<T>& value) const noexcept {
        return {&value};
    }
};
}  // namespace detail

/// A trainable matrix of M rows of N named Name (`w[o][i]`, row-major, PyTorch's layout).
///
///     constexpr constgrad::tensor::matrix<"W", 4, 3> W;
template <constgrad::detail::fixed_string Name, std::size_t M, std::size_t N>
struct matrix : detail::bindable_leaf<matrix<Name, M, N>, shape<M, N>> {
    static_assert(M > 0 && N > 0, "constgrad::tensor::matrix<Name, M, N>: M and N must be positive");
    using detail::bindable_leaf<matrix, shape<M, N>>::operator=;
    static constexpr auto name = Name;
};

/// A trainable vector of N named Name.
///
///     constexpr constgrad::tensor::vector<"b", 4> b;
template <constgrad::detail::fixed_string Name, std::size_t N>
struct vector : detail::bindable_leaf<vector<Name, N>, shape<N>> {
    static_assert(N > 0, "constgrad::tensor::vector<Name, N>: N must be positive");
    using detail::bindable_leaf<vector, shape<N>>::operator=;
    static constexpr auto name = Name;
};

/// The input of a layer formula, a vector of N (one per formula; Name only tells inputs of
/// different formulas apart in messages and bindings).
///
///     constexpr constgrad::tensor::input<3> x;
template <std::size_t N, constgrad::detail::fixed_string Name = "x">
struct input : detail::bindable_leaf<input<N, Name>, shape<N>> {
    static_assert(N > 0, "constgrad::tensor::input<N>: N must be positive");
    using detail::bindable_leaf<input, shape<N>>::operator=;
    static constexpr auto name = Name;
};

/// A scalar constant in a formula (what `2.0 * v` or `1 - t` make of the number). It keeps
/// the double's bits, not the double, so that a formula holding constants is still a valid
/// template argument on Clang 14 (which refuses floating-point template arguments).
struct constant {
    using shape_type = shape<>;
    std::uint64_t bits;
    [[nodiscard]] constexpr double value() const noexcept { return std::bit_cast<double>(bits); }
};

/// constant{x} from a number.
template <class U>
    requires std::is_arithmetic_v<U>
constexpr constant make_constant(U x) noexcept {
    return {std::bit_cast<std::uint64_t>(static_cast<double>(x))};
}

namespace detail {
template <class X>
inline constexpr bool is_parameter_v = false;
template <constgrad::detail::fixed_string Name, std::size_t M, std::size_t N>
inline constexpr bool is_parameter_v<matrix<Name, M, N>> = true;
template <constgrad::detail::fixed_string Name, std::size_t N>
inline constexpr bool is_parameter_v<vector<Name, N>> = true;

template <class X>
inline constexpr bool is_input_v = false;
template <std::size_t N, constgrad::detail::fixed_string Name>
inline constexpr bool is_input_v<input<N, Name>> = true;

/// Leaves whose value comes from a binding (parameters and inputs).
template <class X>
inline constexpr bool is_named_leaf_v = is_parameter_v<X> || is_input_v<X>;
}  // namespace detail

}  // namespace constgrad::tensor
