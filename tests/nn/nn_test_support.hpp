// Helpers of the nn tests: central finite differences and a relative comparison.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <constgrad/nn/parameters.hpp>

namespace nn_test {

// Central difference (f(x + h) - f(x - h)) / 2h; h = 1e-5 balances truncation (~h^2) and
// rounding (~1e-16 / h) errors at about 1e-10 in double for O(1) functions.
inline constexpr double fd_step = 1e-5;

// |a - b| relative to the larger magnitude; below 1e-9 in absolute terms both are "zero"
// (a dead relu unit, an unused input), where a relative error says nothing.
inline double relative_error(double a, double b) {
    const double diff = std::fabs(a - b);
    if (diff <= 1e-9) return 0.0;
    return diff / std::max(std::fabs(a), std::fabs(b));
}

template <class F>
double central_difference(F&& f, double x) {
    return (f(x + fd_step) - f(x - fd_step)) / (2 * fd_step);
}

// The largest relative error between the analytic gradient g of loss(p) and central
// differences over every parameter of p.
template <class P, class LossOf>
double max_gradient_error(const P& p, const P& g, LossOf&& loss_of) {
    const auto flat = constgrad::nn::flatten(p);
    const auto flat_g = constgrad::nn::flatten(g);
    double worst = 0;
    for (std::size_t k = 0; k < flat.size(); ++k) {
        auto shifted = flat;
        const double fd = central_difference(
            [&](double v) {
                shifted[k] = v;
                return static_cast<double>(loss_of(constgrad::nn::unflatten<P>(shifted)));
            },
            flat[k]);
        worst = std::max(worst, relative_error(flat_g[k], fd));
    }
    return worst;
}

}  // namespace nn_test
