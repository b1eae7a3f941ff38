// Built-in losses: squared_error (the seed's), mse, hinge.
#pragma once

#include "reduction.hpp"

namespace constgrad::nn {

// TEMPORARY functor form until the scalar engine lands.

struct squared_error_t {
    static constexpr reduction reduce = reduction::sum;
    template <class T> static constexpr T value(T p, T t) noexcept { return (p - t) * (p - t); }
    template <class T> static constexpr T derivative(T p, T t) noexcept { return T(2) * (p - t); }
};
inline constexpr squared_error_t squared_error{};

struct mse_t {
    static constexpr reduction reduce = reduction::mean;
    template <class T> static constexpr T value(T p, T t) noexcept { return (p - t) * (p - t); }
    template <class T> static constexpr T derivative(T p, T t) noexcept { return T(2) * (p - t); }
};
inline constexpr mse_t mse{};

struct hinge_t {
    static constexpr reduction reduce = reduction::mean;
    template <class T> static constexpr T value(T p, T t) noexcept { return T(1) - p * t > T(0) ? T(1) - p * t : T(0); }
    template <class T> static constexpr T derivative(T p, T t) noexcept { return T(1) - p * t > T(0) ? -t : T(0); }
};
inline constexpr hinge_t hinge{};

}  // namespace constgrad::nn
