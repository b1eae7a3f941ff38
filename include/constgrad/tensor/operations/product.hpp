// tensor operations W x (matrix-vector product) and W x + b (affine), on the dense layer's kernels.
#pragma once

#include <array>
#include <cstddef>

#include "../../kernels/affine.hpp"
#include "../../kernels/outer_update.hpp"
#include "../../kernels/transposed_product.hpp"
#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

namespace detail {
template <class T, std::size_t N>
inline constexpr std::array<T, N> zeros{};

// x̄ += Wᵀ ȳ: the kernel writes, the adjoint accumulates (other consumers of x add to it too).
template <class T, std::size_t In, std::size_t Out>
constexpr void add_transposed_product(const std::array<std::array<T, In>, Out>& w,
                                      const std::array<T, Out>& dy, std::array<T, In>& dx) noexcept {
    std::array<T, In> t;
    kernels::transposed_product(w, dy, t);
    for (std::size_t i = 0; i < In; ++i) dx[i] += t[i];
}
}  // namespace detail

/// y = W x for a matrix W (M×N) and a vector x (N). Forward: kernels::affine with a zero
/// bias. Reverse: W̄ += ȳ xᵀ (kernels::outer_update), x̄ += Wᵀ ȳ (kernels::transposed_product).
struct product_op {
    static constexpr unsigned reads_children = 0b11u;  // W and x

    template <class W, class X>
    using shape = tensor::shape<W::shape_type::rank == 2 ? W::shape_type::rows : 1>;

    template <bool Record, class T, std::size_t In, std::size_t Out, class E>
    static constexpr void forward(std::array<T, Out>& y, E&, const std::array<std::array<T, In>, Out>& w,
                                  const std::array<T, In>& x) noexcept {
        kernels::affine(w, x, detail::zeros<T, Out>, y);
    }

    template <std::size_t K, bool Assign, class D, class T, std::size_t In, std::size_t Out, class Y, class E>
    static constexpr void reverse(D& d, const std::array<T, Out>& dy, const Y&, const E&,
                                  const std::array<std::array<T, In>, Out>& w,
                                  const std::array<T, In>& x) noexcept {
        if constexpr (K == 0)
            add_outer<Assign>(dy, x, d);
        else if constexpr (Assign)
            kernels::transposed_product(w, dy, d);
        else
            detail::add_transposed_product(w, dy, d);
    }

    // W̄ (+)= ȳ xᵀ; W is a parameter, added to, unless a formula computes the matrix.
    template <bool Assign, class T, std::size_t In, std::size_t Out>
    static constexpr void add_outer(const std::array<T, Out>& dy, const std::array<T, In>& x,
                                    std::array<std::array<T, In>, Out>& d) noexcept {
        if constexpr (Assign) d = {};
        kernels::outer_update(T(1), dy, x, d);
    }
};

/// y = W x + b: what `W * x + b` becomes, so that a dense layer written as a formula runs
/// exactly nn::dense's kernels (kernels::affine forward; outer_update, axpy and
/// transposed_product backward).
struct affine_op {
    static constexpr unsigned reads_children = 0b011u;  // W and x, not b

    template <class W, class X, class B>
    using shape = typename B::shape_type;

    template <bool Record, class T, std::size_t In, std::size_t Out, class E>
    static constexpr void forward(std::array<T, Out>& y, E&, const std::array<std::array<T, In>, Out>& w,
                                  const std::array<T, In>& x, const std::array<T, Out>& b) noexcept {
        kernels::affine(w, x, b, y);
    }

    template <std::size_t K, bool Assign, class D, class T, std::size_t In, std::size_t Out, class Y, class E, class B>
    static constexpr void reverse(D& d, const std::array<T, Out>& dy, const Y&, const E&,
                                  const std::array<std::array<T, In>, Out>& w, const std::array<T, In>& x,
                                  const B&) noexcept {
        if constexpr (K == 0)
            product_op::add_outer<Assign>(dy, x, d);
        else if constexpr (K == 1 && Assign)
            kernels::transposed_product(w, dy, d);
        else if constexpr (K == 1)
            detail::add_transposed_product(w, dy, d);
        else if constexpr (Assign)
            d = dy;
        else
            kernels::axpy(T(1), dy, d);
    }
};

}  // namespace constgrad::tensor
