// exp on the runtime tape: e^a, recorded with d/da = e^a.
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// e^a, recorded with the local partial e^a (the result itself).
template <std::floating_point T>
value<T> exp(const value<T>& a)
{
    const T r = std::exp(a.data());
    return a.owner().record(r, a, r);
}

} // namespace constgrad::tape
