// relu on the runtime tape: max(a, 0), recorded with d/da = 1 above 0 and 0 at or below 0.
#pragma once

#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// max(a, 0), recorded with the local partial 1 for a > 0 and 0 for a <= 0 (relu'(0) = 0).
/// A NaN argument gives NaN, so bad data is not silently turned into 0.
template <std::floating_point T>
value<T> relu(const value<T>& a)
{
    const T x = a.data();
    const T r = x <= T(0) ? T(0) : x;  // NaN fails the comparison and passes through
    return a.owner().record(r, a, x > T(0) ? T(1) : T(0));
}

} // namespace constgrad::tape
