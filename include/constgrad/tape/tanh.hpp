// tanh on the runtime tape: recorded with d/da = 1 - tanh(a)^2.
#pragma once

#include <concepts>

#include "constgrad/math/tanh.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// tanh a, recorded with the local partial 1 - r*r where r = tanh a.
template <std::floating_point T>
value<T> tanh(const value<T>& a)
{
    const T r = math::tanh(a.data());
    return a.owner().record(r, a, T(1) - r * r);
}

} // namespace constgrad::tape
