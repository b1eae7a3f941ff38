// pow on the runtime tape: a^b with a value or plain-number base and exponent.
#pragma once

#include <concepts>

#include "constgrad/math/log.hpp"
#include "constgrad/math/pow.hpp"
#include "constgrad/tape/detail/number.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

namespace detail {

// d(a^b)/da = b * a^(b-1), except 0 when b == 0: a^0 is constant in a, and b * a^(b-1)
// would be 0 * inf = NaN at a == 0 (PyTorch masks the same case).
template <class T>
T pow_partial_base(T a, T b)
{
    return b == T(0) ? T(0) : b * math::pow(a, b - T(1));
}

// d(a^b)/db = a^b * ln a, except 0 when a == 0 and b >= 0: there a^b is constant in b
// (0, or 1 at b == 0), while r * ln a would be 0 * -inf = NaN (PyTorch masks the same case).
// Negative bases give NaN, as ln a does: a^b is not differentiable in b there.
template <class T>
T pow_partial_exponent(T a, T b, T r)
{
    return (a == T(0) && b >= T(0)) ? T(0) : r * math::log(a);
}

} // namespace detail

/// a^b for two values (constgrad::math::pow: std::pow at run time), recorded with d/da = b a^(b-1) and d/db = a^b ln a.
template <std::floating_point T>
value<T> pow(const value<T>& a, const value<T>& b)
{
    const T x = a.data();
    const T y = b.data();
    const T r = math::pow(x, y);
    return a.owner().record(r, a, detail::pow_partial_base(x, y), b, detail::pow_partial_exponent(x, y, r));
}

/// a^c for a plain-number exponent c chosen at run time, recorded with d/da = c a^(c-1).
template <std::floating_point T, detail::number U>
value<T> pow(const value<T>& a, U c)
{
    const T x = a.data();
    const T y = static_cast<T>(c);
    return a.owner().record(math::pow(x, y), a, detail::pow_partial_base(x, y));
}

/// c^b for a plain-number base c, recorded with d/db = c^b ln c.
template <std::floating_point T, detail::number U>
value<T> pow(U c, const value<T>& b)
{
    const T x = static_cast<T>(c);
    const T y = b.data();
    const T r = math::pow(x, y);
    return b.owner().record(r, b, detail::pow_partial_exponent(x, y, r));
}

} // namespace constgrad::tape
