// sigmoid on the runtime tape: 1 / (1 + e^-a), recorded with d/da = r (1 - r).
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// The logistic function 1 / (1 + e^-a) (computed exactly so, like the compile-time
/// engine at run time), recorded with the local partial r * (1 - r).
template <std::floating_point T>
value<T> sigmoid(const value<T>& a)
{
    const T r = T(1) / (T(1) + std::exp(-a.data()));
    return a.owner().record(r, a, r * (T(1) - r));
}

} // namespace constgrad::tape
