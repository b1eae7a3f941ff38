// unary<Op, A>: an operation applied to one sub-expression.
#pragma once

#include "expression.hpp"

namespace constgrad {

/// Op applied to `arg`. The node holds data only; what Op computes lives in Op, its
/// derivative in rules/, and how a whole graph is evaluated in schedule/. Children are held
/// by value, so an `auto` expression never dangles.
template <class Op, class A>
struct unary {
    [[no_unique_address]] A arg;
};

template <class Op, class A>
inline constexpr bool is_expression_v<unary<Op, A>> = true;

}  // namespace constgrad
