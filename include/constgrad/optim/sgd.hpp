// optim::sgd: plain gradient descent, w <- w - lr(k) * g.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../nn/parameters.hpp"
#include "schedule.hpp"

namespace constgrad::optim {

/// Stochastic gradient descent, the seed's w_i <- w_i - λ * grad_i, with a learning-rate
/// schedule. Stateless apart from its step count, so one sgd serves any parameter type.
///
///     constgrad::optim::sgd opt{.learning_rate = 0.05};
///     opt.step(params, net::gradient(constgrad::nn::squared_error, params, x, y));
struct sgd {
    /// λ as a function of the step count (a number converts to a constant schedule).
    schedule learning_rate = 0.01;
    /// Steps taken so far: the schedule's argument.
    std::size_t steps = 0;

    /// params -= lr(steps) * grads, then steps += 1.
    template <class P, class G>
    constexpr void step(P& params, const G& grads) noexcept {
        static_assert(
            nn::Parameters<P>,
            "constgrad::optim::sgd::step(params, grads): 'params' must be a network's parameters");
        static_assert(
            std::is_same_v<P, G>,
            "constgrad::optim::sgd::step(params, grads): 'grads' must have the type of 'params'");
        if constexpr (nn::Parameters<P> && std::is_same_v<P, G>) {
            using T = typename P::scalar_type;
            const T lr = static_cast<T>(learning_rate(steps));
            P::zip([lr](T& w, const T& g) { w -= lr * g; }, params, grads);
            ++steps;
        }
    }

    /// One step on one sample with the gradient fused into the reverse sweep
    /// (Net::descend): `step(params, Net::gradient(loss, params, x, y))` within rounding (each
    /// weight moves by one fused multiply-add instead of a rounded product and a subtraction:
    /// at most one rounding of the update, |lr · g|·u, apart), with one pass over the weights
    /// instead of three. Returns the sample's loss.
    ///
    ///     opt.train<net>(constgrad::nn::squared_error, params, x, y);
    template <class Net, class L, class P, class X, class Y>
    constexpr auto train(const L& loss, P& params, const X& x, const Y& y) noexcept {
        static_assert(
            nn::Parameters<P>,
            "constgrad::optim::sgd::train<Net>(loss, params, x, y): 'params' must be a network's parameters");
        using T = typename P::scalar_type;
        const T lr = static_cast<T>(learning_rate(steps));
        ++steps;
        return Net::descend(loss, params, lr, x, y);
    }
};

}  // namespace constgrad::optim
