// The scalar oracles of shared/oracles/README.md (exact rationals, PyTorch float64),
// through derivative() and gradient(), at compile time and at run time.
#include <boost/test/unit_test.hpp>

#include <constgrad/constgrad.hpp>

namespace cg = constgrad;

namespace {

constexpr double relative_error(double got, double expected) {
    const double d = got - expected;
    const double m = expected < 0 ? -expected : expected;
    return (d < 0 ? -d : d) / (m > 1 ? m : 1);
}

constexpr cg::variable<"x"> x;
constexpr cg::variable<"a"> a;
constexpr cg::variable<"b"> b;

// Scalar expression with shared sub-expressions: y = -20, dy/dx = 46 (exact in double).
constexpr auto shared_expression() {
    const auto z = 2 * x + 2 + x;
    const auto q = cg::relu(z) + z * x;
    const auto h = cg::relu(z * z);
    return h + q + q * x;
}
constexpr auto y_shared = shared_expression();
static_assert(cg::evaluate(y_shared, x = -4.0) == -20.0);
static_assert(cg::gradient(y_shared, x = -4.0).value() == -20.0);
static_assert(cg::gradient(y_shared, x = -4.0)[x] == 46.0);
static_assert(cg::evaluate(cg::derivative(y_shared, x), x = -4.0) == 46.0);

// Deep shared expression (exact rationals): g = 2421/98, dg/da = 47620/343,
// dg/db = 221433/343.
constexpr auto deep_expression() {
    const auto c1 = a + b;
    const auto c2 = c1 + (c1 + 1);
    const auto c3 = c2 + (1 + c2 + (-a));
    const auto d1 = a * b + cg::pow(b, 3);
    const auto d2 = d1 + (d1 * 2 + cg::relu(b + a));
    const auto d3 = d2 + (3 * d2 + cg::relu(b - a));
    const auto e = c3 - d3;
    const auto f = cg::pow(e, 2);
    const auto g1 = f / 2;
    return g1 + 10 / f;
}
constexpr auto g_deep = deep_expression();
constexpr double g_oracle = 2421.0 / 98;
constexpr double dg_da_oracle = 47620.0 / 343;
constexpr double dg_db_oracle = 221433.0 / 343;
constexpr auto deep_gradient = cg::gradient(g_deep, a = -4.0, b = 2.0);
static_assert(relative_error(deep_gradient.value(), g_oracle) < 1e-15);
static_assert(relative_error(deep_gradient[a], dg_da_oracle) < 1e-14);
static_assert(relative_error(deep_gradient[b], dg_db_oracle) < 1e-14);
static_assert(relative_error(cg::evaluate(cg::derivative(g_deep, a), a = -4.0, b = 2.0),
                             dg_da_oracle) < 1e-14);
static_assert(relative_error(cg::evaluate(cg::derivative(g_deep, b), a = -4.0, b = 2.0),
                             dg_db_oracle) < 1e-14);

// One tanh neuron: o = tanh(x1 w1 + x2 w2 + b) = 0.70710678118654768.
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;
constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"bias"> bias;
constexpr auto neuron = cg::tanh(x1 * w1 + x2 * w2 + bias);
constexpr auto neuron_gradient =
    cg::gradient(neuron, x1 = 2.0, x2 = 0.0, w1 = -3.0, w2 = 1.0, bias = 6.8813735870195432);
static_assert(relative_error(neuron_gradient.value(), 0.70710678118654768) < 1e-12);
static_assert(relative_error(neuron_gradient[x1], -1.5) < 1e-12);
static_assert(relative_error(neuron_gradient[w1], 1.0) < 1e-12);
static_assert(relative_error(neuron_gradient[x2], 0.5) < 1e-12);
static_assert(relative_error(neuron_gradient[w2], 0.0) < 1e-12);
static_assert(relative_error(neuron_gradient[bias], 0.5) < 1e-12);
static_assert(relative_error(cg::evaluate(cg::derivative(neuron, x1), x1 = 2.0, x2 = 0.0,
                                          w1 = -3.0, w2 = 1.0, bias = 6.8813735870195432),
                             -1.5) < 1e-12);

}  // namespace

// torch_layers.json, O7b_prelu_0.25: PReLU with slope 0.25 (PyTorch 1.13, float64) at
// z = -2, -0.5, 0, 0.5, 3: y, dy/dz (0.25 at 0: the slope, the left side), and d(Σ y)/dslope.
// leaky_relu(z, slope) with a variable slope is PReLU; all values are exact in double.
constexpr cg::variable<"z"> z;
constexpr cg::variable<"slope"> slope;
constexpr auto prelu = cg::leaky_relu(z, slope);
constexpr double prelu_z[] = {-2.0, -0.5, 0.0, 0.5, 3.0};
constexpr double prelu_y[] = {-0.5, -0.125, 0.0, 0.5, 3.0};
constexpr double prelu_dy_dz[] = {0.25, 0.25, 0.25, 1.0, 1.0};
constexpr double prelu_dy_dslope_sum = -2.5;
constexpr bool prelu_matches() {
    double dslope = 0;
    for (int k = 0; k < 5; ++k) {
        const auto g = cg::gradient(prelu, z = prelu_z[k], slope = 0.25);
        if (g.value() != prelu_y[k] || g[z] != prelu_dy_dz[k]) return false;
        if (cg::evaluate(cg::derivative(prelu, z), z = prelu_z[k], slope = 0.25) != prelu_dy_dz[k])
            return false;
        dslope += g[slope];
    }
    return dslope == prelu_dy_dslope_sum;
}
static_assert(prelu_matches());
// nn::leaky_relu's slope is 0.01; a constant slope of 0.25 gives the same dy/dz.
static_assert(cg::gradient(cg::leaky_relu(z, 0.25), z = 0.0)[z] == 0.25);

BOOST_AUTO_TEST_SUITE(oracles)

BOOST_AUTO_TEST_CASE(prelu_at_run_time) {
    double dslope = 0;
    for (int k = 0; k < 5; ++k) {
        volatile double at = prelu_z[k];
        const auto g = cg::gradient(prelu, z = at, slope = 0.25);
        BOOST_TEST(g.value() == prelu_y[k]);
        BOOST_TEST(g[z] == prelu_dy_dz[k]);
        BOOST_TEST(cg::evaluate(cg::derivative(prelu, z), z = at, slope = 0.25) == prelu_dy_dz[k]);
        dslope += g[slope];
    }
    BOOST_TEST(dslope == prelu_dy_dslope_sum);
}

BOOST_AUTO_TEST_CASE(shared_expression_at_run_time) {
    volatile double at = -4.0;
    const auto g = cg::gradient(y_shared, x = at);
    BOOST_TEST(g.value() == -20.0);
    BOOST_TEST(g[x] == 46.0);
    BOOST_TEST(cg::evaluate(cg::derivative(y_shared, x), x = at) == 46.0);
}

BOOST_AUTO_TEST_CASE(deep_expression_at_run_time) {
    volatile double at = -4.0;
    const auto g = cg::gradient(g_deep, a = at, b = 2.0);
    BOOST_TEST(relative_error(g.value(), g_oracle) < 1e-15);
    BOOST_TEST(relative_error(g[a], dg_da_oracle) < 1e-14);
    BOOST_TEST(relative_error(g[b], dg_db_oracle) < 1e-14);
    BOOST_TEST(relative_error(cg::evaluate(cg::derivative(g_deep, b), a = at, b = 2.0),
                              dg_db_oracle) < 1e-14);
}

BOOST_AUTO_TEST_CASE(tanh_neuron_at_run_time) {
    volatile double at = 2.0;
    const auto g = cg::gradient(neuron, x1 = at, x2 = 0.0, w1 = -3.0, w2 = 1.0,
                                bias = 6.8813735870195432);
    BOOST_TEST(relative_error(g.value(), 0.70710678118654768) < 1e-12);
    BOOST_TEST(relative_error(g[x1], -1.5) < 1e-12);
    BOOST_TEST(relative_error(g[w1], 1.0) < 1e-12);
    BOOST_TEST(relative_error(g[x2], 0.5) < 1e-12);
    BOOST_TEST(relative_error(g[w2], 0.0) < 1e-12);
    BOOST_TEST(relative_error(g[bias], 0.5) < 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()
