// The Expression concept: what the operators, derivative, evaluate and gradient accept.
#pragma once

#include <type_traits>

namespace constgrad {

/// True for the node types of the scalar engine; each node header specialises it.
template <class T>
inline constexpr bool is_expression_v = false;

/// Satisfied by the scalar engine's node types: variable, literal, constant, unary, binary.
template <class T>
concept Expression = is_expression_v<std::remove_cvref_t<T>>;

/// Satisfied by what may stand next to an expression as a plain number: int, float, double...
template <class T>
concept Arithmetic = std::is_arithmetic_v<std::remove_cvref_t<T>>;

}  // namespace constgrad
