// tensor operations softmax(a) and log_softmax(a) (log-sum-exp, stable for large logits).
#pragma once

#include <array>
#include <cstddef>

#include "../../math/exp.hpp"
#include "../../math/log.hpp"
#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

namespace detail {
template <class T, std::size_t N>
constexpr T max_of(const std::array<T, N>& a) noexcept {
    T m = a[0];
    for (std::size_t k = 1; k < N; ++k) m = a[k] > m ? a[k] : m;
    return m;
}
}  // namespace detail

/// y = e^(a - m) / Σ e^(a - m) with m = max a (no overflow for large logits; the shift
/// cancels). Reverse: ā += y ⊙ (ȳ - ⟨ȳ, y⟩).
struct softmax_op {
    static constexpr bool reads_output = true;  // the rule is written with y = softmax(a)

    template <class A>
    using shape = typename A::shape_type;

    template <bool Record, class T, std::size_t N, class E>
    static constexpr void forward(std::array<T, N>& y, E&, const std::array<T, N>& a) noexcept {
        const T m = detail::max_of(a);
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += (y[k] = math::exp(a[k] - m));
        for (std::size_t k = 0; k < N; ++k) y[k] /= s;
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, class E, class A>
    static constexpr void reverse(std::array<T, N>& d, const std::array<T, N>& dy, const std::array<T, N>& y,
                                  const E&, const A&) noexcept {
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += dy[k] * y[k];
        for (std::size_t k = 0; k < N; ++k) detail::put<Assign>(d[k], y[k] * (dy[k] - s));
    }
};

/// y = a - m - log Σ e^(a - m) with m = max a (log-sum-exp: finite for logits of any size;
/// the largest term of the sum is 1, so the log never sees 0). The forward sweep keeps
/// softmax(a) = e^y (the node's extra slot). Reverse: ā += ȳ - softmax(a) Σ ȳ.
struct log_softmax_op {
    template <class A>
    using shape = typename A::shape_type;
    template <class T, class A>
    using extra = storage_t<T, A>;

    template <bool Record, class T, std::size_t N>
    static constexpr void forward(std::array<T, N>& y, std::array<T, N>& p, const std::array<T, N>& a) noexcept {
        const T m = detail::max_of(a);
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += (p[k] = math::exp(a[k] - m));
        const T shift = m + math::log(s);
        for (std::size_t k = 0; k < N; ++k) y[k] = a[k] - shift;
        for (std::size_t k = 0; k < N; ++k) p[k] /= s;
    }

    template <std::size_t K, bool Assign, class T, std::size_t N, class Y, class A>
    static constexpr void reverse(std::array<T, N>& d, const std::array<T, N>& dy, const Y&,
                                  const std::array<T, N>& p, const A&) noexcept {
        T s{};
        for (std::size_t k = 0; k < N; ++k) s += dy[k];
        for (std::size_t k = 0; k < N; ++k) detail::put<Assign>(d[k], dy[k] - p[k] * s);
    }
};

}  // namespace constgrad::tensor
