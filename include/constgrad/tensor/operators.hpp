// Building tensor formulas: + - * (the shapes decide what * is), sum, dot, concat, slice,
// softmax, log_softmax, apply<Act>; each checks its operands' shapes with one message.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../nn/activation.hpp"
#include "leaves.hpp"
#include "node.hpp"
#include "operations/apply.hpp"
#include "operations/concat.hpp"
#include "operations/elementwise.hpp"
#include "operations/product.hpp"
#include "operations/reduce.hpp"
#include "operations/softmax.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

namespace detail {

// Each check is a class template of the operands' shapes, so that the compiler's note under
// the message names them ("required from check_elementwise<shape<4>, shape<3>>").
template <class SA, class SB>
struct check_elementwise {
    static constexpr bool ok = SA::rank < 2 && SB::rank < 2 &&
                               (SA::rank == 0 || SB::rank == 0 || SA::size == SB::size);
    static_assert(ok,
                  "constgrad::tensor: a + b, a - b and elementwise a * b need two vectors of the "
                  "same size, or a scalar and a tensor");
};

template <class SW, class SX>
struct check_product {
    static constexpr bool ok = SX::rank == 1 && SW::cols == SX::size;
    static_assert(ok, "constgrad::tensor: W * x needs a matrix of N columns times a vector of N");
};

template <class SA, class SB>
struct check_matrix_on_left {
    static constexpr bool ok = SB::rank != 2;
    static_assert(ok, "constgrad::tensor: a matrix only multiplies a vector, on the left (W * x)");
};

template <class SA, class SB>
struct check_dot {
    static constexpr bool ok = SA::rank == 1 && SB::rank == 1 && SA::size == SB::size;
    static_assert(ok, "constgrad::tensor::dot(a, b) needs two vectors of the same size");
};

template <class SA>
struct check_vector {
    static constexpr bool ok = SA::rank == 1;
    static_assert(ok,
                  "constgrad::tensor: softmax(a) and log_softmax(a) take a vector");
};

template <class SA, class SB>
struct check_concat {
    static constexpr bool ok = SA::rank < 2 && SB::rank < 2;
    static_assert(ok, "constgrad::tensor::concat(a, b) takes vectors or scalars");
};

template <std::size_t Begin, std::size_t End, class SA>
struct check_slice {
    static constexpr bool ok = SA::rank == 1 && Begin < End && End <= SA::size;
    static_assert(ok,
                  "constgrad::tensor::slice<Begin, End>(a) needs a vector a and Begin < End <= "
                  "its size");
};

template <class SA>
struct check_sum {
    static constexpr bool ok = SA::rank < 2;
    static_assert(ok, "constgrad::tensor::sum(a) takes a vector or a scalar");
};

template <class SA>
struct check_not_matrix {
    static constexpr bool ok = SA::rank < 2;
    static_assert(ok, "constgrad::tensor::apply<Act>(a) takes a vector or a scalar");
};

template <class Act>
struct check_activation {
    static constexpr bool ok = nn::Activation<Act>;
    static_assert(ok,
                  "constgrad::tensor::apply<Act>(a): Act is not an activation (nn::tanh, "
                  "nn::sigmoid, ..., or nn::activation<formula of one variable>)");
};

template <class X>
concept operand = Tensor<X> || std::is_arithmetic_v<std::remove_cvref_t<X>>;

template <class X>
constexpr auto as_tensor(const X& x) noexcept {
    if constexpr (std::is_arithmetic_v<X>)
        return make_constant(x);
    else
        return x;
}

template <class X>
inline constexpr bool is_product_v = false;
template <class W, class X>
inline constexpr bool is_product_v<node<product_op, W, X>> = true;

template <elementwise_kind Kind, class A, class B>
constexpr auto elementwise(const A& a, const B& b) noexcept {
    using SA = typename A::shape_type;
    using SB = typename B::shape_type;
    if constexpr (!check_elementwise<SA, SB>::ok)
        return a;  // the static_assert above has said why; no second error
    else if constexpr (Kind == elementwise_kind::add && is_product_v<A> && SB::rank == 1)
        return node<affine_op, std::remove_cvref_t<decltype(a.a)>, std::remove_cvref_t<decltype(a.b)>, B>{a.a, a.b, b};
    else
        return node<elementwise_op<Kind>, A, B>{a, b};
}

}  // namespace detail

/// a + b elementwise (one operand may be a scalar or a number); `W * x + b` becomes one
/// affine node (kernels::affine).
template <detail::operand A, detail::operand B>
    requires(Tensor<A> || Tensor<B>)
constexpr auto operator+(const A& a, const B& b) noexcept {
    return detail::elementwise<elementwise_kind::add>(detail::as_tensor(a), detail::as_tensor(b));
}

/// a - b elementwise (one operand may be a scalar or a number: `1 - t`).
template <detail::operand A, detail::operand B>
    requires(Tensor<A> || Tensor<B>)
constexpr auto operator-(const A& a, const B& b) noexcept {
    return detail::elementwise<elementwise_kind::subtract>(detail::as_tensor(a), detail::as_tensor(b));
}

/// -a = (-1) * a.
template <Tensor A>
constexpr auto operator-(const A& a) noexcept {
    return detail::elementwise<elementwise_kind::multiply>(make_constant(-1), a);
}

/// W * x for a matrix W and a vector x (matrix-vector product); otherwise the elementwise
/// product a ⊙ b of two vectors, or a scalar (or number) times a tensor.
template <detail::operand A, detail::operand B>
    requires(Tensor<A> || Tensor<B>)
constexpr auto operator*(const A& a0, const B& b0) noexcept {
    const auto a = detail::as_tensor(a0);
    const auto b = detail::as_tensor(b0);
    using TA = std::remove_cvref_t<decltype(a)>;
    using TB = std::remove_cvref_t<decltype(b)>;
    using SA = typename TA::shape_type;
    using SB = typename TB::shape_type;
    if constexpr (SA::rank == 2) {
        if constexpr (!detail::check_product<SA, SB>::ok)
            return a;
        else
            return node<product_op, TA, TB>{a, b};
    } else if constexpr (SB::rank == 2) {
        static_assert(detail::check_matrix_on_left<SA, SB>::ok);
        return b;
    } else {
        return detail::elementwise<elementwise_kind::multiply>(a, b);
    }
}

/// Σ_k a[k], a scalar.
template <Tensor A>
constexpr auto sum(const A& a) noexcept {
    if constexpr (!detail::check_sum<typename A::shape_type>::ok)
        return a;
    else
        return node<sum_op, A>{a};
}

/// Σ_k a[k] b[k], a scalar.
template <Tensor A, Tensor B>
constexpr auto dot(const A& a, const B& b) noexcept {
    if constexpr (!detail::check_dot<typename A::shape_type, typename B::shape_type>::ok)
        return a;
    else
        return node<dot_op, A, B>{a, b};
}

/// The elements of a, then those of b.
template <Tensor A, Tensor B>
constexpr auto concat(const A& a, const B& b) noexcept {
    if constexpr (!detail::check_concat<typename A::shape_type, typename B::shape_type>::ok)
        return a;
    else
        return node<concat_op, A, B>{a, b};
}

/// The elements Begin, ..., End - 1 of the vector a.
template <std::size_t Begin, std::size_t End, Tensor A>
constexpr auto slice(const A& a) noexcept {
    if constexpr (!detail::check_slice<Begin, End, typename A::shape_type>::ok)
        return a;
    else
        return node<slice_op<Begin, End>, A>{a};
}

/// softmax(a) = e^a / Σ e^a, computed stably (see softmax_op).
template <Tensor A>
constexpr auto softmax(const A& a) noexcept {
    if constexpr (!detail::check_vector<typename A::shape_type>::ok)
        return a;
    else
        return node<softmax_op, A>{a};
}

/// log softmax(a) = a - log Σ e^a, by log-sum-exp (finite for any finite logits).
template <Tensor A>
constexpr auto log_softmax(const A& a) noexcept {
    if constexpr (!detail::check_vector<typename A::shape_type>::ok)
        return a;
    else
        return node<log_softmax_op, A>{a};
}

/// act(a) elementwise for an activation type (nn::sigmoid, nn::tanh, nn::relu, ...,
/// nn::activation<formula>): a one-variable scalar formula whose derivative the scalar engine
/// gives.
///
///     auto h = constgrad::tensor::apply<constgrad::nn::tanh>(W * x + b);
template <class Act, Tensor A>
constexpr auto apply(const A& a) noexcept {
    if constexpr (!detail::check_activation<Act>::ok || !detail::check_not_matrix<typename A::shape_type>::ok)
        return a;
    else
        return node<apply_op<Act>, A>{a};
}

}  // namespace constgrad::tensor
