// nn::sample<T, In, Out>: one labelled example (X, y) of a dataset, fixed widths.
#pragma once

#include <array>
#include <cstddef>

namespace constgrad::nn {

/// One labelled example: input `x` (In values) and target `y` (Out values). A dataset is a
/// std::array or std::span of samples: the data stays in a loop, never in a type.
///
///     std::array<constgrad::nn::sample<double, 2, 1>, 4> xor_data{{
///         {{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};
template <class T, std::size_t In, std::size_t Out>
struct sample {
    std::array<T, In> x;
    std::array<T, Out> y;
    friend constexpr bool operator==(const sample&, const sample&) = default;
};

template <class S>
inline constexpr bool is_sample_v = false;
template <class T, std::size_t In, std::size_t Out>
inline constexpr bool is_sample_v<sample<T, In, Out>> = true;

}  // namespace constgrad::nn
