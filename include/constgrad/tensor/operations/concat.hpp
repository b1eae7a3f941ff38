// tensor operations concat(a, b) and slice<Begin, End>(a), with reverse rules.
#pragma once

#include <array>
#include <cstddef>

#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

/// y = (a, b): the elements of a then those of b (a scalar counts as one element).
/// Reverse: ā += ȳ[0, |a|), b̄ += ȳ[|a|, |a| + |b|) (reads no value).
struct concat_op {
    template <class A, class B>
    using shape = tensor::shape<A::shape_type::size + B::shape_type::size>;

    template <bool Record, class T, std::size_t N, std::size_t NA, std::size_t NB, class E>
    static constexpr void forward(std::array<T, N>& y, E&, const std::array<T, NA>& a,
                                  const std::array<T, NB>& b) noexcept {
        for (std::size_t k = 0; k < NA; ++k) y[k] = a[k];
        for (std::size_t k = 0; k < NB; ++k) y[NA + k] = b[k];
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, std::size_t ND, class Y, class E, class A, class B>
    static constexpr void reverse(std::array<T, ND>& d, const std::array<T, N>& dy, const Y&, const E&,
                                  const A&, const B&) noexcept {
        constexpr std::size_t offset = K == 0 ? 0 : N - ND;  // b is the last ND elements
        for (std::size_t k = 0; k < ND; ++k) detail::put<Assign>(d[k], dy[offset + k]);
    }
};

/// y = a[Begin, End). Reverse: ā[Begin + k] += ȳ[k].
template <std::size_t Begin, std::size_t End>
struct slice_op {
    template <class A>
    using shape = tensor::shape<(End > Begin ? End - Begin : 1)>;

    template <bool Record, class T, std::size_t N, std::size_t NA, class E>
    static constexpr void forward(std::array<T, N>& y, E&, const std::array<T, NA>& a) noexcept {
        for (std::size_t k = 0; k < N; ++k) y[k] = a[Begin + k];
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, std::size_t NA, class Y, class E, class A>
    static constexpr void reverse(std::array<T, NA>& d, const std::array<T, N>& dy, const Y&, const E&,
                                  const A&) noexcept {
        if constexpr (Assign) d = {};  // the rule writes only [Begin, End)
        for (std::size_t k = 0; k < N; ++k) d[Begin + k] += dy[k];
    }
};

}  // namespace constgrad::tensor
