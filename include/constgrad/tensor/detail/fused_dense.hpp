// tensor::detail::fused_dense<F>: recognises the formula apply<Act>(W x + b) and runs it as one
// fused node: nn::dense's own code (nn/detail/dense_rules.hpp), per sample and over blocks.
//
// The formula is two nodes, affine_op (W x + b) and apply_op<Act>, each with its forward and
// reverse rule; run through the generic schedule (tensor/sweep.hpp) they compute exactly this,
// but keep W x + b in a scratch slot, copy the root out, and seed the adjoint slot with a copy
// of dy. The fused node is the same rules, composed by hand once: act(W x + b) into y and
// act'(W x + b) into the cache in one pass (kernels::affine, then the activation in place);
// reverse: dz = dy ⊙ act' in place, b̄ += dz (axpy), W̄ += dz xᵀ (outer_update), x̄ = Wᵀ dz
// (transposed_product). Over a block of N samples stored feature-major, the products become
// matrix-matrix products (kernels::gemm). The only formula with this path is apply of an
// activation to an affine node of a matrix parameter, the layer's input and a vector
// parameter; every other formula keeps the schedule, one sample at a time.
#pragma once

#include <cstddef>

#include "../../nn/detail/dense_rules.hpp"
#include "../leaves.hpp"
#include "../node.hpp"
#include "../operations/apply.hpp"
#include "../operations/product.hpp"

namespace constgrad::tensor::detail {

template <class F>
struct fused_dense {
    static constexpr bool value = false;
};

template <class Act, class W, class X, class B>
    requires(is_parameter_v<W> && is_input_v<X> && is_parameter_v<B> && W::shape_type::rank == 2)
struct fused_dense<node<apply_op<Act>, node<affine_op, W, X, B>>>
    : constgrad::detail::dense_rules<W::shape_type::cols, W::shape_type::rows, Act> {
    static constexpr bool value = true;
    using weight = W;
    using bias = B;
    static constexpr std::size_t In = W::shape_type::cols;
    static constexpr std::size_t Out = W::shape_type::rows;
};

}  // namespace constgrad::tensor::detail
