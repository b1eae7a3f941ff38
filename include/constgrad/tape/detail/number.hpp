// The plain numbers that mix with runtime-tape values in arithmetic (3 * x, x + 1.5f).
#pragma once

#include <concepts>
#include <type_traits>

namespace constgrad::tape::detail {

/// A built-in arithmetic type other than bool: converted to the tape's scalar type and
/// treated as a constant (no node is recorded for it).
template <class U>
concept number = std::is_arithmetic_v<U> && !std::same_as<std::remove_cv_t<U>, bool>;

} // namespace constgrad::tape::detail
