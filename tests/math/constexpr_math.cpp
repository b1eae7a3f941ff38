// constgrad::math in constant expressions (static_assert) on GCC and Clang, and the run-time
// dispatch to <cmath>.
#define BOOST_TEST_MODULE constgrad_math_static
#include <boost/test/unit_test.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

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

namespace {

namespace math = constgrad::math;

template <class T>
constexpr T inf = std::numeric_limits<T>::infinity();

template <class T>
constexpr bool is_nan(T x) {
  return x != x;
}

// |a - b| <= ulps * eps * max(|b|, min): a relative check usable in constant expressions.
template <class T>
constexpr bool close(T a, T b, T ulps = 1) {
  const T d = a > b ? a - b : b - a;
  const T mag = b < 0 ? -b : b;
  const T scale = mag > std::numeric_limits<T>::min() ? mag : std::numeric_limits<T>::min();
  return d <= ulps * std::numeric_limits<T>::epsilon() * scale;
}

constexpr bool is_negative_zero(double x) {
  return x == 0.0 && (std::bit_cast<std::uint64_t>(x) >> 63U) == 1U;
}

// Reference values are mathematical constants, exact integers, or values computed with mpmath
// at 300 bits for the double nearest the written argument (sin(1e22) is also a classic
// published test value): never numbers produced by this code.

// exp / expm1
static_assert(math::exp(0.0) == 1.0);
static_assert(close(math::exp(1.0), 2.718281828459045235));
static_assert(close(math::exp(-1.0), 0.3678794411714423216));
static_assert(close(math::exp(10.0), 22026.465794806716517));
static_assert(close(math::exp(1.0f), 2.7182818284590452f));
static_assert(close(math::exp(1.0L), 2.718281828459045235360287471352662L));
static_assert(math::exp(-1000.0) == 0.0);
static_assert(math::exp(1000.0) == inf<double>);
static_assert(math::exp(-inf<double>) == 0.0);
static_assert(math::exp(inf<double>) == inf<double>);
static_assert(is_nan(math::exp(std::numeric_limits<double>::quiet_NaN())));
static_assert(math::exp(-745.0) > 0.0);  // subnormal, not flushed
static_assert(math::expm1(1e-20) == 1e-20);
static_assert(close(math::expm1(1e-5), 1.000005000016666790137e-5));
static_assert(math::expm1(-inf<double>) == -1.0);
static_assert(math::expm1(-50.0) == -1.0);

// log / log1p
static_assert(math::log(1.0) == 0.0);
static_assert(close(math::log(2.0), 0.6931471805599453094));
static_assert(close(math::log(10.0f), 2.302585092994045684f));
static_assert(close(math::log(2.0L), 0.6931471805599453094172321214581766L));
static_assert(close(math::log(1e-300), -690.7755278982137052));
static_assert(close(math::log(4.9406564584124654e-324), -744.4400719213812));  // subnormal
static_assert(math::log(0.0) == -inf<double>);
static_assert(math::log(-0.0) == -inf<double>);
static_assert(is_nan(math::log(-1.0)));
static_assert(math::log(inf<double>) == inf<double>);
static_assert(math::log1p(1e-20) == 1e-20);
static_assert(close(math::log1p(1e-5), 9.999950000333331651376e-6));
static_assert(math::log1p(-1.0) == -inf<double>);
static_assert(is_nan(math::log1p(-2.0)));
// Round trips.
static_assert(close(math::log(math::exp(3.0)), 3.0, 2.0));
static_assert(close(math::log(math::exp(-20.0)), -20.0, 2.0));
static_assert(close(math::log(math::exp(0.5)), 0.5, 4.0));
static_assert(close(math::exp(math::log(123.456)), 123.456, 200.0));  // exp magnifies log's rounding by |log x| ~ 4.8
static_assert(close(math::expm1(math::log1p(1e-10)), 1e-10, 2.0));

// sqrt: correctly rounded
static_assert(math::sqrt(144.0) == 12.0);
static_assert(math::sqrt(2.0) == 1.4142135623730950488);
static_assert(math::sqrt(2.0f) == 1.4142135623730950488f);
static_assert(math::sqrt(2.0L) == 1.414213562373095048801688724209698L);
static_assert(math::sqrt(1e-310) > 0.0);
static_assert(math::sqrt(inf<double>) == inf<double>);
static_assert(is_nan(math::sqrt(-1.0)));
static_assert(is_negative_zero(math::sqrt(-0.0)));

// sin / cos
constexpr double pi = 3.14159265358979323846;
static_assert(math::sin(0.0) == 0.0);
static_assert(math::cos(0.0) == 1.0);
static_assert(close(math::sin(pi / 6), 0.5, 2.0));
static_assert(close(math::cos(pi / 3), 0.5, 2.0));
static_assert(close(math::sin(pi), 1.2246467991473532e-16));  // sin of the double nearest pi
static_assert(close(math::sin(1e22), -0.8522008497671888));   // a classic reduction test
static_assert(close(math::sin(1.0f), 0.8414709848078965f));
static_assert(close(math::cos(1.0L), 0.5403023058681397174009366074429766L));
static_assert(is_nan(math::sin(inf<double>)));
static_assert(is_nan(math::cos(-inf<double>)));
static_assert(is_negative_zero(math::sin(-0.0)));
// sin^2 + cos^2 == 1, from small to huge arguments.
template <class T>
constexpr bool pythagoras(T x) {
  const T s = math::sin(x);
  const T c = math::cos(x);
  return close(s * s + c * c, T(1), T(4));
}
static_assert(pythagoras(0.7) && pythagoras(123.4) && pythagoras(1e6) && pythagoras(1e22));
static_assert(pythagoras(3e38f) && pythagoras(1e4000L));

// tanh: the tanh-neuron oracle of shared/oracles/README.md
static_assert(close(math::tanh(0.88137358701954316), 0.70710678118654768, 4.0));
static_assert(close(math::tanh(0.5), 0.46211715726000975850));
static_assert(close(math::tanh(-1e-5), -9.999999999666667484711e-6));
static_assert(math::tanh(30.0) == 1.0);
static_assert(math::tanh(-inf<double>) == -1.0);
static_assert(is_negative_zero(math::tanh(-0.0)));

// sigmoid
static_assert(math::sigmoid(0.0) == 0.5);
static_assert(close(math::sigmoid(math::log(3.0)), 0.75, 2.0));  // 1/(1 + 1/3)
static_assert(close(math::sigmoid(2.0) + math::sigmoid(-2.0), 1.0, 2.0));
static_assert(close(math::sigmoid(-50.0), 1.928749847963917783e-22));  // no cancellation
static_assert(math::sigmoid(-1000.0) == 0.0);
static_assert(math::sigmoid(1000.0) == 1.0);
static_assert(math::sigmoid(inf<double>) == 1.0 && math::sigmoid(-inf<double>) == 0.0);

// pow
static_assert(math::pow(3.0, 5) == 243.0);
static_assert(math::pow(2.0, -2) == 0.25);
static_assert(math::pow(-2.0, 3) == -8.0);
static_assert(math::pow(0.5, 1074) == 4.9406564584124654e-324);
static_assert(math::pow(7.0, 22) == 3909821048582988049.0);  // 7^22, rounded once
static_assert(math::pow(2.0, 0.5) == 1.4142135623730950488);
static_assert(close(math::pow(10.0, -0.5), 0.31622776601683793320));
static_assert(close(math::pow(1.0000001, 1e7), 2.7182816941320815706, 2.0));  // (1 + 1e-7)^1e7
static_assert(is_nan(math::pow(-8.0, 1.0 / 3)));
static_assert(math::pow(0.0, -1) == inf<double>);
static_assert(math::pow(-0.0, -1) == -inf<double>);
static_assert(math::pow(std::numeric_limits<double>::quiet_NaN(), 0) == 1.0);
static_assert(math::pow(1.0, std::numeric_limits<double>::quiet_NaN()) == 1.0);
static_assert(math::pow(10.0, 309) == inf<double>);
static_assert(math::pow(2.0f, 10) == 1024.0f);
static_assert(math::pow(3.0L, 40) == 12157665459056928801.0L);  // exact in 64 bits

// Integer arguments are converted to double; pow keeps a floating base's type.
static_assert(std::is_same_v<decltype(math::exp(1)), double>);
static_assert(std::is_same_v<decltype(math::exp(1.0f)), float>);
static_assert(std::is_same_v<decltype(math::sqrt(2L)), double>);
static_assert(std::is_same_v<decltype(math::sin(1.0L)), long double>);
static_assert(std::is_same_v<decltype(math::pow(2, 3)), double>);
static_assert(std::is_same_v<decltype(math::pow(2.0f, 3)), float>);
static_assert(std::is_same_v<decltype(math::pow(2.0f, 3.0)), double>);
static_assert(std::is_same_v<decltype(math::pow(2, 0.5f)), float>);
static_assert(math::sqrt(16) == 4.0);
static_assert(close(math::log(8), 3 * 0.6931471805599453094, 2.0));
static_assert(math::pow(2, 10) == 1024.0);

// A function used by an activation and its derivative in one constant expression.
constexpr double swish_prime(double x) {
  const double s = math::sigmoid(x);
  return s + x * s * (1 - s);
}
static_assert(close(swish_prime(1.0), 0.92767051187148673179, 4.0));

// Arguments and results of f on n points of [lo, hi], both computed in one constant
// expression; the test below recomputes f at run time and expects the same bits, i.e. the
// compilers' constant evaluation rounds exactly like the hardware (x87 included).
template <class T, std::size_t N>
struct table {
  std::array<T, N> x{};
  std::array<T, N> y{};
};

template <class T, std::size_t N, class F>
constexpr table<T, N> tabulate(F f, T lo, T hi) {
  table<T, N> t;
  for (std::size_t i = 0; i < N; ++i) {
    t.x[i] = lo + (hi - lo) * static_cast<T>(i) / static_cast<T>(N - 1);
    t.y[i] = f(t.x[i]);
  }
  return t;
}

template <class T, std::size_t N, class F>
bool same_bits_at_run_time(const table<T, N>& t, F f) {
  bool ok = true;
  for (std::size_t i = 0; i < N; ++i) {
    const T y = f(t.x[i]);
    const bool same = (y == t.y[i] && std::signbit(y) == std::signbit(t.y[i])) ||
                      (std::isnan(y) && std::isnan(t.y[i]));
    if (!same) {
      BOOST_TEST_MESSAGE("x = " << t.x[i] << ": compile time " << t.y[i] << ", run time " << y);
      ok = false;
    }
  }
  return ok;
}

#define CONSTGRAD_TEST_SAME_BITS(T, fn, lo, hi)                                        \
  do {                                                                                 \
    constexpr auto f = [](T v) { return math::detail::fn##_impl(v); };                 \
    constexpr auto t = tabulate<T, 24>(f, T(lo), T(hi));                               \
    BOOST_TEST(same_bits_at_run_time(t, f), #fn " " #T " on [" #lo ", " #hi "]");     \
  } while (false)

template <class T>
void check_same_bits() {
  CONSTGRAD_TEST_SAME_BITS(T, exp, -80, 80);
  CONSTGRAD_TEST_SAME_BITS(T, expm1, -2, 2);
  CONSTGRAD_TEST_SAME_BITS(T, log, 1e-30, 1e30);
  CONSTGRAD_TEST_SAME_BITS(T, log1p, -0.9, 10);
  CONSTGRAD_TEST_SAME_BITS(T, sqrt, 0, 1e30);
  CONSTGRAD_TEST_SAME_BITS(T, sin, -100, 100);
  CONSTGRAD_TEST_SAME_BITS(T, cos, -1e6, 1e6);
  CONSTGRAD_TEST_SAME_BITS(T, sin, 1e7, 1e30);  // Payne-Hanek reduction
  CONSTGRAD_TEST_SAME_BITS(T, tanh, -5, 5);
  CONSTGRAD_TEST_SAME_BITS(T, sigmoid, -30, 30);
  {
    constexpr auto f = [](T v) { return math::detail::pow_impl(T(1.37), v); };
    constexpr auto t = tabulate<T, 24>(f, T(-60), T(60));  // integer and real exponents
    BOOST_TEST(same_bits_at_run_time(t, f), "pow(1.37, b)");
  }
}

#undef CONSTGRAD_TEST_SAME_BITS

}  // namespace

BOOST_AUTO_TEST_SUITE(constexpr_math)

// True if this translation unit was compiled with floating-point contraction (a * b + c
// fused into an fma, e.g. GCC's default with -march=native): then the run-time evaluation of
// the kernels may legitimately differ from constant evaluation in a last bit.
volatile double probe_a = 1 + 0x1p-30;
volatile double probe_c = -(1 + 0x1p-29);
bool fp_contraction_active() {
  const double a = probe_a;
  const double c = probe_c;
  return a * a + c != 0;  // exactly 2^-60 when fused, 0 when a * a is rounded first
}

BOOST_AUTO_TEST_CASE(compile_time_and_run_time_evaluation_agree_bit_for_bit) {
  if (fp_contraction_active()) {
    BOOST_TEST_MESSAGE("floating-point contraction is on: bit-for-bit comparison skipped");
    return;
  }
  check_same_bits<float>();
  check_same_bits<double>();
  check_same_bits<long double>();
}

// The static_asserts above are the compile-time checks; at run time the same functions must
// be exactly the standard library.
BOOST_AUTO_TEST_CASE(run_time_calls_are_the_standard_library) {
  volatile double v = 0.7;  // keep the optimiser from folding the calls
  const double x = v;
  BOOST_TEST(math::exp(x) == std::exp(x));
  BOOST_TEST(math::expm1(x) == std::expm1(x));
  BOOST_TEST(math::log(x) == std::log(x));
  BOOST_TEST(math::log1p(x) == std::log1p(x));
  BOOST_TEST(math::sqrt(x) == std::sqrt(x));
  BOOST_TEST(math::sin(x) == std::sin(x));
  BOOST_TEST(math::cos(x) == std::cos(x));
  BOOST_TEST(math::tanh(x) == std::tanh(x));
  BOOST_TEST(math::pow(x, 2.5) == std::pow(x, 2.5));
  BOOST_TEST(math::sigmoid(x) == 1 / (1 + std::exp(-x)));
  const float xf = static_cast<float>(x);
  BOOST_TEST(math::exp(xf) == std::exp(xf));
  BOOST_TEST(math::pow(xf, 3) == static_cast<float>(std::pow(xf, 3)));
}

BOOST_AUTO_TEST_SUITE_END()
