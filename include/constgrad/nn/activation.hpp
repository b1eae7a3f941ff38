// nn::activation<formula>: any one-variable formula as an activation; the Activation concept.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/evaluate.hpp"
#include "../expr/expression.hpp"
#include "../kernels/detail/packable.hpp"
#include "../kernels/elementwise.hpp"
#include "../schedule/gradient.hpp"
#include "../schedule/packed_derivative.hpp"

namespace constgrad::detail {

// What makes a type an activation: a static member `formula`, an expression of exactly one
// variable. Checked without instantiating anything that could itself fail to compile.
template <class A, class = void>
struct nn_activation_formula {
    static constexpr bool has_formula = false;
    static constexpr bool valid = false;
};
template <class A>
struct nn_activation_formula<A, std::void_t<decltype(A::formula)>> {
    using formula_type = std::remove_cvref_t<decltype(A::formula)>;
    static constexpr bool has_formula = Expression<formula_type>;
    static constexpr bool valid = [] {
        if constexpr (Expression<formula_type>)
            return free_variables_t<formula_type>::size == 1;
        else
            return false;
    }();
};

// How a layer evaluates an activation: the formula through the scalar engine. The forward
// sweep of training needs act(z) and act'(z) together, which is exactly what one
// gradient() call gives: its reverse sweep applies the derivative rules of rules/ (the ones
// derivative() applies symbolically) to the values of the forward sweep, so tanh' = 1 - r^2
// reuses r = tanh(z) instead of computing tanh twice. No derivative is written by hand,
// for built-in and user activations alike.
template <class A>
struct nn_activation {
    static constexpr auto formula = A::formula;
    using variable_type =
        typename at<0, free_variables_t<std::remove_cvref_t<decltype(A::formula)>>>::type;

    template <class T>
    static constexpr T value(T z) noexcept {
        return constgrad::evaluate(formula, variable_type{} = z);
    }

    template <class T>
    static constexpr void value_and_derivative(T z, T& y, T& dy) noexcept {
        const auto g = constgrad::gradient(formula, variable_type{} = z);
        y = g.value();
        dy = g[variable_type{}];
    }

    /// Whether a layer of T runs this activation on packs at run time (packed_derivative.hpp).
    template <class T>
    static constexpr bool packed =
        kernels::detail::packable_v<T> && packable_formula_v<std::remove_cvref_t<decltype(A::formula)>>;

    /// y = act(z) elementwise: on packs at run time when the formula allows, otherwise (and
    /// during constant evaluation) one scalar evaluation per element.
    template <class T, std::size_t N>
    static constexpr void map(const std::array<T, N>& z, std::array<T, N>& y) noexcept {
        if constexpr (packed<T>) {
            if (!std::is_constant_evaluated()) {
                kernels::map([](auto v) { return packed_value(formula, v); }, z, y);
                return;
            }
        }
        for (std::size_t k = 0; k < N; ++k) y[k] = value(z[k]);
    }

    /// y = act(z) and dact = act'(z) elementwise, for the backward pass.
    template <class T, std::size_t N>
    static constexpr void map_recording(const std::array<T, N>& z, std::array<T, N>& y,
                                        std::array<T, N>& dact) noexcept {
        if constexpr (packed<T>) {
            if (!std::is_constant_evaluated()) {
                kernels::map_with_slope([](auto v) { return packed_value_and_derivative(formula, v); },
                                        z, y, dact);
                return;
            }
        }
        for (std::size_t k = 0; k < N; ++k) value_and_derivative(z[k], y[k], dact[k]);
    }
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// Satisfied by activation types: a static member `formula` that is a scalar expression of
/// exactly one variable (nn::relu, nn::tanh, ..., nn::activation<formula>, or a struct of
/// your own with `static constexpr auto formula = ...;`).
template <class A>
concept Activation = detail::nn_activation_formula<A>::valid;

/// A user activation written as a formula of one variable; its derivative comes from the
/// scalar engine's rules, nothing is written by hand.
///
///     constexpr constgrad::variable<"z"> z;
///     using swish = constgrad::nn::activation<z * constgrad::sigmoid(z)>;
///     using layer = constgrad::nn::dense<16, 16, swish>;
template <auto Formula>
struct activation {
    static_assert(
        Expression<decltype(Formula)>,
        "constgrad::nn::activation<formula>: the formula must be a constgrad expression of one "
        "variable, e.g. z * constgrad::sigmoid(z)");
    static_assert(!Expression<decltype(Formula)> ||
                      detail::free_variables_t<std::remove_cvref_t<decltype(Formula)>>::size == 1,
                  "constgrad::nn::activation<formula>: an activation must be a formula of exactly "
                  "one variable");
    static constexpr auto formula = Formula;
};

}  // namespace constgrad::nn
