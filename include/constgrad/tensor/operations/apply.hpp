// tensor operation apply<Act>(a): a one-variable scalar formula elementwise, derivative from the scalar engine.
#pragma once

#include <array>
#include <cstddef>

#include "../../nn/activation.hpp"
#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

/// y = act(a) elementwise for an activation type Act (nn::tanh, nn::sigmoid, ...,
/// nn::activation<formula>): value and derivative come from the scalar engine exactly as in
/// nn::dense (packs at run time, plain loops in constant evaluation). The forward sweep of
/// training records act'(a) (the node's extra slot); reverse: ā += ȳ ⊙ act'(a).
template <class Act>
struct apply_op {
    template <class A>
    using shape = typename A::shape_type;
    template <class T, class A>
    using extra = storage_t<T, A>;

    template <bool Record, class T, std::size_t N>
    static constexpr void forward(std::array<T, N>& y, std::array<T, N>& slope, const std::array<T, N>& a) noexcept {
        if constexpr (Record)
            constgrad::detail::nn_activation<Act>::map_recording(a, y, slope);
        else
            constgrad::detail::nn_activation<Act>::map(a, y);
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, class Y, class A>
    static constexpr void reverse(std::array<T, N>& d, const std::array<T, N>& dy, const Y&,
                                  const std::array<T, N>& slope, const A&) noexcept {
        for (std::size_t k = 0; k < N; ++k) detail::put<Assign>(d[k], dy[k] * slope[k]);
    }
};

}  // namespace constgrad::tensor
