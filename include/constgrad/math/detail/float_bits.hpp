// Constexpr classification, sign handling and exact power-of-two scaling of floating-point values.
#pragma once

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>

namespace constgrad::detail {

// Classification uses comparisons only: clang refuses arithmetic that produces a NaN in a
// constant expression and GCC refuses arithmetic that overflows, so every kernel tests its
// input first and returns special values explicitly.

/// True if x is a NaN.
template <std::floating_point T>
constexpr bool isnan(T x) noexcept {
  return x != x;  // the only value that compares unequal to itself
}

/// True if x is +infinity or -infinity.
template <std::floating_point T>
constexpr bool isinf(T x) noexcept {
  return x == std::numeric_limits<T>::infinity() || x == -std::numeric_limits<T>::infinity();
}

/// True if x is neither NaN nor infinite.
template <std::floating_point T>
constexpr bool isfinite(T x) noexcept {
  return x == x && !isinf(x);
}

/// |x|, clearing the sign of -0 as well (the builtin is constexpr on GCC and clang).
constexpr float fabs(float x) noexcept { return __builtin_fabsf(x); }
/// |x|, clearing the sign of -0 as well.
constexpr double fabs(double x) noexcept { return __builtin_fabs(x); }
/// |x|, clearing the sign of -0 as well.
constexpr long double fabs(long double x) noexcept { return __builtin_fabsl(x); }

/// |magnitude| with the sign of sign (sign of zero and of NaN included).
constexpr float copysign(float magnitude, float sign) noexcept {
  return __builtin_copysignf(magnitude, sign);
}
/// |magnitude| with the sign of sign (sign of zero and of NaN included).
constexpr double copysign(double magnitude, double sign) noexcept {
  return __builtin_copysign(magnitude, sign);
}
/// |magnitude| with the sign of sign (sign of zero and of NaN included).
constexpr long double copysign(long double magnitude, long double sign) noexcept {
  return __builtin_copysignl(magnitude, sign);
}

/// True if the sign bit of x is set (true for -0.0). __builtin_signbit is not constexpr on
/// clang 14, copysign is.
template <std::floating_point T>
constexpr bool signbit(T x) noexcept {
  return detail::copysign(T(1), x) < T(0);
}

/// A quiet NaN of type T.
template <std::floating_point T>
inline constexpr T quiet_nan_v = std::numeric_limits<T>::quiet_NaN();

/// +infinity of type T.
template <std::floating_point T>
inline constexpr T infinity_v = std::numeric_limits<T>::infinity();

namespace float_bits_impl {

template <std::floating_point T>
inline constexpr bool is_binary64_v =
    std::same_as<T, double> && std::numeric_limits<double>::is_iec559 && sizeof(double) == 8;

// Largest power of two not above max_exponent: the largest step of the binary searches.
template <std::floating_point T>
constexpr int top_step() noexcept {
  int step = 1;
  while (step * 2 < std::numeric_limits<T>::max_exponent) step *= 2;
  return step;
}

// Number of entries of the power tables: 2^(2^i) for i = 0 .. log2(top_step).
template <std::floating_point T>
constexpr int table_size() noexcept {
  int n = 0;
  for (int s = 1; s <= top_step<T>(); s *= 2) ++n;
  return n;
}

// 2^(2^i) and 2^-(2^i), built once per type by squaring (exact: powers of two).
template <std::floating_point T, bool Negative>
struct pow2_table {
  T value[table_size<T>()] = {};
  constexpr pow2_table() noexcept {
    T p = Negative ? T(0.5) : T(2);
    for (int i = 0; i < table_size<T>(); ++i) {
      value[i] = p;
      if (i + 1 < table_size<T>()) p *= p;
    }
  }
};

template <std::floating_point T, bool Negative>
inline constexpr pow2_table<T, Negative> pow2_table_v{};

// 2^k as a product of table entries; exact for any k whose power is representable (normal
// or subnormal): every partial product is a power of two between 1 and the result.
template <std::floating_point T>
constexpr T pow2_by_table(int k) noexcept {
  const bool negative = k < 0;
  unsigned n = negative ? static_cast<unsigned>(-(k + 1)) + 1U : static_cast<unsigned>(k);
  T result = 1;
  for (int i = 0; n != 0; ++i, n >>= 1U) {
    if ((n & 1U) != 0) {
      result *= negative ? pow2_table_v<T, true>.value[i] : pow2_table_v<T, false>.value[i];
    }
  }
  return result;
}

}  // namespace float_bits_impl

/// 2^k exactly, for min_exponent - digits <= k < max_exponent (normal and subnormal powers).
template <std::floating_point T>
constexpr T pow2(int k) noexcept {
  if constexpr (float_bits_impl::is_binary64_v<T>) {
    // Build the bit pattern directly: cheaper at compile time than squaring.
    if (k >= -1022) return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
    return std::bit_cast<double>(std::uint64_t{1} << static_cast<unsigned>(k + 1074));
  } else {
    return float_bits_impl::pow2_by_table<T>(k);
  }
}

/// A finite nonzero x split as x = m * 2^e with 0.5 <= |m| < 1 (the frexp convention).
template <std::floating_point T>
struct mantissa_exponent {
  T m;  ///< signed mantissa, 0.5 <= |m| < 1
  int e;  ///< binary exponent
};

/// Exact frexp for finite nonzero x (the caller handles 0, infinities and NaN).
template <std::floating_point T>
constexpr mantissa_exponent<T> decompose(T x) noexcept {
  if constexpr (float_bits_impl::is_binary64_v<T>) {
    int shift = 0;
    if (fabs(x) < std::numeric_limits<double>::min()) {  // subnormal: make it normal first
      x *= pow2<double>(54);
      shift = 54;
    }
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const int biased = static_cast<int>((bits >> 52) & 0x7ffU);
    // Replace the exponent field with the one of [0.5, 1) (biased 1022), keep sign and fraction.
    const auto m_bits = (bits & ~(std::uint64_t{0x7ff} << 52)) | (std::uint64_t{1022} << 52);
    return {std::bit_cast<double>(m_bits), biased - 1022 - shift};
  } else {
    // Generic path (x87 long double): find floor(log2 |x|) by a binary search over
    // power-of-two steps, each step an exact multiplication. About 2*log2(max_exponent)
    // comparisons.
    constexpr int digits = std::numeric_limits<T>::digits;
    T a = fabs(x);
    int e = 0;
    if (a < std::numeric_limits<T>::min()) {
      a *= pow2<T>(digits);
      e -= digits;
    }
    constexpr int step = float_bits_impl::top_step<T>();
    constexpr int last = float_bits_impl::table_size<T>() - 1;
    const auto& up = float_bits_impl::pow2_table_v<T, false>.value;
    const auto& down = float_bits_impl::pow2_table_v<T, true>.value;
    if (a >= T(2)) {
      for (int i = last, s = step; i >= 0; --i, s /= 2) {
        if (a >= up[i]) {
          a *= down[i];
          e += s;
        }
      }
    } else if (a < T(1)) {
      for (int i = last, s = step; i >= 0; --i, s /= 2) {
        if (a * up[i] < T(2)) {  // exact product: a * 2^s stays below 2
          a *= up[i];
          e -= s;
        }
      }
    }
    // now 1 <= a < 2
    return {x < T(0) ? -a * T(0.5) : a * T(0.5), e + 1};
  }
}

/// x * 2^k, exact unless the result is subnormal (then rounded once) or out of range
/// (then +-infinity or +-0, returned without overflowing arithmetic).
template <std::floating_point T>
constexpr T ldexp(T x, long long k) noexcept {
  if (x == T(0) || !isfinite(x) || k == 0) return x;
  using limits = std::numeric_limits<T>;
  const auto [m, e] = decompose(x);
  const long long t = static_cast<long long>(e) + k;  // x * 2^k = m * 2^t
  if (t > limits::max_exponent) return copysign(infinity_v<T>, x);
  if (t < limits::min_exponent - limits::digits - 1) return copysign(T(0), x);
  const int ti = static_cast<int>(t);
  const T m2 = m * T(2);  // 1 <= |m2| < 2, result = m2 * 2^(ti - 1)
  if (ti - 1 >= limits::min_exponent - 1) return m2 * pow2<T>(ti - 1);
  // Subnormal result: scale exactly into the normal range, then round once.
  constexpr int shift = limits::digits + 2;
  return (m2 * pow2<T>(ti - 1 + shift)) * pow2<T>(-shift);
}

/// The integer nearest to x (halfway cases may go either way), for |x| < 2^62.
template <std::floating_point T>
constexpr long long nearest_integer(T x) noexcept {
  return static_cast<long long>(x < T(0) ? x - T(0.5) : x + T(0.5));
}

/// True if x is finite and has an integral value.
template <std::floating_point T>
constexpr bool is_integer(T x) noexcept {
  if (!isfinite(x)) return false;
  const T a = fabs(x);
  constexpr T two_pow_digits_1 = pow2<T>(std::numeric_limits<T>::digits - 1);
  if (a >= two_pow_digits_1) return true;  // no fraction bits left
  // Adding and subtracting 2^(digits-1) rounds a to an integer (round to nearest).
  const T rounded = (a + two_pow_digits_1) - two_pow_digits_1;
  return rounded == a;
}

/// True if x is an odd integer (every finite value >= 2^digits is even).
template <std::floating_point T>
constexpr bool is_odd_integer(T x) noexcept {
  if (!is_integer(x)) return false;
  const T a = fabs(x);
  if (a >= pow2<T>(std::numeric_limits<T>::digits)) return false;
  if constexpr (std::numeric_limits<T>::digits <= 64) {
    return (static_cast<std::uint64_t>(a) & 1U) != 0;
  } else {
    const T half = a * T(0.5);
    return !is_integer(half);
  }
}

/// v rounded to the (narrower or equal) type T like a conversion under IEEE rules, but
/// without undefined behaviour: values beyond T's range become +-infinity (or +-max when
/// they round down to it) and NaN stays NaN.
template <std::floating_point T, std::floating_point W>
constexpr T round_to(W v) noexcept {
  using tl = std::numeric_limits<T>;
  if constexpr (tl::max_exponent >= std::numeric_limits<W>::max_exponent) {
    return static_cast<T>(v);
  } else {
    if (isnan(v)) return quiet_nan_v<T>;
    constexpr W max_t = static_cast<W>(tl::max());
    // Halfway between max() and the next power of two: from there on, v rounds to infinity.
    constexpr W limit = max_t + pow2<W>(tl::max_exponent - tl::digits - 1);
    const W a = fabs(v);
    if (a >= limit) return v < W(0) ? -infinity_v<T> : infinity_v<T>;
    if (a > max_t) return v < W(0) ? -tl::max() : tl::max();
    return static_cast<T>(v);
  }
}

}  // namespace constgrad::detail
