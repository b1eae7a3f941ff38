// to_string(): readable infix with the parentheses the grouping needs, constexpr.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <constgrad/constgrad.hpp>

namespace cg = constgrad;

namespace {

constexpr cg::variable<"x"> x;
constexpr cg::variable<"y"> y;

static_assert(cg::to_string(3 * x * x + 4 * x) == "3 * x * x + 4 * x");
static_assert(cg::to_string(x - (y - x)) == "x - (y - x)");
static_assert(cg::to_string((x - y) - x) == "x - y - x");
static_assert(cg::to_string(x / (y * x)) == "x / (y * x)");
static_assert(cg::to_string((x + y) * x) == "(x + y) * x");
static_assert(cg::to_string(-(x + y)) == "-(x + y)");
static_assert(cg::to_string(x * -2.5) == "x * (-2.5)");
static_assert(cg::to_string(cg::pow(x, 0.5) + cg::tanh(y)) == "pow(x, 0.5) + tanh(y)");
static_assert(cg::to_string(x + 0.1) == "x + 0.1");
static_assert(cg::to_string(x + 6.8813735870195432) == "x + 6.88137358701954");
static_assert(cg::to_string(x * 1.5e-7) == "x * 1.5e-07");
static_assert(cg::to_string(x * 2e20) == "x * 2e+20");
static_assert(cg::to_string(x + 1234567) == "x + 1234567");
static_assert(cg::to_string(cg::leaky_relu(x)) == "leaky_relu(x, 0.01)");
static_assert(cg::to_string(cg::derivative(cg::leaky_relu(x, 0.25), x)) == "leaky_step(x, 0.25)");
static_assert(cg::to_string(cg::derivative(cg::leaky_relu(x, y), y)) == "x - relu(x)");

}  // namespace

BOOST_AUTO_TEST_SUITE(to_string)

BOOST_AUTO_TEST_CASE(streams_and_converts) {
    std::ostringstream out;
    out << cg::to_string(cg::derivative(3 * x * x + 4 * x, x));
    BOOST_TEST(out.str() == "3 * x + 3 * x + 4");
    BOOST_TEST(cg::to_string(cg::sigmoid(x)).str() == "sigmoid(x)");
}

BOOST_AUTO_TEST_SUITE_END()
