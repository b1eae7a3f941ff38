// detail::dense_rules<In, Out, Act>: the dense operation act(W x + b) with its reverse rule,
// per sample and over column blocks, on (W, b) given apart. nn::dense calls it with its
// parameters' members; the tensor formula apply<Act>(W x + b), recognised as one fused node
// (tensor/detail/fused_dense.hpp), calls it with the formula's W and b leaves. One copy of the
// code for both. Forward: kernels::affine then the activation in place, recording act' when
// training. Reverse: dz = dy ⊙ act' in place, b̄ += dz (axpy), W̄ += dz xᵀ (outer_update),
// x̄ = Wᵀ dz (transposed_product). Over a block of N samples stored feature-major (x[i][n]), the
// products are small matrix-matrix products whose inner loop runs over samples (kernels::gemm);
// the block functions are run time only.
#pragma once

#include <array>
#include <cstddef>

#include "../../kernels/affine.hpp"
#include "../../kernels/elementwise.hpp"
#include "../../kernels/gemm.hpp"
#include "../../kernels/outer_update.hpp"
#include "../../kernels/transposed_product.hpp"
#include "../activation.hpp"

namespace constgrad::detail {

template <std::size_t In, std::size_t Out, class Act>
struct dense_rules {
    template <class T>
    using matrix_type = std::array<std::array<T, In>, Out>;
    /// A block of N inputs or outputs, feature-major.
    template <class T, std::size_t Width, std::size_t N>
    using columns = std::array<std::array<T, N>, Width>;

    /// y = act(W x + b).
    template <class T>
    static constexpr void forward(const matrix_type<T>& w, const std::array<T, Out>& b,
                                  const std::array<T, In>& x, std::array<T, Out>& y) noexcept {
        kernels::affine(w, x, b, y);
        nn_activation<Act>::map(y, y);
    }

    /// y = act(W x + b) and dact = act'(W x + b).
    template <class T>
    static constexpr void forward_recording(const matrix_type<T>& w, const std::array<T, Out>& b,
                                            const std::array<T, In>& x, std::array<T, Out>& y,
                                            std::array<T, Out>& dact) noexcept {
        kernels::affine(w, x, b, y);
        nn_activation<Act>::map_recording(y, y, dact);
    }

    /// dy becomes dz = dy ⊙ act'; b̄ += dz, W̄ += dz xᵀ; dx = Wᵀ dz when NeedInput.
    template <bool NeedInput, class T>
    static constexpr void backward(const matrix_type<T>& w, const std::array<T, In>& x,
                                   const std::array<T, Out>& dact, std::array<T, Out>& dy,
                                   matrix_type<T>& gw, std::array<T, Out>& gb,
                                   std::array<T, In>& dx) noexcept {
        kernels::scale(dact, dy);
        kernels::axpy(T(1), dy, gb);
        kernels::outer_update(T(1), dy, x, gw);
        if constexpr (NeedInput) kernels::transposed_product(w, dy, dx);
    }

    /// backward fused with W -= rate W̄, b -= rate b̄ (dx first, from the weights before the
    /// step); equal to backward into a zeroed gradient and a step within one rounding of each
    /// update (an FMA instead of a product and a sum).
    template <bool NeedInput, class T>
    static constexpr void backward_descend(matrix_type<T>& w, std::array<T, Out>& b,
                                           const std::array<T, In>& x, const std::array<T, Out>& dact,
                                           std::array<T, Out>& dy, T rate, std::array<T, In>& dx) noexcept {
        kernels::scale(dact, dy);
        if constexpr (NeedInput) kernels::transposed_product(w, dy, dx);
        kernels::axpy(-rate, dy, b);
        kernels::outer_update(-rate, dy, x, w);
    }

    /// forward over N samples, feature-major (x[i][n]); dact recorded when Record. Run time only.
    template <bool Record, class T, std::size_t N>
    static void forward_columns(const matrix_type<T>& w, const std::array<T, Out>& b,
                                const columns<T, In, N>& x, columns<T, Out, N>& y,
                                columns<T, Out, N>& dact) noexcept {
        for (std::size_t o = 0; o < Out; ++o) y[o].fill(b[o]);
        kernels::gemm<true, Out, In, N>(kernels::strided<T, In, 1>{w[0].data()}, x[0].data(), y[0].data());
        for (std::size_t o = 0; o < Out; ++o) {
            if constexpr (Record)
                nn_activation<Act>::map_recording(y[o], y[o], dact[o]);
            else
                nn_activation<Act>::map(y[o], y[o]);
        }
    }

    /// backward over N samples: W̄ and b̄ summed over the samples, *dx written when NeedInput.
    template <bool NeedInput, class T, std::size_t N>
    static void backward_columns(const matrix_type<T>& w, const columns<T, In, N>& x,
                                 const columns<T, Out, N>& dact, columns<T, Out, N>& dy,
                                 matrix_type<T>& gw, std::array<T, Out>& gb,
                                 columns<T, In, N>* dx) noexcept {
        for (std::size_t o = 0; o < Out; ++o) {
            kernels::scale(dact[o], dy[o]);
            T sum{};
            for (std::size_t n = 0; n < N; ++n) sum += dy[o][n];
            gb[o] += sum;
        }
        // W̄ += dz xᵀ with the samples as the inner dimension: x turned sample-major first
        // (In·N copies against Out·In·N multiply-adds).
        std::array<std::array<T, In>, N> xt;
        kernels::transpose<In, N>(x[0].data(), xt[0].data());
        kernels::gemm<true, Out, N, In>(kernels::strided<T, N, 1>{dy[0].data()}, xt[0].data(), gw[0].data());
        if constexpr (NeedInput)
            kernels::gemm<false, In, Out, N>(kernels::strided<T, 1, In>{w[0].data()}, dy[0].data(), (*dx)[0].data());
    }
};

}  // namespace constgrad::detail
