// cos on the runtime tape: recorded with d/da = -sin a.
#pragma once

#include <concepts>

#include "constgrad/math/cos.hpp"
#include "constgrad/math/sin.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// cos a, recorded with the local partial -sin a.
template <std::floating_point T>
value<T> cos(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(math::cos(x), a, -math::sin(x));
}

} // namespace constgrad::tape
