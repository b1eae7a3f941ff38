// make_moons: the two interleaving half circles of the classic demo, from our own RNG.
#pragma once

#include <array>
#include <cstddef>

#include <constgrad/math/cos.hpp>
#include <constgrad/math/sin.hpp>
#include <constgrad/nn/rng.hpp>
#include <constgrad/nn/sample.hpp>
#include <constgrad/nn/seed.hpp>

namespace support {

/// sklearn's make_moons(n, noise) recipe (shared/oracles/README.md): N / 2 points
/// (cos t, sin t) labelled -1 and N - N / 2 points (1 - cos t, 1 - sin t - 0.5) labelled +1,
/// t evenly spaced on [0, pi] in each half, then N(0, noise^2) added to both coordinates.
/// The noise comes from constgrad::nn::rng, so the points differ from sklearn's (another
/// generator) but are the same on every compiler and platform. constexpr.
template <std::size_t N, class T = double>
constexpr std::array<constgrad::nn::sample<T, 2, 1>, N> make_moons(double noise,
                                                                   constgrad::nn::seed seed) {
    constexpr double pi = 3.14159265358979323846;
    constexpr std::size_t n_out = N / 2;
    constexpr std::size_t n_in = N - n_out;
    std::array<constgrad::nn::sample<T, 2, 1>, N> data{};
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t =
            n_out > 1 ? pi * static_cast<double>(i) / static_cast<double>(n_out - 1) : 0.0;
        data[i] = {
            {static_cast<T>(constgrad::math::cos(t)), static_cast<T>(constgrad::math::sin(t))},
            {T(-1)}};
    }
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t =
            n_in > 1 ? pi * static_cast<double>(i) / static_cast<double>(n_in - 1) : 0.0;
        data[n_out + i] = {{static_cast<T>(1.0 - constgrad::math::cos(t)),
                            static_cast<T>(1.0 - constgrad::math::sin(t) - 0.5)},
                           {T(1)}};
    }
    constgrad::nn::rng r{seed};
    for (auto& s : data) {
        s.x[0] += static_cast<T>(r.normal(0.0, noise));
        s.x[1] += static_cast<T>(r.normal(0.0, noise));
    }
    return data;
}

}  // namespace support
