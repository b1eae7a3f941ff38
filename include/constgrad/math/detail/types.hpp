// Argument/result type rules shared by the constexpr elementary functions in constgrad::math.
#pragma once

#include <concepts>
#include <limits>
#include <type_traits>

namespace constgrad::detail {

/// Satisfied by the types constgrad::math functions accept: floating-point types and
/// integer types other than bool (integers are converted to double, as <cmath> does).
template <class T>
concept MathArgument = std::floating_point<T> || (std::integral<T> && !std::same_as<T, bool>);

/// The type a constgrad::math function returns for an argument of type T:
/// T itself for floating-point T, double for integers.
template <MathArgument T>
using math_result_t = std::conditional_t<std::floating_point<T>, T, double>;

/// The type the compile-time implementations compute in. float is computed in double and
/// rounded once at the end: simpler kernels and (nearly) correctly rounded float results.
/// The kernels are written for IEEE binary64 and the x87 80-bit format; a wider long double
/// (binary128) is rejected at compile time instead of silently losing accuracy.
template <std::floating_point T>
using math_work_t = std::conditional_t<std::same_as<T, float>, double, T>;

/// True for the floating-point formats the kernels were designed and tested for.
template <std::floating_point W>
inline constexpr bool supported_work_type_v =
    std::numeric_limits<W>::is_iec559 && std::numeric_limits<W>::radix == 2 &&
    (std::numeric_limits<W>::digits == 53 || std::numeric_limits<W>::digits == 64);

/// Result type of constgrad::math::pow(a, b). Two floating-point arguments follow <cmath>
/// (the wider type); a floating-point and an integer argument give the floating-point type,
/// so pow(x, 3) with a float x stays float (std::pow would return double); two integers give
/// double.
template <MathArgument A, MathArgument B>
using pow_result_t = std::conditional_t<
    std::floating_point<A> && std::floating_point<B>, std::common_type_t<A, B>,
    std::conditional_t<std::floating_point<A>, math_result_t<A>, math_result_t<B>>>;

}  // namespace constgrad::detail
