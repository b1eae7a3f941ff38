// pow(base, exponent): powers with a number, an expression, or a type-level integer exponent.
#pragma once


#include "../../math/pow.hpp"
#include "../arithmetic.hpp"
#include "../binary.hpp"
#include "../expression.hpp"
#include "../literal.hpp"

namespace constgrad {

/// The operation pow; see pow(base, exponent).
struct pow_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "pow";
    template <class T>
    static constexpr T apply(T base, T exponent) noexcept { return math::pow(base, exponent); }
};

/// base raised to exponent; either may be a plain number: pow(x, 2.5), pow(2, x), pow(x, y).
/// Integer-valued exponents are computed exactly by repeated multiplication at compile time.
template <class B, class E>
    requires detail::ArithmeticOperands<B, E>
constexpr auto pow(const B& base, const E& exponent) noexcept {
    return detail::make_binary<pow_op>(base, exponent);
}

/// base raised to the integer N, kept in the type: pow<3>(x); its derivative is 3 * pow<2>(x).
template <long long N, Expression B>
constexpr auto pow(const B& base) noexcept {
    return binary<pow_op, B, literal<N>>{base, {}};
}

}  // namespace constgrad
