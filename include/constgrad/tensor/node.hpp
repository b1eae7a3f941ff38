// tensor::node<Op, Children...>: an operation of a tensor formula; the Tensor concept.
#pragma once

#include <cstddef>
#include <type_traits>

#include "leaves.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

/// An operation node: its children by value (an `auto` formula never dangles), all public so
/// that a formula is a valid template argument (nn::formula_layer<formula>). Op holds what
/// the node does: its result shape, its forward rule and one reverse rule per child
/// (tensor/operations/). Nodes hold data only; the schedule (tensor/sweep.hpp) runs them.
template <class Op, class... Children>
struct node;

template <class Op, class A>
struct node<Op, A> {
    using operation = Op;
    using shape_type = typename Op::template shape<A>;
    A a;
};

template <class Op, class A, class B>
struct node<Op, A, B> {
    using operation = Op;
    using shape_type = typename Op::template shape<A, B>;
    A a;
    B b;
};

template <class Op, class A, class B, class C>
struct node<Op, A, B, C> {
    using operation = Op;
    using shape_type = typename Op::template shape<A, B, C>;
    A a;
    B b;
    C c;
};

namespace detail {
template <class X>
inline constexpr bool is_node_v = false;
template <class Op, class... C>
inline constexpr bool is_node_v<node<Op, C...>> = true;

template <class X>
inline constexpr bool is_tensor_v = is_node_v<X> || is_named_leaf_v<X> || std::is_same_v<X, constant>;

/// The K-th child of a node.
template <std::size_t K, class N>
constexpr const auto& child(const N& n) noexcept {
    if constexpr (K == 0)
        return n.a;
    else if constexpr (K == 1)
        return n.b;
    else
        return n.c;
}

/// Number of constants in a formula (its constants are numbered left to right).
template <class X>
inline constexpr std::size_t constant_count_v = std::is_same_v<X, constant> ? 1 : 0;
template <class Op, class... C>
inline constexpr std::size_t constant_count_v<node<Op, C...>> = (constant_count_v<C> + ... + 0);
}  // namespace detail

/// Satisfied by tensor formulas: leaves (matrix, vector, input, constant) and operations on them.
template <class X>
concept Tensor = detail::is_tensor_v<std::remove_cvref_t<X>>;

}  // namespace constgrad::tensor
