// sigmoid on the runtime tape: 1 / (1 + e^-a), recorded with d/da = r (1 - r).
#pragma once

#include <concepts>

#include "constgrad/math/sigmoid.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// The logistic function 1 / (1 + e^-a), computed by constgrad::math::sigmoid (the
/// compile-time engine's function: e^a / (1 + e^a) for a < 0, so tiny results keep their
/// precision), recorded with the local partial r * (1 - r).
template <std::floating_point T>
value<T> sigmoid(const value<T>& a)
{
    const T r = math::sigmoid(a.data());
    return a.owner().record(r, a, r * (T(1) - r));
}

} // namespace constgrad::tape
