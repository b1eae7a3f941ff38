// nn::argmax: the index of a network output's largest value (the predicted class).
#pragma once

#include <array>
#include <cstddef>

namespace constgrad::nn {

/// The index of the largest element of `v` (the first one on ties): the class a classifier's
/// logits or probabilities predict. constexpr.
///
///     std::size_t cls = nn::argmax(net::forward(p, x));
template <class T, std::size_t N>
constexpr std::size_t argmax(const std::array<T, N>& v) noexcept {
    static_assert(N > 0, "constgrad::nn::argmax: the array must not be empty");
    std::size_t best = 0;
    for (std::size_t k = 1; k < N; ++k)
        if (v[k] > v[best]) best = k;
    return best;
}

}  // namespace constgrad::nn
