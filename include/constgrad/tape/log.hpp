// log on the runtime tape: natural logarithm, recorded with d/da = 1/a.
#pragma once

#include <concepts>

#include "constgrad/math/log.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// ln a, recorded with the local partial 1/a (inf at 0, NaN below 0).
template <std::floating_point T>
value<T> log(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(math::log(x), a, T(1) / x);
}

} // namespace constgrad::tape
