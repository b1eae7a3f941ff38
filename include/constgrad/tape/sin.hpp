// sin on the runtime tape: recorded with d/da = cos a.
#pragma once

#include <concepts>

#include "constgrad/math/cos.hpp"
#include "constgrad/math/sin.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// sin a, recorded with the local partial cos a.
template <std::floating_point T>
value<T> sin(const value<T>& a)
{
    const T x = a.data();
    return a.owner().record(math::sin(x), a, math::cos(x));
}

} // namespace constgrad::tape
