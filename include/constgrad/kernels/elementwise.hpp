// kernels::map, kernels::map_with_slope: a function applied to every element, a pack at a time.
#pragma once

#include <array>
#include <cstddef>

#include "pack.hpp"

namespace constgrad::kernels {

/// y[k] = f(z[k]) for every k (run time, float or double): f is called with whole packs, then
/// with single elements for the N % lanes<T> left over, so it must be written for both (the
/// kernels of kernels/math are; their scalar form returns exactly what a lane would).
template <class F, class T, std::size_t N>
[[gnu::always_inline]] inline void map(const F& f, const std::array<T, N>& z, std::array<T, N>& y) noexcept {
    constexpr std::size_t P = lanes<T>, tail = N / P * P;
    for (std::size_t k = 0; k < tail; k += P) store(y.data() + k, f(load(z.data() + k)));
    for (std::size_t k = tail; k < N; ++k) y[k] = f(z[k]);
}

/// y[k] = f(z[k]).value and slope[k] = f(z[k]).slope for every k: f returns a value and its
/// derivative together (an activation and the act' that its backward pass reads).
template <class F, class T, std::size_t N>
[[gnu::always_inline]] inline void map_with_slope(const F& f, const std::array<T, N>& z, std::array<T, N>& y,
                                                  std::array<T, N>& slope) noexcept {
    constexpr std::size_t P = lanes<T>, tail = N / P * P;
    for (std::size_t k = 0; k < tail; k += P) {
        const auto r = f(load(z.data() + k));
        store(y.data() + k, r.value);
        store(slope.data() + k, r.slope);
    }
    for (std::size_t k = tail; k < N; ++k) {
        const auto r = f(z[k]);
        y[k] = r.value;
        slope[k] = r.slope;
    }
}

/// y[k] *= s[k]: the reverse rule of an elementwise function, dz = dy ⊙ f'(z).
template <class T, std::size_t N>
constexpr void scale(const std::array<T, N>& s, std::array<T, N>& y) noexcept {
    for (std::size_t k = 0; k < N; ++k) y[k] *= s[k];
}

}  // namespace constgrad::kernels
