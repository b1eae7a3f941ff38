// tensor operations sum(a) and dot(a, b): vectors to a scalar, with reverse rules.
#pragma once

#include <array>
#include <cstddef>

#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

/// y = Σ_k a[k] (a scalar). Reverse: ā[k] += ȳ.
struct sum_op {
    template <class A>
    using shape = tensor::shape<>;

    template <bool Record, class T, std::size_t N, class E>
    static constexpr void forward(std::array<T, 1>& y, E&, const std::array<T, N>& a) noexcept {
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += a[k];
        y[0] = s;
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, class Y, class E, class A>
    static constexpr void reverse(std::array<T, N>& d, const std::array<T, 1>& dy, const Y&, const E&,
                                  const A&) noexcept {
        for (std::size_t k = 0; k < N; ++k) detail::put<Assign>(d[k], dy[0]);
    }
};

/// y = Σ_k a[k] b[k] (a scalar). Reverse: ā += ȳ b, b̄ += ȳ a.
struct dot_op {
    static constexpr unsigned reads_children = 0b11u;

    template <class A, class B>
    using shape = tensor::shape<>;

    template <bool Record, class T, std::size_t N, class E>
    static constexpr void forward(std::array<T, 1>& y, E&, const std::array<T, N>& a,
                                  const std::array<T, N>& b) noexcept {
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += a[k] * b[k];
        y[0] = s;
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, class Y, class E>
    static constexpr void reverse(std::array<T, N>& d, const std::array<T, 1>& dy, const Y&, const E&,
                                  const std::array<T, N>& a, const std::array<T, N>& b) noexcept {
        const auto& other = K == 0 ? b : a;
        for (std::size_t k = 0; k < N; ++k) detail::put<Assign>(d[k], dy[0] * other[k]);
    }
};

}  // namespace constgrad::tensor
