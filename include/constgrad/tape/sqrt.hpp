// sqrt on the runtime tape: square root, recorded with d/da = 0.5 / sqrt(a).
#pragma once

#include <concepts>

#include "constgrad/math/sqrt.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// sqrt(a), recorded with the local partial 0.5 / sqrt(a) (inf at 0).
template <std::floating_point T>
value<T> sqrt(const value<T>& a)
{
    const T r = math::sqrt(a.data());
    return a.owner().record(r, a, T(0.5) / r);
}

} // namespace constgrad::tape
