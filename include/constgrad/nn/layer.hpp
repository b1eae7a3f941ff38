// The Layer concept: what nn::network accepts as a layer.
#pragma once

#include <concepts>
#include <cstddef>

namespace constgrad::nn {

/// Satisfied by layer types such as nn::dense<In, Out, Act> and nn::neuron<In, Act>: static
/// widths `inputs` and `outputs` and a parameter type `parameters<T>`.
template <class L>
concept Layer = requires {
    { L::inputs } -> std::convertible_to<std::size_t>;
    { L::outputs } -> std::convertible_to<std::size_t>;
    typename L::template parameters<double>;
};

}  // namespace constgrad::nn
