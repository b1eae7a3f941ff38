// nn::sample<T, In, Out>: one labelled example (X, y) of a dataset, fixed widths.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

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

/// What a dataset or batch may be: a std::array or a std::span of samples (const or not).
/// A trait rather than std::ranges concepts: <ranges> alone costs 0.8 s of compile time
/// per translation unit with libstdc++ 12.
template <class D>
struct dataset_traits {
    static constexpr bool valid = false;
};
template <class S, std::size_t N>
struct dataset_traits<std::array<S, N>> {
    static constexpr bool valid = true;
    using sample_type = std::remove_cv_t<S>;
};
template <class S, std::size_t N>
struct dataset_traits<const std::array<S, N>> : dataset_traits<std::array<S, N>> {};
template <class S, std::size_t E>
struct dataset_traits<std::span<S, E>> {
    static constexpr bool valid = true;
    using sample_type = std::remove_cv_t<S>;
};
template <class S, std::size_t E>
struct dataset_traits<const std::span<S, E>> : dataset_traits<std::span<S, E>> {};

}  // namespace constgrad::nn
