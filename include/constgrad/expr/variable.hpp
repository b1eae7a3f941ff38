// variable<"x">: an independent variable, an empty tag type named by a string literal.
#pragma once

#include <type_traits>

#include "detail/fixed_string.hpp"
#include "binding.hpp"
#include "expression.hpp"

namespace constgrad {

/// An independent variable. Two variables are the same exactly when their names are.
///
///     constexpr constgrad::variable<"x"> x;
///     static_assert(constgrad::evaluate(x * x, x = 3.0) == 9.0);
///
/// `x = value` does not assign: it makes a binding to pass to evaluate, gradient, ...
template <detail::fixed_string Name>
struct variable {
    static constexpr detail::fixed_string name = Name;

    template <class T>
    constexpr auto operator=(T value) const noexcept {
        static_assert(std::is_arithmetic_v<T>,
                      "constgrad: a variable can only be bound to an arithmetic value, e.g. x = 2.0");
        return binding<Name, T>{value};
    }
};

template <detail::fixed_string Name>
inline constexpr bool is_expression_v<variable<Name>> = true;

/// True for variable<Name> types.
template <class T>
inline constexpr bool is_variable_v = false;
template <detail::fixed_string Name>
inline constexpr bool is_variable_v<variable<Name>> = true;

/// Satisfied by variable<Name> types.
template <class T>
concept Variable = is_variable_v<std::remove_cvref_t<T>>;

}  // namespace constgrad
