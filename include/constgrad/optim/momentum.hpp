// optim::momentum<P>: gradient descent with (heavy-ball or Nesterov) momentum.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../nn/parameters.hpp"
#include "schedule.hpp"

namespace constgrad::optim {

/// SGD with momentum: v <- β v + g, w <- w - lr(k) v (with `nesterov`: w <- w - lr(k) (g + β v)).
/// P is the network's parameter type; the velocity has that type (it is the optimizer's state,
/// part of the aggregate so that the whole optimizer is one trivially copyable value).
///
///     constgrad::optim::momentum<net::parameters<double>> opt{.learning_rate = 0.05, .beta = 0.9};
template <class P>
struct momentum {
    static_assert(nn::Parameters<P>, "constgrad::optim::momentum<P>: P must be a network's "
                                     "parameter type (network<...>::parameters<T>)");

    schedule learning_rate = 0.01;
    double beta = 0.9;
    bool nesterov = false;
    /// State: the running velocity, zero at first.
    P velocity{};
    std::size_t steps = 0;

    template <class Q, class G>
    constexpr void step(Q& params, const G& grads) noexcept {
        static_assert(
            std::is_same_v<Q, P>,
            "constgrad::optim::momentum<P>::step(params, grads): 'params' is not of the parameter "
            "type P this optimizer was made for");
        static_assert(
            std::is_same_v<G, P>,
            "constgrad::optim::momentum<P>::step(params, grads): 'grads' is not of the parameter "
            "type P this optimizer was made for");
        if constexpr (std::is_same_v<Q, P> && std::is_same_v<G, P>) {
            using T = typename P::scalar_type;
            const T lr = static_cast<T>(learning_rate(steps));
            const T b = static_cast<T>(beta);
            if (nesterov)
                P::zip(
                    [lr, b](T& w, T& v, const T& g) {
                        v = b * v + g;
                        w -= lr * (g + b * v);
                    },
                    params, velocity, grads);
            else
                P::zip(
                    [lr, b](T& w, T& v, const T& g) {
                        v = b * v + g;
                        w -= lr * v;
                    },
                    params, velocity, grads);
            ++steps;
        }
    }
};

}  // namespace constgrad::optim
