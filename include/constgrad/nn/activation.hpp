// The Activation concept and how a layer evaluates an activation and its derivative.
#pragma once

#include <type_traits>

namespace constgrad::nn {

// TEMPORARY until the scalar engine lands.
template <class A>
concept Activation = requires(double z) {
    { A::template value<double>(z) } -> std::same_as<double>;
};

}  // namespace constgrad::nn

namespace constgrad::detail {

template <class A>
struct nn_activation {
    template <class T>
    static constexpr T value(T z) noexcept { return A::template value<T>(z); }
    template <class T>
    static constexpr void value_and_derivative(T z, T& y, T& dy) noexcept {
        y = A::template value<T>(z);
        dy = A::template derivative<T>(z, y);
    }
};

}  // namespace constgrad::detail
