// Special values (NaN, infinities, signed zeros, extremes) of the compile-time algorithms
// of constgrad::math: same classification and sign as <cmath>, finite results within 4 ulp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <constgrad/math/cos.hpp>
#include <constgrad/math/exp.hpp>
#include <constgrad/math/expm1.hpp>
#include <constgrad/math/log.hpp>
#include <constgrad/math/log1p.hpp>
#include <constgrad/math/pow.hpp>
#include <constgrad/math/sigmoid.hpp>
#include <constgrad/math/sin.hpp>
#include <constgrad/math/sqrt.hpp>
#include <constgrad/math/tanh.hpp>

#include "ulp_support.hpp"

namespace {

namespace impl = constgrad::math::detail;

template <class T>
std::vector<T> special_inputs() {
  using lim = std::numeric_limits<T>;
  std::vector<T> v{lim::quiet_NaN(), lim::infinity(), lim::max(), T(1e5), T(3), T(2), T(1.5),
                   T(1), T(0.5), lim::min(), lim::denorm_min(), T(0)};
  const auto n = v.size();
  for (std::size_t i = 0; i < n; ++i) v.push_back(-v[i]);
  return v;
}

// True if ours and theirs are both NaN, or equal including the sign of zero and infinity,
// or both finite nonzero and within 4 ulp.
template <class T>
bool same_special(T ours, T theirs) {
  if (std::isnan(theirs) || std::isnan(ours)) return std::isnan(theirs) && std::isnan(ours);
  if (theirs == T(0) || std::isinf(theirs) || ours == T(0) || std::isinf(ours)) {
    return ours == theirs && std::signbit(ours) == std::signbit(theirs);
  }
  return constgrad_test::ulp_distance(ours, theirs) <= 4;
}

template <class T, class Impl, class Std>
void check_special_unary(const char* name, Impl ours, Std theirs) {
  for (const T x : special_inputs<T>()) {
    const T a = ours(x);
    const T b = theirs(x);
    BOOST_TEST(same_special(a, b), name << "(" << x << "): ours " << a << ", std " << b);
  }
}

template <class T>
void check_all_unary() {
  check_special_unary<T>("exp", [](T x) { return impl::exp_impl(x); }, [](T x) { return std::exp(x); });
  check_special_unary<T>("expm1", [](T x) { return impl::expm1_impl(x); }, [](T x) { return std::expm1(x); });
  check_special_unary<T>("log", [](T x) { return impl::log_impl(x); }, [](T x) { return std::log(x); });
  check_special_unary<T>("log1p", [](T x) { return impl::log1p_impl(x); }, [](T x) { return std::log1p(x); });
  check_special_unary<T>("sqrt", [](T x) { return impl::sqrt_impl(x); }, [](T x) { return std::sqrt(x); });
  check_special_unary<T>("sin", [](T x) { return impl::sin_impl(x); }, [](T x) { return std::sin(x); });
  check_special_unary<T>("cos", [](T x) { return impl::cos_impl(x); }, [](T x) { return std::cos(x); });
  check_special_unary<T>("tanh", [](T x) { return impl::tanh_impl(x); }, [](T x) { return std::tanh(x); });
  check_special_unary<T>("sigmoid", [](T x) { return impl::sigmoid_impl(x); },
                         [](T x) { return constgrad::math::sigmoid(x); });  // run time: std::exp
}

template <class T>
void check_pow_specials() {
  auto values = special_inputs<T>();
  for (T extra : {T(2.5), T(-2.5), T(0.25), T(1e-3), T(4), T(1e300 > double(std::numeric_limits<T>::max()) ? 1e30 : 1e300)}) {
    values.push_back(extra);
  }
  for (const T a : values) {
    for (const T b : values) {
      const T ours = impl::pow_impl(a, b);
      const T theirs = std::pow(a, b);
      BOOST_TEST(same_special(ours, theirs),
                 "pow(" << a << ", " << b << "): ours " << ours << ", std " << theirs);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(special_values)

BOOST_AUTO_TEST_CASE(unary_functions_match_std_on_special_inputs) {
  check_all_unary<float>();
  check_all_unary<double>();
  check_all_unary<long double>();
}

BOOST_AUTO_TEST_CASE(pow_matches_std_on_special_inputs) {
  check_pow_specials<float>();
  check_pow_specials<double>();
  check_pow_specials<long double>();
}

BOOST_AUTO_TEST_CASE(signed_zeros_are_kept) {
  const double nz = -0.0;
  for (double r : {impl::expm1_impl(nz), impl::log1p_impl(nz), impl::sqrt_impl(nz),
                   impl::sin_impl(nz), impl::tanh_impl(nz)}) {
    BOOST_TEST(r == 0.0);
    BOOST_TEST(std::signbit(r));
  }
  BOOST_TEST(impl::cos_impl(nz) == 1.0);
  BOOST_TEST(impl::pow_impl(nz, 3.0) == 0.0);
  BOOST_TEST(std::signbit(impl::pow_impl(nz, 3.0)));
  BOOST_TEST(!std::signbit(impl::pow_impl(nz, 2.0)));
  BOOST_TEST(impl::pow_impl(nz, -3.0) == -std::numeric_limits<double>::infinity());
}

BOOST_AUTO_TEST_CASE(overflow_and_underflow_thresholds) {
  // Just inside and just outside the finite range of exp (log(DBL_MAX) = 709.78271289338397,
  // exp(-745.13321910194122) = smallest subnormal), compared with std::exp.
  for (double x : {709.782712893383, 709.78271289338397, 709.782712893385, 710.0, -708.39,
                   -744.44, -745.1332191019411, -745.13321910194122, -745.14, -746.0}) {
    const double ours = impl::exp_impl(x);
    const double theirs = std::exp(x);
    BOOST_TEST(same_special(ours, theirs), "exp(" << x << "): ours " << ours << ", std " << theirs);
  }
  for (float x : {88.72283f, 88.72284f, 89.0f, -87.33f, -103.27893f, -103.97208f, -104.0f}) {
    const float ours = impl::exp_impl(x);
    const float theirs = std::exp(x);
    BOOST_TEST(same_special(ours, theirs), "expf(" << x << "): ours " << ours << ", std " << theirs);
  }
  // pow overflowing and underflowing through the integer and the real path.
  for (double b : {1023.0, 1024.0, -1022.0, -1074.0, -1075.0, 1023.99, -1074.5}) {
    const double ours = impl::pow_impl(2.0, b);
    const double theirs = std::pow(2.0, b);
    BOOST_TEST(same_special(ours, theirs), "pow(2, " << b << "): ours " << ours << ", std " << theirs);
  }
}

BOOST_AUTO_TEST_SUITE_END()
