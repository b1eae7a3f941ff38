// optim::momentum<P>: gradient descent with (heavy-ball or Nesterov) momentum; and
// optim::momentum_ref<P>, the same with its velocity in a caller-placed P.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../nn/parameters.hpp"
#include "schedule.hpp"

namespace constgrad::optim {

namespace detail_momentum {

template <class P>
constexpr void step(P& params, P& velocity, const P& grads, double rate, double beta,
                    bool nesterov) noexcept {
    using T = typename P::scalar_type;
    const T lr = static_cast<T>(rate);
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
}

}  // namespace detail_momentum

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
            detail_momentum::step(params, velocity, grads, learning_rate(steps), beta, nesterov);
            ++steps;
        }
    }
};

/// Momentum whose velocity (zero at first) lives in a caller-placed P: the optimizer itself is
/// a reference and a few scalars, whatever the size of the network. Steps exactly like
/// momentum<P>.
///
///     static net::parameters<double> velocity{};   // or inside a heap block
///     optim::momentum_ref<net::parameters<double>> opt{.velocity = velocity, .beta = 0.9};
template <class P>
struct momentum_ref {
    static_assert(nn::Parameters<P>, "constgrad::optim::momentum_ref<P>: P must be a network's "
                                     "parameter type (network<...>::parameters<T>)");

    P& velocity;
    schedule learning_rate = 0.01;
    double beta = 0.9;
    bool nesterov = false;
    std::size_t steps = 0;

    template <class Q, class G>
    constexpr void step(Q& params, const G& grads) noexcept {
        static_assert(std::is_same_v<Q, P> && std::is_same_v<G, P>,
                      "constgrad::optim::momentum_ref<P>::step(params, grads): 'params' and "
                      "'grads' must be of the parameter type P of the velocity");
        if constexpr (std::is_same_v<Q, P> && std::is_same_v<G, P>) {
            detail_momentum::step(params, velocity, grads, learning_rate(steps), beta, nesterov);
            ++steps;
        }
    }
};

}  // namespace constgrad::optim
