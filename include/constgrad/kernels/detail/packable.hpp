// kernels::detail::packable_v<T>: whether the run-time kernels have a vector path for T.
#pragma once

#include <type_traits>

namespace constgrad::kernels::detail {

// float and double have packs; long double (and anything else) runs the plain loops, which
// is also what every kernel does during constant evaluation.
template <class T>
inline constexpr bool packable_v = std::is_same_v<T, float> || std::is_same_v<T, double>;

}  // namespace constgrad::kernels::detail
