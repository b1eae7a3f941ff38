// square on the runtime tape: a*a, recorded with d/da = 2a.
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// a*a, recorded with the local partial 2a (one node, where a * a would record the
/// product rule with two identical parents).
template <std::floating_point T>
value<T> square(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(x * x, a, T(2) * x);
}

} // namespace constgrad::tape
