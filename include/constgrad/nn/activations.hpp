// Built-in activations as one-variable formulas: identity, relu, leaky_relu, tanh, sigmoid, elu.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/exp.hpp"
#include "../expr/functions/leaky_relu.hpp"
#include "../expr/functions/relu.hpp"
#include "../expr/functions/sigmoid.hpp"
#include "../expr/functions/tanh.hpp"
#include "../expr/variable.hpp"
#include "activation.hpp"

// Each built-in is a named struct (so that types and messages read `nn::relu`) holding its
// formula; the derivative comes from the scalar engine like any user activation's. They
// are as fast as hand-written code: the engine's sweep is a few inlined statements per
// element, and the smooth ones reuse their value (tanh' = 1 - tanh^2).
namespace constgrad::nn {

namespace detail_activations {
inline constexpr variable<"z"> z{};
}

/// y = z (a linear output layer).
struct identity {
    static constexpr auto formula = detail_activations::z;
};

/// y = max(z, 0); relu'(0) = 0, as in PyTorch.
struct relu {
    static constexpr auto formula = constgrad::relu(detail_activations::z);
};

/// y = z for z > 0, 0.01 z otherwise: constgrad::leaky_relu(z, 0.01), so leaky_relu'(0) =
/// 0.01, as in PyTorch and the runtime tape. Another slope:
/// nn::activation<constgrad::leaky_relu(z, 0.2)>.
struct leaky_relu {
    static constexpr auto formula = constgrad::leaky_relu(detail_activations::z, 0.01);
};

/// y = tanh z.
struct tanh {
    static constexpr auto formula = constgrad::tanh(detail_activations::z);
};

/// y = 1 / (1 + e^-z).
struct sigmoid {
    static constexpr auto formula = constgrad::sigmoid(detail_activations::z);
};

/// y = z for z > 0, e^z - 1 otherwise (ELU with alpha = 1, PyTorch's default); elu'(0) = 1,
/// as PyTorch (its backward takes the e^z branch at z <= 0). Written as
/// relu(z) + (e^(z - relu z) - 1): the same values on both sides, and since relu'(0) = 0 the
/// engine's derivative at 0 is e^0 = 1 with no rule written for ELU. Another alpha:
/// nn::activation<relu(z) + alpha * (exp(z - relu(z)) - 1)>.
struct elu {
    static constexpr auto formula =
        constgrad::relu(detail_activations::z) +
        (constgrad::exp(detail_activations::z - constgrad::relu(detail_activations::z)) - 1.0);
};

}  // namespace constgrad::nn
