// nn::l2 regularisation, and `loss + l2{...}`: a data loss plus a penalty on the parameters.
#pragma once

#include "loss.hpp"
#include "parameters.hpp"

namespace constgrad::nn {

/// The L2 penalty strength * Σ θ² over every parameter (weights and biases, as in the
/// classic micrograd demo). Added once per gradient evaluation (per optimizer step), not per
/// sample. Combine it with a loss by `+`:
///
///     auto loss = constgrad::nn::hinge + constgrad::nn::l2{1e-4};
struct l2 {
    double strength = 0.0;

    /// strength * Σ θ².
    template <Parameters P>
    constexpr typename P::scalar_type value(const P& p) const noexcept {
        using T = typename P::scalar_type;
        T sum{};
        P::zip([&](const T& x) { sum += x * x; }, p);
        return static_cast<T>(strength) * sum;
    }

    /// g += scale * 2 strength θ.
    template <Parameters P>
    constexpr void add_gradient(const P& p, P& g, typename P::scalar_type scale) const noexcept {
        using T = typename P::scalar_type;
        const T k = scale * T(2) * static_cast<T>(strength);
        P::zip([&](const T& x, T& gx) { gx += k * x; }, p, g);
    }
};

/// A data loss plus a regulariser: what `loss + l2{...}` makes.
template <class L, class R>
struct regularized {
    L loss;
    R regularizer;
};

/// `loss + l2{strength}`, for elementwise and whole-output losses.
template <class L>
    requires ElementwiseLoss<L> || WholeOutputLoss<L>
constexpr regularized<L, l2> operator+(const L& loss, const l2& penalty) noexcept {
    return {loss, penalty};
}

}  // namespace constgrad::nn
