// log on the runtime tape: natural logarithm, recorded with d/da = 1/a.
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// ln a, recorded with the local partial 1/a (inf at 0, NaN results below 0 as std::log).
template <std::floating_point T>
value<T> log(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(std::log(x), a, T(1) / x);
}

} // namespace constgrad::tape
