// Initialisation schemes for weights: uniform, normal, Xavier/Glorot and He (Kaiming).
#pragma once

#include <cstddef>

#include "../math/sqrt.hpp"
#include "rng.hpp"

// Each scheme is a small aggregate with
//     template <class T> constexpr T weight(rng&, std::size_t fan_in, std::size_t fan_out) const;
//     double bias;   // the value every bias starts at (0 by default: no draw)
// A network draws the weights of layer 1 row by row (w[0][0], w[0][1], ..., w[1][0], ...),
// then those of layer 2, and so on, from one rng; biases take no draws. That order is part of
// the documented behaviour: the same seed gives the same parameters on every compiler.
namespace constgrad::nn {

/// Weights uniform on [low, high), e.g. the classic micrograd demo's U(-1, 1).
struct uniform_init {
    double low = -1.0;
    double high = 1.0;
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t, std::size_t) const noexcept {
        return static_cast<T>(r.uniform(low, high));
    }
};

/// Weights normal N(mean, stddev^2).
struct normal_init {
    double mean = 0.0;
    double stddev = 1.0;
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t, std::size_t) const noexcept {
        return static_cast<T>(r.normal(mean, stddev));
    }
};

/// Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)); keeps the variance of
/// activations and gradients about constant through tanh/sigmoid/identity layers.
struct glorot_uniform {
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t fan_in, std::size_t fan_out) const noexcept {
        const double a = math::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
        return static_cast<T>(r.uniform(-a, a));
    }
};

/// Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).
struct glorot_normal {
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t fan_in, std::size_t fan_out) const noexcept {
        const double s = math::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
        return static_cast<T>(r.normal(0.0, s));
    }
};

/// He/Kaiming uniform: U(-a, a), a = sqrt(6 / fan_in); for relu layers, which zero half
/// their inputs and so need twice Glorot's variance.
struct he_uniform {
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t fan_in, std::size_t) const noexcept {
        const double a = math::sqrt(6.0 / static_cast<double>(fan_in));
        return static_cast<T>(r.uniform(-a, a));
    }
};

/// He/Kaiming normal: N(0, 2 / fan_in).
struct he_normal {
    double bias = 0.0;
    template <class T>
    constexpr T weight(rng& r, std::size_t fan_in, std::size_t) const noexcept {
        const double s = math::sqrt(2.0 / static_cast<double>(fan_in));
        return static_cast<T>(r.normal(0.0, s));
    }
};

/// The names of the Xavier/Glorot schemes under their other author's name.
using xavier_uniform = glorot_uniform;
/// See glorot_normal.
using xavier_normal = glorot_normal;

}  // namespace constgrad::nn
