// nn::loss(p, t, formula): a loss written as a formula of prediction and target; the Loss concepts.
#pragma once

#include <concepts>
#include <type_traits>

#include "../detail/expression_traits.hpp"
#include "../detail/type_list.hpp"
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

}  // namespace constgrad::nn
