// optim::adam<P>: Adam (Kingma and Ba, 2015), bias-corrected first and second moments; and
// optim::adam_ref<P>, the same optimizer with its moments in a caller-placed adam_state<P>.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../math/sqrt.hpp"
#include "../nn/parameters.hpp"
#include "schedule.hpp"

namespace constgrad::optim {

namespace detail_adam {

// One Adam step with PyTorch's arithmetic (torch.optim.Adam, single-tensor path): the scalar
// constants 1 - β1, 1 - β2, lr / (1 - β1^t) and sqrt(1 - β2^t) are formed in double and rounded
// once to T (formed in float, 1 - 0.999f is 1.3e-5 low and every float step ~7e-6 relatively
// too large); per weight, in T:
//   m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g g;  w -= step_size m / (sqrt(v) / sqrt(1-β2^t) + ε).
template <class P>
constexpr void step(P& params, P& m, P& v, const P& grads, double lr, double beta1,
                    double beta2, double epsilon, double beta1_power,
                    double beta2_power) noexcept {
    using T = typename P::scalar_type;
    const T b1 = static_cast<T>(beta1), b2 = static_cast<T>(beta2);
    const T one_minus_b1 = static_cast<T>(1.0 - beta1);
    const T one_minus_b2 = static_cast<T>(1.0 - beta2);
    const T eps = static_cast<T>(epsilon);
    const T step_size = static_cast<T>(lr / (1.0 - beta1_power));
    const T correction2 = static_cast<T>(math::sqrt(1.0 - beta2_power));
    P::zip(
        [=](T& w, T& mi, T& vi, const T& g) {
            mi = b1 * mi + one_minus_b1 * g;
            vi = b2 * vi + one_minus_b2 * g * g;
            w -= step_size * mi / (math::sqrt(vi) / correction2 + eps);
        },
        params, m, v, grads);
}

}  // namespace detail_adam

/// Adam: m <- β1 m + (1-β1) g, v <- β2 v + (1-β2) g², w <- w - lr(k) m̂ / (sqrt(v̂) + ε) with
/// m̂ = m / (1 - β1^t), v̂ = v / (1 - β2^t), in PyTorch's arithmetic (the scalar constants formed
/// in double and rounded once: a float step matches torch.optim.Adam to about an ulp). P is the
/// network's parameter type; the moments are the optimizer's state and have that type, so
/// the optimizer is 2·sizeof(P) plus a few scalars: place it where the parameters live (or use
/// adam_ref, whose moments live in a caller-placed adam_state).
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
            beta1_power *= beta1;
            beta2_power *= beta2;
            detail_adam::step(params, m, v, grads, learning_rate(steps), beta1, beta2, epsilon,
                              beta1_power, beta2_power);
            ++steps;
        }
    }
};

/// Adam's parameter-sized state: the first and second moments, zero at first. Place it once
/// where the parameters live (static storage, or the one heap allocation made at start-up) and
/// hand it to an adam_ref.
template <class P>
struct adam_state {
    static_assert(nn::Parameters<P>, "constgrad::optim::adam_state<P>: P must be a network's "
                                     "parameter type (network<...>::parameters<T>)");
    P m{};
    P v{};
};

/// Adam whose moments live in a caller-placed adam_state<P>: the optimizer itself is a
/// reference and a few scalars, so it can be made, copied and passed around on any stack,
/// whatever the size of the network. Steps exactly like adam<P>.
///
///     static optim::adam_state<net::parameters<double>> state;   // or inside a heap block
///     optim::adam_ref<net::parameters<double>> opt{.state = state, .learning_rate = 1e-3};
template <class P>
struct adam_ref {
    static_assert(nn::Parameters<P>, "constgrad::optim::adam_ref<P>: P must be a network's "
                                     "parameter type (network<...>::parameters<T>)");

    adam_state<P>& state;
    schedule learning_rate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    std::size_t steps = 0;
    double beta1_power = 1.0;
    double beta2_power = 1.0;

    template <class Q, class G>
    constexpr void step(Q& params, const G& grads) noexcept {
        static_assert(std::is_same_v<Q, P> && std::is_same_v<G, P>,
                      "constgrad::optim::adam_ref<P>::step(params, grads): 'params' and 'grads' "
                      "must be of the parameter type P of the optimizer's state");
        if constexpr (std::is_same_v<Q, P> && std::is_same_v<G, P>) {
            beta1_power *= beta1;
            beta2_power *= beta2;
            detail_adam::step(params, state.m, state.v, grads, learning_rate(steps), beta1,
                              beta2, epsilon, beta1_power, beta2_power);
            ++steps;
        }
    }
};

}  // namespace constgrad::optim
