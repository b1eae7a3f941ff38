// exp on the runtime tape: e^a, recorded with d/da = e^a.
#pragma once

#include <concepts>

#include "constgrad/math/exp.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// e^a, recorded with the local partial e^a (the result itself).
template <std::floating_point T>
value<T> exp(const value<T>& a)
{
    const T r = math::exp(a.data());
    return a.owner().record(r, a, r);
}

} // namespace constgrad::tape
