// Built-in activations: identity, relu, leaky_relu, tanh, sigmoid.
#pragma once

#include "../math/exp.hpp"
#include "../math/tanh.hpp"

namespace constgrad::nn {

// TEMPORARY functor form until the scalar engine lands (then: formulas).

/// y = z.
struct identity {
    template <class T> static constexpr T value(T z) noexcept { return z; }
    template <class T> static constexpr T derivative(T, T) noexcept { return T(1); }
};

/// y = max(z, 0); relu'(0) = 0 as in PyTorch.
struct relu {
    template <class T> static constexpr T value(T z) noexcept { return z > T(0) ? z : T(0); }
    template <class T> static constexpr T derivative(T z, T) noexcept { return z > T(0) ? T(1) : T(0); }
};

/// y = z for z > 0, 0.01 z otherwise.
struct leaky_relu {
    template <class T> static constexpr T value(T z) noexcept { return z > T(0) ? z : T(0.01) * z; }
    template <class T> static constexpr T derivative(T z, T) noexcept { return z > T(0) ? T(1) : T(0.01); }
};

/// y = tanh z.
struct tanh {
    template <class T> static constexpr T value(T z) noexcept { return math::tanh(z); }
    template <class T> static constexpr T derivative(T, T y) noexcept { return T(1) - y * y; }
};

/// y = 1 / (1 + e^-z).
struct sigmoid {
    template <class T> static constexpr T value(T z) noexcept { return T(1) / (T(1) + math::exp(-z)); }
    template <class T> static constexpr T derivative(T, T y) noexcept { return y * (T(1) - y); }
};

}  // namespace constgrad::nn
