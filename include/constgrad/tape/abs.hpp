// abs on the runtime tape: |a|, recorded with d/da = sign(a) (0 at 0).
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// |a|, recorded with the local partial sign(a): 1 above 0, -1 below, 0 at 0 (a
/// subgradient, as in PyTorch).
template <std::floating_point T>
value<T> abs(const value<T>& a)
{
    const T x = a.data();
    const T sign = x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    return a.owner().record(std::abs(x), a, sign);
}

} // namespace constgrad::tape
