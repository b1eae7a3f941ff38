// binary<Op, L, R>: an operation applied to two sub-expressions.
#pragma once

#include "expression.hpp"

namespace constgrad {

/// Op applied to `lhs` and `rhs`; children held by value (see unary).
template <class Op, class L, class R>
struct binary {
    using lhs_type = L;
    using rhs_type = R;

    [[no_unique_address]] L lhs;
    [[no_unique_address]] R rhs;
};

template <class Op, class L, class R>
inline constexpr bool is_expression_v<binary<Op, L, R>> = true;

}  // namespace constgrad
