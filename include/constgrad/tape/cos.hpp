// cos on the runtime tape: recorded with d/da = -sin a.
#pragma once

#include <cmath>
#include <concepts>

#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// cos a, recorded with the local partial -sin a.
template <std::floating_point T>
value<T> cos(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(std::cos(x), a, -std::sin(x));
}

} // namespace constgrad::tape
