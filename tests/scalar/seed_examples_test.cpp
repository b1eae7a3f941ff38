// The seed text's examples, as the compiler checks them: derivatives and gradients.
#include <boost/test/unit_test.hpp>

#include <type_traits>

#include <constgrad/constgrad.hpp>

namespace cg = constgrad;

namespace {

constexpr cg::variable<"x"> x;
constexpr cg::variable<"a"> a;
constexpr cg::variable<"b"> b;
constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;

// f(x) = 2x + 7 has f'(x) = 2 everywhere: the derivative folds to the number 2.
constexpr auto linear = 2 * x + 7;
static_assert(cg::to_string(cg::derivative(linear, x)) == "2");
static_assert(cg::evaluate(cg::derivative(linear, x), x = -3.0) == 2.0);
static_assert(cg::evaluate(cg::derivative(linear, x), x = 1e6) == 2.0);
static_assert(cg::gradient(linear, x = 5.0)[x] == 2.0);

// f(x) = 3x^2 + 4x: f'(x) = 6x + 4, f(2) = 20 and f'(2) = 16.
constexpr auto quadratic = 3 * x * x + 4 * x;
static_assert(cg::evaluate(quadratic, x = 2.0) == 20.0);
static_assert(cg::evaluate(cg::derivative(quadratic, x), x = 2.0) == 16.0);
static_assert(cg::gradient(quadratic, x = 2.0)[x] == 16.0);
static_assert(cg::gradient(quadratic, x = 2.0).value() == 20.0);
static_assert(cg::gradient_check(quadratic, x = 2.0));
static_assert(cg::evaluate(cg::derivative(quadratic, x), x = -1.5) == 6 * -1.5 + 4);

// f(a, b) = a + b: both gradients are 1.
static_assert(cg::gradient(a + b, a = 3.0, b = -7.0)[a] == 1.0);
static_assert(cg::gradient(a + b, a = 3.0, b = -7.0)[b] == 1.0);
static_assert(std::is_same_v<decltype(cg::derivative(a + b, a)), cg::one>);

// f(a, b) = a * b: df/da = b, df/db = a.
static_assert(cg::gradient(a * b, a = 3.0, b = -7.0)[a] == -7.0);
static_assert(cg::gradient(a * b, a = 3.0, b = -7.0)[b] == 3.0);
static_assert(cg::to_string(cg::derivative(a * b, a)) == "b");
static_assert(cg::to_string(cg::derivative(a * b, b)) == "a");

// The chain rule: a = w1 x1, b = w2 x2, y = a + b; dy/dw1 = x1, dy/dw2 = x2, dy/dx1 = w1.
constexpr auto chain = w1 * x1 + w2 * x2;
constexpr auto chain_gradient = cg::gradient(chain, w1 = 0.5, x1 = 3.0, w2 = -2.0, x2 = 4.0);
static_assert(chain_gradient[w1] == 3.0);
static_assert(chain_gradient[w2] == 4.0);
static_assert(chain_gradient[x1] == 0.5);
static_assert(chain_gradient[x2] == -2.0);
static_assert(chain_gradient.value() == 0.5 * 3.0 + -2.0 * 4.0);
static_assert(cg::to_string(cg::derivative(chain, w1)) == "x1");

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_examples)

BOOST_AUTO_TEST_CASE(same_values_at_run_time) {
    volatile double at = 2.0;  // keeps the compiler from folding: this runs
    BOOST_TEST(cg::evaluate(quadratic, x = at) == 20.0);
    BOOST_TEST(cg::gradient(quadratic, x = at)[x] == 16.0);
    BOOST_TEST(cg::evaluate(cg::derivative(linear, x), x = at) == 2.0);
    const auto g = cg::gradient(chain, w1 = at, x1 = 3.0, w2 = -2.0, x2 = 4.0);
    BOOST_TEST(g[w1] == 3.0);
    BOOST_TEST(g[x1] == 2.0);
    BOOST_TEST(g[w2] == 4.0);
    BOOST_TEST(g[x2] == -2.0);
}

BOOST_AUTO_TEST_CASE(float_bindings_compute_in_float) {
    const auto g = cg::gradient(quadratic, x = 2.0f);
    static_assert(std::is_same_v<decltype(g.value()), float>);
    BOOST_TEST(g[x] == 16.0f);
    BOOST_TEST(cg::evaluate(quadratic, x = 2) == 20.0);  // integers promote to double
}

BOOST_AUTO_TEST_SUITE_END()
