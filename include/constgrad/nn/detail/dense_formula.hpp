// detail::nn_dense_base: the nn::formula_layer that nn::dense<In, Out, Act> is, the formula
// act(W x + b) with dense_parameters as its parameters.
#pragma once

#include <array>
#include <cstddef>

#include "../../tensor/leaves.hpp"
#include "../../tensor/node.hpp"
#include "../../tensor/operations/apply.hpp"
#include "../../tensor/operations/product.hpp"
#include "../formula_layer.hpp"
#include "../rng.hpp"

namespace constgrad::nn {
template <class T, std::size_t In, std::size_t Out>
struct dense_parameters;  // nn/dense.hpp
}  // namespace constgrad::nn

namespace constgrad::detail {

// act(W x + b) as a tensor formula: W the matrix "weight" (Out rows of In), b the vector
// "bias", PyTorch's names and layout.
// Spelled as the node type that tensor::apply<Act>(W * x + b) builds (W * x + b is one affine
// node), so that dense does not include every tensor operation (tensor/operators.hpp: +0.1 s
// per TU that uses only dense); tests/tensor/layers.cpp checks that the two are the same type.
template <std::size_t In, std::size_t Out, class Act>
inline constexpr tensor::node<tensor::apply_op<Act>,
                              tensor::node<tensor::affine_op, tensor::matrix<"weight", Out, In>,
                                           tensor::input<In>, tensor::vector<"bias", Out>>>
    nn_dense_formula{};

// The formula layer's parameters are dense_parameters (w, then b).
template <std::size_t In, std::size_t Out>
struct nn_dense_storage {
    template <class T>
    using parameters = nn::dense_parameters<T, In, Out>;
};

// The formula layer a dense layer is. When In, Out or Act is wrong the formula is not built;
// the base only declares the layer functions (never defined, never called), so that the
// network's layer checks see a layer and dense's own static_assert stays the one message, as
// with the hand-written dense layer.
template <bool Valid, std::size_t In, std::size_t Out, class Act>
struct nn_dense_base {
    struct type {
        template <class T>
        using parameters = nn::dense_parameters<T, In, Out>;
        template <class T, class Init>
        static constexpr void init(nn::rng&, const Init&, parameters<T>&);
        template <class T>
        static constexpr void forward(const parameters<T>&, const std::array<T, In>&,
                                      std::array<T, Out>&) noexcept;
        template <class T>
        static constexpr void forward_recording(const parameters<T>&, const std::array<T, In>&,
                                                std::array<T, Out>&, std::array<T, Out>&) noexcept;
        template <bool NeedInput, class T>
        static constexpr void backward(const parameters<T>&, const std::array<T, In>&,
                                       const std::array<T, Out>&, std::array<T, Out>&,
                                       parameters<T>&, std::array<T, In>&) noexcept;
    };
};
template <std::size_t In, std::size_t Out, class Act>
struct nn_dense_base<true, In, Out, Act> {
    using type = nn::formula_layer<nn_dense_formula<In, Out, Act>, nn_dense_storage<In, Out>>;
};

}  // namespace constgrad::detail
