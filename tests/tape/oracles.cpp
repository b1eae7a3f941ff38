// Every scalar oracle of shared/oracles/README.md reproduced on the runtime tape.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "tape_test_support.hpp"

using namespace tape_test;

BOOST_AUTO_TEST_SUITE(oracles)

// "f(x) = 2x + 7: f'(x) = 2 everywhere."
BOOST_AUTO_TEST_CASE(seed_linear)
{
    for (double x0 : {-3.0, 0.0, 0.5, 2.0, 1e6}) {
        tp::tape<> t;
        auto x = t.variable(x0);
        auto f = 2 * x + 7;
        f.backward();
        BOOST_TEST(f.data() == 2 * x0 + 7);
        BOOST_TEST(x.grad() == 2.0);
    }
}

// "f(x) = 3x^2 + 4x: f'(x) = 6x + 4; at x = 2, f = 20 and f' = 16."
BOOST_AUTO_TEST_CASE(seed_quadratic)
{
    tp::tape<> t;
    auto x = t.variable(2.0);
    auto f = 3 * x * x + 4 * x;
    f.backward();
    BOOST_TEST(f.data() == 20.0);
    BOOST_TEST(x.grad() == 16.0);
    for (double x0 : {-1.5, 0.0, 3.25}) {
        t.clear();
        auto y = t.variable(x0);
        auto g = 3 * y * y + 4 * y;
        g.backward();
        BOOST_TEST(y.grad() == 6 * x0 + 4);
    }
}

// "f(a, b) = a + b: df/da = 1, df/db = 1." and "f(a, b) = a * b: df/da = b, df/db = a."
BOOST_AUTO_TEST_CASE(seed_sum_and_product)
{
    tp::tape<> t;
    auto a = t.variable(3.0);
    auto b = t.variable(-5.0);
    auto s = a + b;
    s.backward();
    BOOST_TEST(a.grad() == 1.0);
    BOOST_TEST(b.grad() == 1.0);
    t.zero_grad();
    auto p = a * b;
    p.backward();
    BOOST_TEST(a.grad() == -5.0);
    BOOST_TEST(b.grad() == 3.0);
}

// "a = w1*x1, b = w2*x2, y = a + b: dy/da = dy/db = 1, dy/dw1 = x1, dy/dw2 = x2,
//  dy/dx1 = w1, dy/dx2 = w2."
BOOST_AUTO_TEST_CASE(seed_chain_rule)
{
    tp::tape<> t;
    auto w1 = t.variable(0.5), x1 = t.variable(3.0), w2 = t.variable(-2.0), x2 = t.variable(7.0);
    auto a = w1 * x1;
    auto b = w2 * x2;
    auto y = a + b;
    y.backward();
    BOOST_TEST(y.data() == 0.5 * 3.0 + -2.0 * 7.0);
    BOOST_TEST(a.grad() == 1.0);
    BOOST_TEST(b.grad() == 1.0);
    BOOST_TEST(w1.grad() == 3.0);
    BOOST_TEST(w2.grad() == 7.0);
    BOOST_TEST(x1.grad() == 0.5);
    BOOST_TEST(x2.grad() == -2.0);
}

// "x = -4; z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x:
//  z = -10, q = 40, h = 100, y = -20, dy/dx = 46 (both exact in double)."
BOOST_AUTO_TEST_CASE(shared_expression)
{
    tp::tape<> t;
    auto x = t.variable(-4.0);
    auto z = 2 * x + 2 + x;
    auto q = relu(z) + z * x;
    auto h = relu(z * z);
    auto y = h + q + q * x;
    y.backward();
    BOOST_TEST(z.data() == -10.0);
    BOOST_TEST(q.data() == 40.0);
    BOOST_TEST(h.data() == 100.0);
    BOOST_TEST(y.data() == -20.0);
    BOOST_TEST(x.grad() == 46.0);
}

// The deep shared expression with a = -4, b = 2. Oracle: c1 = -2, c2 = -3, c3 = -1, d1 = 0,
// d2 = 0, d3 = 6, e = -7, f = 49; g = 2421/98 = 24.704081632653061,
// dg/da = 47620/343 = 138.83381924198250, dg/db = 221433/343 = 645.57725947521863,
// dg/df = 2381/4802 = 0.49583506872137, dg/de = -2381/343 = -6.9416909620991.
BOOST_AUTO_TEST_CASE(deep_shared_expression)
{
    tp::tape<> t;
    auto a = t.variable(-4.0);
    auto b = t.variable(2.0);
    auto c1 = a + b;
    auto c2 = c1 + (c1 + 1);
    auto c3 = c2 + (1 + c2 + (-a));
    auto d1 = a * b + pow(b, 3);
    auto d2 = d1 + (d1 * 2 + relu(b + a));
    auto d3 = d2 + (3 * d2 + relu(b - a));
    auto e = c3 - d3;
    auto f = square(e);
    auto g1 = f / 2;
    auto g = g1 + 10 / f;
    g.backward();
    BOOST_TEST(c1.data() == -2.0);
    BOOST_TEST(c2.data() == -3.0);
    BOOST_TEST(c3.data() == -1.0);
    BOOST_TEST(d1.data() == 0.0);
    BOOST_TEST(d2.data() == 0.0);
    BOOST_TEST(d3.data() == 6.0);
    BOOST_TEST(e.data() == -7.0);
    BOOST_TEST(f.data() == 49.0);
    BOOST_TEST(close(g.data(), 2421.0 / 98.0, 1e-15));
    BOOST_TEST(close(g.data(), 24.704081632653061, 1e-15));
    BOOST_TEST(close(a.grad(), 47620.0 / 343.0, 1e-14));
    BOOST_TEST(close(a.grad(), 138.83381924198250, 1e-14));
    BOOST_TEST(close(b.grad(), 221433.0 / 343.0, 1e-14));
    BOOST_TEST(close(b.grad(), 645.57725947521863, 1e-14));
    BOOST_TEST(close(f.grad(), 2381.0 / 4802.0, 1e-15));
    BOOST_TEST(close(f.grad(), 0.49583506872137, 1e-13));
    BOOST_TEST(close(e.grad(), -2381.0 / 343.0, 1e-14));
    BOOST_TEST(close(e.grad(), -6.9416909620991, 1e-13));

    // The same with e^2 spelled pow(e, 2), pow(e, 2.0) with e on the tape, and e * e.
    for (int spelling = 0; spelling < 3; ++spelling) {
        t.clear();
        auto a2 = t.variable(-4.0);
        auto b2 = t.variable(2.0);
        auto k1 = a2 + b2;
        auto k2 = k1 + (k1 + 1);
        auto k3 = k2 + (1 + k2 + (-a2));
        auto m1 = a2 * b2 + b2 * b2 * b2;
        auto m2 = m1 + (m1 * 2 + relu(b2 + a2));
        auto m3 = m2 + (3 * m2 + relu(b2 - a2));
        auto e2 = k3 - m3;
        auto f2 = spelling == 0 ? pow(e2, 2) : spelling == 1 ? pow(e2, t.variable(2.0)) : e2 * e2;
        auto g2 = f2 / 2 + 10 / f2;
        g2.backward();
        BOOST_TEST(e2.data() == -7.0);
        BOOST_TEST(close(g2.data(), 2421.0 / 98.0, 1e-15));
        BOOST_TEST(close(a2.grad(), 47620.0 / 343.0, 1e-14));
        BOOST_TEST(close(b2.grad(), 221433.0 / 343.0, 1e-14));
    }
}

// "x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432, o = tanh(x1*w1 + x2*w2 + b):
//  n = 0.88137358701954316, o = 0.70710678118654768, do/dx1 = -1.5, do/dw1 = 1.0,
//  do/dx2 = 0.5, do/dw2 = 0.0, do/db = 0.5 (compare with a tolerance of ~1e-12)."
BOOST_AUTO_TEST_CASE(tanh_neuron)
{
    tp::tape<> t;
    auto x1 = t.variable(2.0), x2 = t.variable(0.0);
    auto w1 = t.variable(-3.0), w2 = t.variable(1.0);
    auto b = t.variable(6.8813735870195432);
    auto n = x1 * w1 + x2 * w2 + b;
    auto o = tanh(n);
    o.backward();
    BOOST_TEST(close(n.data(), 0.88137358701954316, 1e-15));
    BOOST_TEST(close(o.data(), 0.70710678118654768, 1e-15));
    BOOST_TEST(close(x1.grad(), -1.5, 1e-12));
    BOOST_TEST(close(w1.grad(), 1.0, 1e-12));
    BOOST_TEST(close(x2.grad(), 0.5, 1e-12));
    BOOST_TEST(close(w2.grad(), 0.0, 1e-12));
    BOOST_TEST(close(b.grad(), 0.5, 1e-12));
}

// The same neuron through tape::neuron (parameters w1, w2, b) and a one-output layer.
BOOST_AUTO_TEST_CASE(tanh_neuron_classes)
{
    const std::vector<double> params{-3.0, 1.0, 6.8813735870195432};
    tp::neuron<> unit(2, tp::activation::tanh);
    unit.load_parameters(params);
    tp::tape<> t;
    std::vector<tp::value<>> x{t.variable(2.0), t.variable(0.0)};
    auto o = unit(t, x);
    o.backward();
    BOOST_TEST(close(o.data(), 0.70710678118654768, 1e-15));
    const std::vector<double> g = unit.gradient();
    BOOST_TEST(close(g[0], 1.0, 1e-12));   // do/dw1
    BOOST_TEST(close(g[1], 0.0, 1e-12));   // do/dw2
    BOOST_TEST(close(g[2], 0.5, 1e-12));   // do/db
    BOOST_TEST(close(x[0].grad(), -1.5, 1e-12));
    BOOST_TEST(close(x[1].grad(), 0.5, 1e-12));

    tp::layer<> single(2, 1, tp::activation::tanh);
    single.load_parameters(params);
    t.clear();
    auto y = single(t, std::vector{2.0, 0.0});
    y[0].backward();
    BOOST_TEST(close(y[0].data(), 0.70710678118654768, 1e-15));
    const std::vector<double> gl = single.gradient();
    BOOST_TEST(close(gl[0], 1.0, 1e-12));
    BOOST_TEST(close(gl[1], 0.0, 1e-12));
    BOOST_TEST(close(gl[2], 0.5, 1e-12));
}

// torch_layers.json, O7b_prelu_0.25 (PyTorch 1.13, float64): PReLU with slope 0.25 at
// z = -2, -0.5, 0, 0.5, 3; dy/dz is the slope at 0 (the left side). The tape's slope is a
// number, not a node, so d/dslope is the compile-time engine's (tests/scalar/oracle_test.cpp).
BOOST_AUTO_TEST_CASE(prelu_slope_at_zero)
{
    const double z[] = {-2.0, -0.5, 0.0, 0.5, 3.0};
    const double y[] = {-0.5, -0.125, 0.0, 0.5, 3.0};
    const double dy_dz[] = {0.25, 0.25, 0.25, 1.0, 1.0};
    for (int k = 0; k < 5; ++k) {
        tp::tape<> t;
        auto a = t.variable(z[k]);
        auto r = leaky_relu(a, 0.25);
        r.backward();
        BOOST_TEST(r.data() == y[k]);
        BOOST_TEST(a.grad() == dy_dz[k]);
    }
}

// The seed's quadratic in float: exact in float too.
BOOST_AUTO_TEST_CASE(seed_quadratic_float)
{
    tp::tape<float> t;
    auto x = t.variable(2.0f);
    auto f = 3 * x * x + 4 * x;
    f.backward();
    BOOST_TEST(f.data() == 20.0f);
    BOOST_TEST(x.grad() == 16.0f);
}

BOOST_AUTO_TEST_SUITE_END()
