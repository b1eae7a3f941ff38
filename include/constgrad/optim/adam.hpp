// optim::adam<P>: Adam (Kingma and Ba, 2015), bias-corrected first and second moments.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../math/sqrt.hpp"
#include "../nn/parameters.hpp"
#include "schedule.hpp"

namespace constgrad::optim {

/// Adam: m <- β1 m + (1-β1) g, v <- β2 v + (1-β2) g², w <- w - lr(k) m̂ / (sqrt(v̂) + ε) with
/// m̂ = m / (1 - β1^t), v̂ = v / (1 - β2^t). P is the network's parameter type; the moments are
/// the optimizer's state and have that type.
///
///     constgrad::optim::adam<net::parameters<double>> opt{.learning_rate = 1e-3};
template <class P>
struct adam {
    static_assert(nn::Parameters<P>, "constgrad::optim::adam<P>: P must be a network's parameter "
                                     "type (network<...>::parameters<T>)");

    schedule learning_rate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    /// State: first and second moment estimates, zero at first.
    P m{};
    P v{};
    std::size_t steps = 0;
    // β1^t and β2^t kept as running products: no pow() per step.
    double beta1_power = 1.0;
    double beta2_power = 1.0;

    template <class Q, class G>
    constexpr void step(Q& params, const G& grads) noexcept {
        static_assert(
            std::is_same_v<Q, P>,
            "constgrad::optim::adam<P>::step(params, grads): 'params' is not of the parameter type "
            "P this optimizer was made for");
        static_assert(
            std::is_same_v<G, P>,
            "constgrad::optim::adam<P>::step(params, grads): 'grads' is not of the parameter type "
            "P this optimizer was made for");
        if constexpr (std::is_same_v<Q, P> && std::is_same_v<G, P>) {
            using T = typename P::scalar_type;
            beta1_power *= beta1;
            beta2_power *= beta2;
            const T lr = static_cast<T>(learning_rate(steps));
            const T b1 = static_cast<T>(beta1), b2 = static_cast<T>(beta2),
                    eps = static_cast<T>(epsilon);
            const T c1 = T(1) / static_cast<T>(1.0 - beta1_power);
            const T c2 = T(1) / static_cast<T>(1.0 - beta2_power);
            P::zip(
                [=](T& w, T& mi, T& vi, const T& g) {
                    mi = b1 * mi + (T(1) - b1) * g;
                    vi = b2 * vi + (T(1) - b2) * g * g;
                    w -= lr * (mi * c1) / (math::sqrt(vi * c2) + eps);
                },
                params, m, v, grads);
            ++steps;
        }
    }
};

}  // namespace constgrad::optim
