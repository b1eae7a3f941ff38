// The activation functions a runtime-tape neuron, layer or mlp can apply.
#pragma once

namespace constgrad::tape {

/// The activation of a runtime neuron / layer: the same set as the compile-time networks'
/// built-in activations. leaky_relu uses the slope given to the layer (0.01 by default).
enum class activation {
    identity,    ///< z
    relu,        ///< max(z, 0), relu'(0) = 0
    leaky_relu,  ///< z for z > 0, slope * z otherwise
    tanh,        ///< tanh z
    sigmoid,     ///< 1 / (1 + e^-z)
};

} // namespace constgrad::tape
