// Ulp distances and deterministic sample sets for comparing constgrad::math with <cmath>.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include <support/splitmix64.hpp>

namespace constgrad_test {

/// Distance between a and b in units in the last place of T: 0 for equal values (and for
/// two NaNs), +inf when only one is NaN. float and double count the representable values
/// between them (through the bit patterns, so 0, subnormals and infinity are exact);
/// long double divides |a - b| by the ulp of the larger magnitude.
template <class T>
long double ulp_distance(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) ? 0.0L : std::numeric_limits<long double>::infinity();
  }
  if (a == b) return 0.0L;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    using bits_t = std::conditional_t<std::is_same_v<T, float>, std::int32_t, std::int64_t>;
    // Map the sign-magnitude patterns to integers ordered like the values (-0 and +0 -> 0).
    const auto ordered = [](T v) {
      const auto i = std::bit_cast<bits_t>(v);
      return i < 0 ? static_cast<long double>(std::numeric_limits<bits_t>::min()) -
                         static_cast<long double>(i)
                   : static_cast<long double>(i);
    };
    return std::fabs(ordered(a) - ordered(b));
  } else {
    if (std::isinf(a) || std::isinf(b)) return std::numeric_limits<long double>::infinity();
    const long double big = std::fmax(std::fabs(a), std::fabs(b));
    const long double ulp =
        std::fmax(std::ldexp(1.0L, std::ilogb(big) - (std::numeric_limits<T>::digits - 1)),
                  std::numeric_limits<T>::denorm_min());
    return std::fabs(static_cast<long double>(a) - static_cast<long double>(b)) / ulp;
  }
}

/// An interval to sample: uniformly, or uniformly in log|x| (then lo and hi must be > 0;
/// negate_half mirrors every second point to -x).
struct sample_range {
  long double lo;  ///< lower end
  long double hi;  ///< upper end
  bool log_spaced = false;  ///< sample log|x| uniformly
  bool negate_half = false;  ///< with log_spaced: use -x for every second point
};

/// `grid` evenly spaced points (endpoints included) plus `random` points from a fixed seed,
/// all rounded to T and kept inside the range.
template <class T>
std::vector<T> sample_points(const sample_range& r, int grid, int random, std::uint64_t seed = 42) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(grid + random));
  const auto at = [&r](long double u) -> long double {
    if (!r.log_spaced) return r.lo + u * (r.hi - r.lo);
    return std::exp(std::log(r.lo) + u * (std::log(r.hi) - std::log(r.lo)));
  };
  splitmix64 rng(seed);
  for (int i = 0; i < grid + random; ++i) {
    const long double u = i < grid ? static_cast<long double>(i) / (grid - 1)
                                   : static_cast<long double>(rng.uniform());
    auto x = static_cast<T>(at(u));
    if (static_cast<long double>(x) > r.hi) x = std::nextafter(x, -std::numeric_limits<T>::max());
    if (static_cast<long double>(x) < r.lo) x = std::nextafter(x, std::numeric_limits<T>::max());
    if (r.log_spaced && r.negate_half && i % 2 == 1) x = -x;
    out.push_back(x);
  }
  return out;
}

}  // namespace constgrad_test
