// literal<N> and c<N>: integer constants that live in the type, so 0*u and 1*u simplify away.
#pragma once

#include "expression.hpp"

namespace constgrad {

/// An integer constant held by the type itself (a stateless node). The derivative rules
/// produce them (0, 1, 2, -1); users write `c<2>` to keep a sub-expression stateless, so
/// that equal sub-expressions are recognised by their type alone.
template <long long N>
struct literal {
    static constexpr long long value = N;
};

template <long long N>
inline constexpr bool is_expression_v<literal<N>> = true;

/// The literal N as a value: `c<2> * x`.
template <long long N>
inline constexpr literal<N> c{};

using zero = literal<0>;
using one = literal<1>;

template <class T>
inline constexpr bool is_literal_v = false;
template <long long N>
inline constexpr bool is_literal_v<literal<N>> = true;

}  // namespace constgrad
