// derivative(): the rules of every operation against hand-derived values, simplification
// while building, higher derivatives and a Hessian.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <type_traits>

#include <constgrad/constgrad.hpp>

namespace cg = constgrad;

namespace {

constexpr cg::variable<"x"> x;
constexpr cg::variable<"y"> y;
constexpr cg::variable<"z"> z;

constexpr bool close(double got, double expected, double tolerance = 1e-14) {
    const double d = got - expected;
    const double m = expected < 0 ? -expected : expected;
    return (d < 0 ? -d : d) <= tolerance * (m > 1 ? m : 1);
}

template <class F>
constexpr double d_at(const F& f, double at) {
    return cg::evaluate(cg::derivative(f, x), x = at);
}

// Each rule at x = 0.5 against the derivative worked out by hand (constants from <cmath>
// values printed to 17 digits, so the compile-time functions are checked too).
static_assert(d_at(cg::exp(x), 0.5) == cg::math::exp(0.5));
static_assert(close(d_at(cg::exp(x), 0.5), 1.6487212707001282));
static_assert(close(d_at(cg::log(x), 0.5), 2.0));
static_assert(close(d_at(cg::sqrt(x), 0.5), 0.70710678118654757));  // 1 / (2 sqrt(0.5))
static_assert(close(d_at(cg::sin(x), 0.5), 0.87758256189037276));   // cos(0.5)
static_assert(close(d_at(cg::cos(x), 0.5), -0.47942553860420301));  // -sin(0.5)
static_assert(close(d_at(cg::tanh(x), 0.5), 0.78644773296592741));  // 1 - tanh(0.5)^2
static_assert(close(d_at(cg::sigmoid(x), 0.5), 0.23500371220159449));
static_assert(d_at(cg::square(x), 0.5) == 1.0);
static_assert(d_at(cg::abs(x), -0.5) == -1.0 && d_at(cg::abs(x), 0.5) == 1.0);
static_assert(d_at(cg::relu(x), -0.5) == 0.0 && d_at(cg::relu(x), 0.5) == 1.0);
static_assert(d_at(cg::relu(x), 0.0) == 0.0);  // the documented convention relu'(0) = 0
static_assert(d_at(cg::abs(x), 0.0) == 0.0);
// leaky_relu'(0) = the slope (PyTorch's convention, the runtime tape's): at 0 and -0 exactly,
// and on both sides just next to it.
static_assert(d_at(cg::leaky_relu(x, 0.25), 0.0) == 0.25 && d_at(cg::leaky_relu(x, 0.25), -0.0) == 0.25);
static_assert(d_at(cg::leaky_relu(x, 0.25), 4.9e-324) == 1.0 && d_at(cg::leaky_relu(x, 0.25), -4.9e-324) == 0.25);
static_assert(d_at(cg::leaky_relu(x, 0.25), 0.5) == 1.0 && d_at(cg::leaky_relu(x, 0.25), -0.5) == 0.25);
static_assert(d_at(cg::leaky_relu(x), 0.0) == 0.01 && d_at(cg::leaky_relu(x), 1e-9) == 1.0);  // slope 0.01
static_assert(d_at(cg::leaky_relu(2 * x, 0.25), 0.0) == 0.5);                                 // chain rule
// A hand-written leaky relu keeps relu's convention at 0: 0 + 0.25 * 0.
static_assert(d_at(cg::relu(x) - 0.25 * cg::relu(-x), 0.0) == 0.0);
static_assert(d_at(-x, 0.5) == -1.0);
static_assert(d_at(cg::pow<3>(x), 0.5) == 0.75);                    // 3 x^2
static_assert(close(d_at(cg::pow(x, 2.5), 0.5), 0.88388347648318444));  // 2.5 x^1.5
static_assert(close(d_at(cg::pow(2.0, x), 0.5), 0.98025814346854248));  // 2^x log 2
static_assert(d_at(10 / x, 0.5) == -40.0);                          // -10 / x^2
static_assert(d_at(x / 4, 0.5) == 0.25);
static_assert(d_at(1 - x, 0.5) == -1.0);
static_assert(d_at(x + 1, 0.5) == 1.0);
static_assert(close(d_at(cg::exp(cg::sin(x) * 3), 0.5),
                    3 * 0.87758256189037276 * 4.2134282008119275));  // exp(3 sin x) 3 cos x
// pow(x, y) with a variable exponent: d/dy = x^y log x.
static_assert(close(cg::evaluate(cg::derivative(cg::pow(x, y), y), x = 2.0, y = 3.0),
                    8 * 0.69314718055994531));

// Simplification while building: no 0 * u, 1 * u or u + 0 survives.
static_assert(std::is_same_v<decltype(cg::derivative(x * y, z)), cg::zero>);
static_assert(std::is_same_v<decltype(cg::derivative(x, x)), cg::one>);
static_assert(std::is_same_v<decltype(cg::derivative(cg::c<3> * x, x)), cg::literal<3>>);
static_assert(std::is_same_v<decltype(cg::derivative(cg::exp(y), x)), cg::zero>);
static_assert(cg::to_string(cg::derivative(3 * x * x + 4 * x, x)) == "3 * x + 3 * x + 4");
static_assert(cg::to_string(cg::derivative(x * y + y, y)) == "x + 1");
static_assert(cg::to_string(cg::derivative(cg::exp(2 * x), x)) == "2 * exp(2 * x)");
static_assert(cg::to_string(cg::derivative(cg::pow<3>(x), x)) == "3 * pow(x, 2)");

// Higher derivatives: (3x^2 + 4x)'' = 6; (x^4)''' = 24x.
static_assert(cg::to_string(cg::derivative(cg::derivative(3 * x * x + 4 * x, x), x)) == "6");
static_assert(cg::evaluate(cg::derivative(cg::derivative(cg::derivative(cg::pow<4>(x), x), x), x),
                           x = 0.5) == 12.0);

// A 2x2 Hessian of f = x^2 y + sin(x y) at (0.5, 2), derived by hand:
// f_xx = 2y - y^2 sin(xy), f_xy = f_yx = 2x + cos(xy) - xy sin(xy), f_yy = -x^2 sin(xy).
constexpr auto f = x * x * y + cg::sin(x * y);
constexpr auto f_x = cg::derivative(f, x);
constexpr auto f_y = cg::derivative(f, y);
constexpr double sin1 = 0.8414709848078965, cos1 = 0.54030230586813977;
static_assert(close(cg::evaluate(cg::derivative(f_x, x), x = 0.5, y = 2.0), 4 - 4 * sin1));
static_assert(close(cg::evaluate(cg::derivative(f_x, y), x = 0.5, y = 2.0), 1 + cos1 - sin1));
static_assert(close(cg::evaluate(cg::derivative(f_y, x), x = 0.5, y = 2.0), 1 + cos1 - sin1));
static_assert(close(cg::evaluate(cg::derivative(f_y, y), x = 0.5, y = 2.0), -0.25 * sin1));
// The gradient of a derivative is a row of the Hessian, from one reverse sweep.
static_assert(close(cg::gradient(f_x, x = 0.5, y = 2.0)[y], 1 + cos1 - sin1));

}  // namespace

BOOST_AUTO_TEST_SUITE(derivative)

BOOST_AUTO_TEST_CASE(rules_at_run_time_match_cmath) {
    volatile double at = 0.5;
    const double v = at;
    BOOST_TEST(d_at(cg::exp(x), v) == std::exp(v));
    BOOST_TEST(d_at(cg::log(x), v) == 1 / v);
    BOOST_TEST(d_at(cg::sin(x), v) == std::cos(v));
    BOOST_TEST(d_at(cg::cos(x), v) == -std::sin(v));
    BOOST_TEST(close(d_at(cg::tanh(x), v), 1 - std::tanh(v) * std::tanh(v)));
    BOOST_TEST(close(d_at(cg::pow(x, 2.5), v), 2.5 * std::pow(v, 1.5)));
    BOOST_TEST(close(cg::evaluate(cg::derivative(f_y, y), x = v, y = 2.0),
                     -v * v * std::sin(2 * v)));
}

BOOST_AUTO_TEST_SUITE_END()
