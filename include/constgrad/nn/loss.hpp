// nn::loss(p, t, formula): a loss written as a formula of prediction and target; the Loss concepts
// (elementwise losses, and whole-output losses such as softmax cross-entropy).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/detail/type_list.hpp"
#include "../expr/evaluate.hpp"
#include "../expr/expression.hpp"
#include "../expr/variable.hpp"
#include "../schedule/gradient.hpp"
#include "reduction.hpp"

namespace constgrad::nn {

/// An elementwise loss: the formula ℓ(p, t) of one output's prediction p and target t,
/// summed over the outputs of a sample and over a batch (reduction::sum) or averaged over
/// both (reduction::mean). Its derivative dℓ/dp comes from the scalar engine.
/// Made by nn::loss(p, t, formula); the built-ins (squared_error, mse, hinge) are these too.
template <class F, class Prediction, class Target>
struct formula_loss {
    F formula;
    nn::reduction reduce = nn::reduction::sum;

    /// ℓ(p, t).
    template <class T>
    constexpr T value(T p, T t) const noexcept {
        return constgrad::evaluate(formula, Prediction{} = p, Target{} = t);
    }

    /// ℓ(p, t) and dℓ/dp from one reverse sweep.
    template <class T>
    constexpr void value_and_derivative(T p, T t, T& v, T& dp) const noexcept {
        const auto g = constgrad::gradient(formula, Prediction{} = p, Target{} = t);
        v = g.value();
        dp = g[Prediction{}];
    }

    /// The same loss averaged instead of summed (or the other way round).
    constexpr formula_loss with(nn::reduction r) const noexcept { return {formula, r}; }
};

/// A loss from a formula of the prediction variable `p` and the target variable `t`:
///
///     constexpr constgrad::variable<"p"> p;
///     constexpr constgrad::variable<"t"> t;
///     constexpr auto l1ish = constgrad::nn::loss(p, t, constgrad::abs(p - t),
///     constgrad::nn::reduction::mean);
///
/// The formula may use only p and t (a loss has two arguments), and must use p.
template <detail::fixed_string P, detail::fixed_string T, class F>
constexpr auto loss(variable<P> prediction, variable<T> target, const F& formula,
                    nn::reduction reduce = nn::reduction::sum) noexcept {
    (void)prediction;
    (void)target;
    static_assert(Expression<F>,
                  "constgrad::nn::loss(prediction, target, formula): 'formula' must be a constgrad "
                  "expression, e.g. constgrad::square(p - t)");
    if constexpr (Expression<F>) {
        using vars = detail::free_variables_t<F>;
        constexpr bool uses_p = detail::contains_v<variable<P>, vars>;
        constexpr std::size_t allowed =
            static_cast<std::size_t>(uses_p) +
            static_cast<std::size_t>(detail::contains_v<variable<T>, vars>);
        static_assert(
            !std::is_same_v<variable<P>, variable<T>>,
            "constgrad::nn::loss(prediction, target, formula): prediction and target must be "
            "two different variables");
        static_assert(
            allowed == vars::size,
            "constgrad::nn::loss(prediction, target, formula): wrong arity: a loss is a formula "
            "of two variables, the prediction and the target, and this formula uses another");
        static_assert(
            uses_p,
            "constgrad::nn::loss(prediction, target, formula): the formula does not use the "
            "prediction variable, so its gradient would be zero");
    }
    return formula_loss<F, variable<P>, variable<T>>{formula, reduce};
}

template <class L>
inline constexpr bool is_formula_loss_v = false;
template <class F, class P, class T>
inline constexpr bool is_formula_loss_v<formula_loss<F, P, T>> = true;

/// Satisfied by elementwise losses (nn::formula_loss and anything with the same members).
template <class L>
concept ElementwiseLoss = requires(const L& l, double p, double& r) {
    { l.template value<double>(p, p) } -> std::same_as<double>;
    l.template value_and_derivative<double>(p, p, r, r);
    { l.reduce } -> std::convertible_to<reduction>;
};

/// Satisfied by whole-output losses: a loss that sees a sample's whole output vector z (the
/// logits) and its target y at once and gives the sample's loss and dLoss/dz in one call,
/// its reverse rule written once (nn::softmax_cross_entropy, nn::binary_cross_entropy_with_logits,
/// or your own struct with the same members):
///
///   - `template <std::size_t Out> static constexpr std::size_t target_size` — the width of
///     the target for Out outputs: Out (probabilities, one-hot, 0/1 labels) or 1 (a class
///     index, stored as a T holding an integer);
///   - `T value(const std::array<T, Out>& z, const std::array<T, target_size<Out>>& y) const`
///     — the sample's loss, already combined over its outputs;
///   - `T value_and_gradient(z, y, std::array<T, Out>& dz) const` — the same value, and
///     dLoss/dz written to dz;
///   - `reduction reduce` — over a batch, the sum or the mean of the samples' losses.
template <class L>
concept WholeOutputLoss =
    requires(const L& l, const std::array<double, 3>& z, std::array<double, 3>& dz,
             const std::array<double, L::template target_size<3>>& y) {
        { l.value(z, y) } -> std::same_as<double>;
        { l.value_and_gradient(z, y, dz) } -> std::same_as<double>;
        { l.reduce } -> std::convertible_to<reduction>;
    };

}  // namespace constgrad::nn
