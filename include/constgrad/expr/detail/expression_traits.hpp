// Compile-time facts about an expression type: statelessness, constants, variables.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../binary.hpp"
#include "../constant.hpp"
#include "../literal.hpp"
#include "../unary.hpp"
#include "../variable.hpp"
#include "type_list.hpp"

namespace constgrad::detail {

// Stateless: built from variables and literals only, so the type alone determines the
// value and two nodes of the same type are the same node.
template <class E>
inline constexpr bool is_stateless_v = true;
template <>
inline constexpr bool is_stateless_v<constant> = false;
template <class Op, class A>
inline constexpr bool is_stateless_v<unary<Op, A>> = is_stateless_v<A>;
template <class Op, class L, class R>
inline constexpr bool is_stateless_v<binary<Op, L, R>> = is_stateless_v<L> && is_stateless_v<R>;

// Number of `constant` leaves in the tree, counting repeats: the length of the array the
// schedule copies the runtime constants into.
template <class E>
inline constexpr std::size_t constant_count_v = 0;
template <>
inline constexpr std::size_t constant_count_v<constant> = 1;
template <class Op, class A>
inline constexpr std::size_t constant_count_v<unary<Op, A>> = constant_count_v<A>;
template <class Op, class L, class R>
inline constexpr std::size_t constant_count_v<binary<Op, L, R>> =
    constant_count_v<L> + constant_count_v<R>;

// Whether any variable occurs: sub-expressions without one need no adjoint.
template <class E>
inline constexpr bool has_variables_v = false;
template <fixed_string Name>
inline constexpr bool has_variables_v<variable<Name>> = true;
template <class Op, class A>
inline constexpr bool has_variables_v<unary<Op, A>> = has_variables_v<A>;
template <class Op, class L, class R>
inline constexpr bool has_variables_v<binary<Op, L, R>> = has_variables_v<L> || has_variables_v<R>;

// Whether evaluating E calls a math-library function (exp, log, sqrt, sin, cos, tanh,
// sigmoid, pow): only then is recognising an equal stateful sub-expression at run time
// (comparing its constants) cheaper than computing it again.
template <class Op>
concept MathLibraryOperation = Op::calls_math_library;

template <class E>
inline constexpr bool calls_math_library_v = false;
template <class Op, class A>
inline constexpr bool calls_math_library_v<unary<Op, A>> =
    MathLibraryOperation<Op> || calls_math_library_v<A>;
template <class Op, class L, class R>
inline constexpr bool calls_math_library_v<binary<Op, L, R>> =
    MathLibraryOperation<Op> || calls_math_library_v<L> || calls_math_library_v<R>;

// Constant-valued leaves: what constant folding may combine.
template <class E>
inline constexpr bool is_number_leaf_v = is_literal_v<E> || std::is_same_v<E, constant>;

// The distinct variables of an expression, in order of first appearance.
template <class E, class List = type_list<>>
struct free_variables {
    using type = List;
};
template <fixed_string Name, class List>
struct free_variables<variable<Name>, List> {
    using type = push_back_unique_t<List, variable<Name>>;
};
template <class Op, class A, class List>
struct free_variables<unary<Op, A>, List> : free_variables<A, List> {};
template <class Op, class L, class R, class List>
struct free_variables<binary<Op, L, R>, List>
    : free_variables<R, typename free_variables<L, List>::type> {};

template <class E>
using free_variables_t = typename free_variables<E>::type;

}  // namespace constgrad::detail
