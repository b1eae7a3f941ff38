// tensor::shape<Dims...>: the compile-time shape of a tensor node (scalar, vector, matrix).
#pragma once

#include <array>
#include <cstddef>

namespace constgrad::tensor {

/// The shape of a tensor formula's node: shape<> a scalar, shape<N> a vector of N,
/// shape<M, N> a matrix of M rows of N (row-major, PyTorch's layout). `storage<T>` is what a
/// value of that shape is at run time: std::array<T, 1>, std::array<T, N>, or
/// std::array<std::array<T, N>, M>.
template <std::size_t... Dims>
struct shape;

template <>
struct shape<> {
    static constexpr std::size_t rank = 0;
    static constexpr std::size_t size = 1;
    template <class T>
    using storage = std::array<T, 1>;
};

template <std::size_t N>
struct shape<N> {
    static constexpr std::size_t rank = 1;
    static constexpr std::size_t size = N;
    template <class T>
    using storage = std::array<T, N>;
};

template <std::size_t M, std::size_t N>
struct shape<M, N> {
    static constexpr std::size_t rank = 2;
    static constexpr std::size_t rows = M;
    static constexpr std::size_t cols = N;
    static constexpr std::size_t size = M * N;
    template <class T>
    using storage = std::array<std::array<T, N>, M>;
};

/// The run-time value of a node X (a leaf or an operation) in the number type T.
template <class T, class X>
using storage_t = typename X::shape_type::template storage<T>;

}  // namespace constgrad::tensor
