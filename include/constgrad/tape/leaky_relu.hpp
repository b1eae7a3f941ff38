// leaky_relu on the runtime tape: a above 0, slope*a at or below 0.
#pragma once

#include <concepts>

#include "constgrad/tape/detail/number.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// a for a > 0, `slope` * a otherwise (default slope 0.01), recorded with the local partial
/// 1 for a > 0 and `slope` for a <= 0 (the left branch at 0, as relu'(0) = 0 and PyTorch).
template <std::floating_point T, detail::number U = T>
value<T> leaky_relu(const value<T>& a, U slope = U(0.01))
{
    const T x = a.data();
    const T k = static_cast<T>(slope);
    return x > T(0) ? a.owner().record(x, a, T(1)) : a.owner().record(k * x, a, k);
}

} // namespace constgrad::tape
