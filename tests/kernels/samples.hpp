// Deterministic argument sets for the activation tests: float bit-pattern sweeps, doubles
// spread over the whole range, and the edges where each function changes regime.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <support/splitmix64.hpp>

#include "activation_check.hpp"

namespace kernels_test {

using constgrad_test::splitmix64;

/// Where f changes regime (overflow, underflow to subnormal and to zero, saturation, the
/// subnormal / normal boundaries), for T.
template <class T>
std::vector<T> edge_points(function f) {
    using lim = std::numeric_limits<T>;
    const bool is_float = std::is_same_v<T, float>;
    std::vector<T> centres = {T(0), lim::denorm_min(), lim::min(), lim::max(),  T(1), T(0.5),
                              T(2), T(0.34657359),     T(0.1733),  T(0.6931472)};
    switch (f) {
    case function::exp:
    case function::sigmoid:
        if (is_float)
            centres.insert(centres.end(), {T(88.72284), T(-87.33655), T(-103.27893), T(-103.97208),
                                           T(-104.5), T(-110), T(100), T(15.942385), T(17.3287)});
        else
            centres.insert(centres.end(), {T(709.782712893384), T(-708.3964185322641),
                                           T(-744.4400719213812), T(-745.1332191019412), T(-760),
                                           T(720), T(36.7368005696771), T(37.42994775023705)});
        break;
    case function::log:
        centres.insert(centres.end(), {T(0.70710678), T(1.41421356), T(1 - lim::epsilon()),
                                       T(1 + lim::epsilon())});
        break;
    case function::tanh:
        if (is_float)
            centres.insert(centres.end(), {T(9.010913), T(8.317766), T(20), T(0.0004)});
        else
            centres.insert(centres.end(),
                           {T(19.061547465398498), T(18.714973875118524), T(40), T(1e-8)});
        break;
    }
    std::vector<T> out = {lim::infinity(), -lim::infinity(), lim::quiet_NaN(), -lim::quiet_NaN()};
    for (T c : centres) {
        for (T sign : {T(1), T(-1)}) {
            T up = sign * c, down = sign * c;
            for (int i = 0; i < 64; ++i) {
                out.push_back(up);
                out.push_back(down);
                up = std::nextafter(up, lim::infinity());
                down = std::nextafter(down, -lim::infinity());
            }
        }
    }
    while (out.size() % 64 != 0) out.push_back(T(0));
    return out;
}

/// count doubles (a multiple of 64): a third log-uniform in |x| over the whole range (both
/// signs), a third uniform over the function's interesting interval, a third log-uniform in
/// |x| over [2^-30, 2^6] (both signs) where the polynomials work.
inline std::vector<double> double_samples(function f, std::size_t count, std::uint64_t seed) {
    splitmix64 rng(seed);
    std::vector<double> out;
    out.reserve(count);
    double lo = -750, hi = 715;
    if (f == function::log) lo = 0, hi = 4;
    if (f == function::tanh) lo = -25, hi = 25;
    if (f == function::sigmoid) lo = -750, hi = 40;
    for (std::size_t i = 0; i < count; ++i) {
        const double sign = (rng.next() & 1U) != 0 ? -1.0 : 1.0;
        switch (i % 3) {
        case 0:
            out.push_back(sign * std::exp2(-1074 + 2098 * rng.uniform()));
            break;
        case 1:
            out.push_back(lo + (hi - lo) * rng.uniform());
            break;
        default:
            out.push_back(sign * std::exp2(-30 + 36 * rng.uniform()));
            break;
        }
    }
    return out;
}

}  // namespace kernels_test
