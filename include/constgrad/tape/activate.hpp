// Applies a runtime-chosen activation to a runtime-tape value.
#pragma once

#include <concepts>

#include "constgrad/tape/activation.hpp"
#include "constgrad/tape/leaky_relu.hpp"
#include "constgrad/tape/relu.hpp"
#include "constgrad/tape/sigmoid.hpp"
#include "constgrad/tape/tanh.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// `act(z)`: records the activation's node on z's tape (identity records nothing and
/// returns z itself). `leaky_slope` is used by activation::leaky_relu only.
template <std::floating_point T>
value<T> activate(const value<T>& z, activation act, T leaky_slope = T(0.01))
{
    switch (act) {
    case activation::relu:
        return relu(z);
    case activation::leaky_relu:
        return leaky_relu(z, leaky_slope);
    case activation::tanh:
        return tanh(z);
    case activation::sigmoid:
        return sigmoid(z);
    case activation::identity:
        break;
    }
    return z;
}

} // namespace constgrad::tape
