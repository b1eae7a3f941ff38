// leaky_relu(e, slope): e for e > 0, slope·e otherwise; leaky_relu'(0) = slope, as PyTorch.
#pragma once


#include "../arithmetic.hpp"
#include "../binary.hpp"
#include "../expression.hpp"

namespace constgrad {

/// The operation leaky_relu; see leaky_relu(e, slope).
struct leaky_relu_op {
    static constexpr const char* symbol = "leaky_relu";
    // Both branches exact up to the one rounding of slope·a (no 0.99 a + 0.01 a); NaN takes
    // the second branch and stays NaN, as relu_op and the tape do.
    template <class T>
    static constexpr T apply(T a, T slope) noexcept { return a > T(0) ? a : slope * a; }
};

/// The operation leaky_step, leaky_relu's derivative: 1 for a > 0, else the slope (so the
/// slope at 0: the left side, as PyTorch's leaky_relu and PReLU and the runtime tape).
struct leaky_step_op {
    static constexpr const char* symbol = "leaky_step";
    template <class T>
    static constexpr T apply(T a, T slope) noexcept { return a > T(0) ? T(1) : slope; }
};

/// e for e > 0, slope·e otherwise. The slope is a number (0.01 by default) or an expression:
/// leaky_relu(z, a) with a variable a is PReLU, and gradient() gives d/da as well. The
/// derivative with respect to e is leaky_step(e, slope): 1 for e > 0, the slope at and below
/// 0 (PyTorch's convention; a hand-written relu(z) - 0.01 * relu(-z) has derivative 0 at 0,
/// from relu'(0) = 0).
///
///     constexpr constgrad::variable<"z"> z;
///     static_assert(constgrad::gradient(constgrad::leaky_relu(z, 0.25), z = 0.0)[z] == 0.25);
template <Expression A, class S = double>
    requires(Expression<S> || Arithmetic<S>)
constexpr auto leaky_relu(const A& arg, const S& slope = 0.01) noexcept {
    return detail::make_binary<leaky_relu_op>(arg, slope);
}

/// leaky_relu's derivative as a function: 1 for e > 0, else `slope` (its own derivative is 0
/// in e and 1 - step(e) in the slope).
template <Expression A, class S>
    requires(Expression<S> || Arithmetic<S>)
constexpr auto leaky_step(const A& arg, const S& slope) noexcept {
    return detail::make_binary<leaky_step_op>(arg, slope);
}

}  // namespace constgrad
