// Each tape operation: values equal the std:: formula, gradients equal the calculus rule and
// central finite differences; constants on either side; the conventions at kinks.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <constgrad/math/sigmoid.hpp>

#include "tape_test_support.hpp"

using namespace tape_test;

namespace {

struct unary_case {
    std::string name;
    std::function<tp::value<>(const tp::value<>&)> on_tape;
    std::function<double(double)> f;        // the value, written with std::
    std::function<double(double)> df;       // the derivative, by hand
    std::vector<double> points;             // inside the domain, away from kinks
};

std::vector<unary_case> unary_cases()
{
    using V = tp::value<>;
    const std::vector<double> anywhere{-2.5, -1.0, -0.3, 0.2, 0.7, 1.9, 3.0};
    const std::vector<double> positive{0.05, 0.3, 1.0, 2.5, 10.0};
    return {
        {"exp", [](const V& a) { return exp(a); }, [](double x) { return std::exp(x); },
         [](double x) { return std::exp(x); }, anywhere},
        {"log", [](const V& a) { return log(a); }, [](double x) { return std::log(x); },
         [](double x) { return 1 / x; }, positive},
        {"sqrt", [](const V& a) { return sqrt(a); }, [](double x) { return std::sqrt(x); },
         [](double x) { return 0.5 / std::sqrt(x); }, positive},
        {"abs", [](const V& a) { return abs(a); }, [](double x) { return std::fabs(x); },
         [](double x) { return x > 0 ? 1.0 : -1.0; }, anywhere},
        {"sin", [](const V& a) { return sin(a); }, [](double x) { return std::sin(x); },
         [](double x) { return std::cos(x); }, anywhere},
        {"cos", [](const V& a) { return cos(a); }, [](double x) { return std::cos(x); },
         [](double x) { return -std::sin(x); }, anywhere},
        {"tanh", [](const V& a) { return tanh(a); }, [](double x) { return std::tanh(x); },
         [](double x) { return 1 - std::tanh(x) * std::tanh(x); }, anywhere},
        // The engine's sigmoid (1/(1 + e^-x), as e^x/(1 + e^x) below 0); see also below.
        {"sigmoid", [](const V& a) { return sigmoid(a); }, [](double x) { return constgrad::math::sigmoid(x); },
         [](double x) {
             const double s = 1 / (1 + std::exp(-x));
             return s * (1 - s);
         },
         anywhere},
        {"relu", [](const V& a) { return relu(a); }, [](double x) { return x > 0 ? x : 0.0; },
         [](double x) { return x > 0 ? 1.0 : 0.0; }, anywhere},
        {"leaky_relu", [](const V& a) { return leaky_relu(a); }, [](double x) { return x > 0 ? x : 0.01 * x; },
         [](double x) { return x > 0 ? 1.0 : 0.01; }, anywhere},
        {"leaky_relu(0.2)", [](const V& a) { return leaky_relu(a, 0.2); },
         [](double x) { return x > 0 ? x : 0.2 * x; }, [](double x) { return x > 0 ? 1.0 : 0.2; }, anywhere},
        {"square", [](const V& a) { return square(a); }, [](double x) { return x * x; },
         [](double x) { return 2 * x; }, anywhere},
        {"pow(a, 3)", [](const V& a) { return pow(a, 3); }, [](double x) { return std::pow(x, 3.0); },
         [](double x) { return 3 * std::pow(x, 2.0); }, anywhere},
        {"pow(a, 2.5)", [](const V& a) { return pow(a, 2.5); }, [](double x) { return std::pow(x, 2.5); },
         [](double x) { return 2.5 * std::pow(x, 1.5); }, positive},
        {"pow(a, -1.5)", [](const V& a) { return pow(a, -1.5); }, [](double x) { return std::pow(x, -1.5); },
         [](double x) { return -1.5 * std::pow(x, -2.5); }, positive},
        {"pow(3, a)", [](const V& a) { return pow(3, a); }, [](double x) { return std::pow(3.0, x); },
         [](double x) { return std::pow(3.0, x) * std::log(3.0); }, anywhere},
        {"-a", [](const V& a) { return -a; }, [](double x) { return -x; }, [](double) { return -1.0; }, anywhere},
        {"+a", [](const V& a) { return +a; }, [](double x) { return x; }, [](double) { return 1.0; }, anywhere},
        {"a + 1.5", [](const V& a) { return a + 1.5; }, [](double x) { return x + 1.5; },
         [](double) { return 1.0; }, anywhere},
        {"2 + a", [](const V& a) { return 2 + a; }, [](double x) { return 2 + x; }, [](double) { return 1.0; }, anywhere},
        {"a - 4", [](const V& a) { return a - 4; }, [](double x) { return x - 4; }, [](double) { return 1.0; }, anywhere},
        {"4 - a", [](const V& a) { return 4 - a; }, [](double x) { return 4 - x; },
         [](double) { return -1.0; }, anywhere},
        {"a * 3", [](const V& a) { return a * 3; }, [](double x) { return x * 3; }, [](double) { return 3.0; }, anywhere},
        {"0.5f * a", [](const V& a) { return 0.5f * a; }, [](double x) { return 0.5 * x; },
         [](double) { return 0.5; }, anywhere},
        {"a / 4", [](const V& a) { return a / 4; }, [](double x) { return x / 4; }, [](double) { return 0.25; }, anywhere},
        {"10 / a", [](const V& a) { return 10 / a; }, [](double x) { return 10 / x; },
         [](double x) { return -10 / (x * x); }, anywhere},
        {"a * a", [](const V& a) { return a * a; }, [](double x) { return x * x; },
         [](double x) { return 2 * x; }, anywhere},
        {"a / a", [](const V& a) { return a / a; }, [](double) { return 1.0; }, [](double) { return 0.0; }, anywhere},
        {"a - a", [](const V& a) { return a - a; }, [](double) { return 0.0; }, [](double) { return 0.0; }, anywhere},
        {"a += 2, a *= a, a -= 1, a /= 3",
         [](const V& a) {
             V r = a;
             r += 2;
             r *= r;
             r -= 1;
             r /= 3;
             return r;
         },
         [](double x) { return ((x + 2) * (x + 2) - 1) / 3; }, [](double x) { return 2 * (x + 2) / 3; }, anywhere},
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(functions)

BOOST_AUTO_TEST_CASE(unary_values_and_gradients)
{
    int checked = 0;
    for (const unary_case& c : unary_cases()) {
        for (double x0 : c.points) {
            BOOST_TEST_CONTEXT(c.name << " at " << x0)
            {
                tp::tape<> t;
                auto x = t.variable(x0);
                auto y = c.on_tape(x);
                y.backward();
                // Values bit-identical to the std:: formula (that is what the compile-time
                // engine computes at run time); the rules to the last bits (1e-15 covers
                // the rounding of 1 - r*r against 1 - tanh^2 and the like).
                BOOST_TEST(y.data() == c.f(x0));
                BOOST_TEST(close(x.grad(), c.df(x0), 1e-14));
                const double fd = central_difference([&](const std::vector<double>& v) { return c.f(v[0]); }, {x0}, 0);
                BOOST_TEST(close(x.grad(), fd, 1e-6));
                ++checked;
            }
        }
    }
    BOOST_TEST_MESSAGE("unary operations checked at " << checked << " points");
    // sigmoid is the logistic function 1 / (1 + e^-x) up to rounding.
    for (double x0 : {-30.0, -2.5, -0.3, 0.0, 0.7, 4.0}) {
        tp::tape<> t;
        BOOST_TEST(close(sigmoid(t.variable(x0)).data(), 1 / (1 + std::exp(-x0)), 1e-15));
    }
    BOOST_TEST(checked > 150);
}

BOOST_AUTO_TEST_CASE(binary_values_and_gradients)
{
    using V = tp::value<>;
    struct binary_case {
        std::string name;
        std::function<V(const V&, const V&)> on_tape;
        std::function<double(double, double)> f;
        std::function<double(double, double)> da, db;
    };
    const std::vector<binary_case> cases{
        {"a + b", [](const V& a, const V& b) { return a + b; }, [](double a, double b) { return a + b; },
         [](double, double) { return 1.0; }, [](double, double) { return 1.0; }},
        {"a - b", [](const V& a, const V& b) { return a - b; }, [](double a, double b) { return a - b; },
         [](double, double) { return 1.0; }, [](double, double) { return -1.0; }},
        {"a * b", [](const V& a, const V& b) { return a * b; }, [](double a, double b) { return a * b; },
         [](double, double b) { return b; }, [](double a, double) { return a; }},
        {"a / b", [](const V& a, const V& b) { return a / b; }, [](double a, double b) { return a / b; },
         [](double, double b) { return 1 / b; }, [](double a, double b) { return -a / (b * b); }},
        {"pow(a, b)", [](const V& a, const V& b) { return pow(a, b); },
         [](double a, double b) { return std::pow(a, b); },
         [](double a, double b) { return b * std::pow(a, b - 1); },
         [](double a, double b) { return std::pow(a, b) * std::log(a); }},
    };
    const double as[]{0.3, 1.7, 2.5};
    const double bs[]{-1.25, 0.5, 2.0, 3.5};
    for (const binary_case& c : cases) {
        for (double a0 : as) {
            for (double b0 : bs) {
                BOOST_TEST_CONTEXT(c.name << " at " << a0 << ", " << b0)
                {
                    tp::tape<> t;
                    auto a = t.variable(a0);
                    auto b = t.variable(b0);
                    auto y = c.on_tape(a, b);
                    y.backward();
                    BOOST_TEST(y.data() == c.f(a0, b0));
                    BOOST_TEST(close(a.grad(), c.da(a0, b0), 1e-14));
                    BOOST_TEST(close(b.grad(), c.db(a0, b0), 1e-14));
                    auto f = [&](const std::vector<double>& v) { return c.f(v[0], v[1]); };
                    BOOST_TEST(close(a.grad(), central_difference(f, {a0, b0}, 0), 1e-6));
                    BOOST_TEST(close(b.grad(), central_difference(f, {a0, b0}, 1), 1e-6));
                }
            }
        }
    }
}

// relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = slope; relu and leaky_relu pass NaN through.
BOOST_AUTO_TEST_CASE(conventions_at_kinks)
{
    tp::tape<> t;
    auto z = t.variable(0.0);
    auto r = relu(z);
    r.backward();
    BOOST_TEST(r.data() == 0.0);
    BOOST_TEST(z.grad() == 0.0);

    t.clear();
    auto nz = t.variable(-0.0);
    auto rn = relu(nz);
    BOOST_TEST(!std::signbit(rn.data()));  // relu(-0) is +0

    t.clear();
    auto a0 = t.variable(0.0);
    auto ab = abs(a0);
    ab.backward();
    BOOST_TEST(ab.data() == 0.0);
    BOOST_TEST(a0.grad() == 0.0);

    t.clear();
    auto l0 = t.variable(0.0);
    auto lr = leaky_relu(l0, 0.25);
    lr.backward();
    BOOST_TEST(lr.data() == 0.0);
    BOOST_TEST(l0.grad() == 0.25);

    t.clear();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto n = t.variable(nan);
    BOOST_TEST(std::isnan(relu(n).data()));
    BOOST_TEST(std::isnan(leaky_relu(n).data()));
}

// pow's partials where the general formulas give 0 * inf: d(a^0)/da = 0 at a = 0 (a^0 is
// constant), d(0^b)/db = 0 for b >= 0 (0^b is constant for b > 0); both as in PyTorch.
BOOST_AUTO_TEST_CASE(pow_special_cases)
{
    tp::tape<> t;
    auto a = t.variable(0.0);
    auto b = t.variable(0.0);
    auto y = pow(a, b);
    y.backward();
    BOOST_TEST(y.data() == 1.0);
    BOOST_TEST(a.grad() == 0.0);
    BOOST_TEST(b.grad() == 0.0);

    t.clear();
    auto a2 = t.variable(0.0);
    auto b2 = t.variable(2.0);
    auto y2 = pow(a2, b2);
    y2.backward();
    BOOST_TEST(y2.data() == 0.0);
    BOOST_TEST(a2.grad() == 0.0);  // 2 * 0^1
    BOOST_TEST(b2.grad() == 0.0);  // masked: 0^b is constant near b = 2

    t.clear();
    auto a3 = t.variable(0.0);
    auto y3 = pow(a3, 0);
    y3.backward();
    BOOST_TEST(y3.data() == 1.0);
    BOOST_TEST(a3.grad() == 0.0);

    t.clear();
    auto b4 = t.variable(1.5);
    auto y4 = pow(0.0, b4);
    y4.backward();
    BOOST_TEST(b4.grad() == 0.0);

    // A negative base with an integral exponent works like std::pow; its b-partial is NaN
    // (a^b is not real-differentiable in b there), as ln(a) is.
    t.clear();
    auto a5 = t.variable(-2.0);
    auto b5 = t.variable(3.0);
    auto y5 = pow(a5, b5);
    y5.backward();
    BOOST_TEST(y5.data() == -8.0);
    BOOST_TEST(a5.grad() == 12.0);
    BOOST_TEST(std::isnan(b5.grad()));
}

// Every operation in float: computed in float, gradients match the double rules.
BOOST_AUTO_TEST_CASE(float_tape)
{
    tp::tape<float> t;
    auto x = t.variable(0.75f);
    auto y = t.variable(1.5f);
    auto f = exp(x) * log(y) + sqrt(y) / x - abs(-x) + sin(x) * cos(y) + tanh(x * y) + sigmoid(y - x)
             + relu(x) + leaky_relu(-x) + square(y) + pow(y, 1.5) + pow(x, y) + pow(2, x) - 3.0 * x + 1 / y;
    static_assert(std::is_same_v<decltype(f), tp::value<float>>);
    f.backward();
    auto g = [](double xv, double yv) {
        return std::exp(xv) * std::log(yv) + std::sqrt(yv) / xv - xv + std::sin(xv) * std::cos(yv)
               + std::tanh(xv * yv) + 1 / (1 + std::exp(-(yv - xv))) + xv - 0.01 * xv + yv * yv
               + std::pow(yv, 1.5) + std::pow(xv, yv) + std::pow(2.0, xv) - 3 * xv + 1 / yv;
    };
    auto gv = [&](const std::vector<double>& v) { return g(v[0], v[1]); };
    BOOST_TEST(close(f.data(), g(0.75, 1.5), 1e-5));
    BOOST_TEST(close(x.grad(), central_difference(gv, {0.75, 1.5}, 0), 1e-5));
    BOOST_TEST(close(y.grad(), central_difference(gv, {0.75, 1.5}, 1), 1e-5));
}

// activate() dispatches to the functions above.
BOOST_AUTO_TEST_CASE(activate_dispatch)
{
    tp::tape<> t;
    auto z = t.variable(-0.8);
    BOOST_TEST(activate(z, tp::activation::identity).index() == z.index());
    BOOST_TEST(activate(z, tp::activation::relu).data() == relu(z).data());
    BOOST_TEST(activate(z, tp::activation::leaky_relu).data() == leaky_relu(z, 0.01).data());
    BOOST_TEST(activate(z, tp::activation::leaky_relu, 0.3).data() == leaky_relu(z, 0.3).data());
    BOOST_TEST(activate(z, tp::activation::tanh).data() == tanh(z).data());
    BOOST_TEST(activate(z, tp::activation::sigmoid).data() == sigmoid(z).data());
}

BOOST_AUTO_TEST_SUITE_END()
