// Long graphs: a 10^6-node chain back-propagates without recursion; clear() reuses storage;
// backward() only touches what the output depends on and accumulates like PyTorch.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include <support/counting_new.hpp>
#include "tape_test_support.hpp"

using namespace tape_test;

namespace {

constexpr std::size_t chain_length = 1'000'000;

// y = x + x + ... + x, one binary node per term: y = n x and dy/dx = n, exact in double.
// x fans out into every node, so its gradient is 10^6 accumulated contributions.
double sum_chain(tp::tape<>& t, double x0, double& grad)
{
    auto x = t.variable(x0);
    auto y = x;
    for (std::size_t k = 1; k < chain_length; ++k) {
        y = y + x;
    }
    y.backward();
    grad = x.grad();
    return y.data();
}

} // namespace

BOOST_AUTO_TEST_SUITE(chain)

BOOST_AUTO_TEST_CASE(million_node_sum_chain)
{
    tp::tape<> t;
    double grad = 0;
    const double y = sum_chain(t, 0.5, grad);
    BOOST_TEST(t.size() == chain_length);
    BOOST_TEST(y == 0.5 * chain_length);
    BOOST_TEST(grad == static_cast<double>(chain_length));
}

// A 10^6-deep composition: every node has exactly one parent, so an implementation that
// recursed over parents would need 10^6 stack frames. y = x * q^n with q = e^(1/n):
// y = x e (up to rounding), dy/dx = q^n.
BOOST_AUTO_TEST_CASE(million_node_deep_composition)
{
    tp::tape<> t;
    const double n = static_cast<double>(chain_length - 1);
    const double q = std::exp(1.0 / n);
    auto x = t.variable(2.0);
    auto y = x;
    for (std::size_t k = 1; k < chain_length; ++k) {
        y = y * q;
    }
    y.backward();
    BOOST_TEST(t.size() == chain_length);
    // Each of the 10^6 products rounds once (relative 1.1e-16): at most ~1.1e-10 in total.
    BOOST_TEST(close(y.data(), 2.0 * std::pow(q, n), 2e-10));
    BOOST_TEST(close(y.data(), 2.0 * std::exp(1.0), 2e-10));
    BOOST_TEST(close(x.grad(), std::pow(q, n), 2e-10));

    // The same depth through a nonlinear function: y_k = sin(y_{k-1}) from y_0 = x, whose
    // derivative is the product of cos(y_{k-1}); checked against that product computed
    // independently with doubles.
    t.clear();
    auto s0 = t.variable(1.0);
    auto s = s0;
    double v = 1.0;
    double product = 1.0;
    for (std::size_t k = 1; k < chain_length; ++k) {
        product *= std::cos(v);
        v = std::sin(v);
        s = sin(s);
    }
    s.backward();
    BOOST_TEST(s.data() == v);
    // The product is ~1e-9 (sin^k(1) ~ sqrt(3/k)): compare relatively. The tape multiplies
    // the partials in the opposite order, so the roundings differ: <= 10^6 * 1.1e-16.
    BOOST_TEST(product > 0.0);
    BOOST_TEST(std::fabs(s0.grad() - product) <= 2e-10 * product);
}

// After clear(), a second identical build + backward neither reallocates nor allocates.
BOOST_AUTO_TEST_CASE(clear_reuses_storage)
{
    tp::tape<> t;
    double grad = 0;
    sum_chain(t, 0.5, grad);
    const std::size_t capacity = t.capacity();
    BOOST_TEST(capacity >= chain_length);

    t.clear();
    BOOST_TEST(t.size() == 0u);
    BOOST_TEST(t.capacity() == capacity);

    const std::size_t before = test_support::allocation_count();
    const double y = sum_chain(t, 0.25, grad);
    const std::size_t allocations = test_support::allocation_count() - before;
    BOOST_TEST(allocations == 0u);
    BOOST_TEST(t.capacity() == capacity);
    BOOST_TEST(y == 0.25 * chain_length);
    BOOST_TEST(grad == static_cast<double>(chain_length));

    // shrink_to_fit() gives the memory back.
    t.clear();
    t.shrink_to_fit();
    BOOST_TEST(t.capacity() == 0u);
}

// reserve() up front: not even the first build allocates node storage after it.
BOOST_AUTO_TEST_CASE(reserve_avoids_growth)
{
    tp::tape<> t(chain_length);
    const std::size_t before = test_support::allocation_count();
    double grad = 0;
    sum_chain(t, 1.0, grad);
    BOOST_TEST(test_support::allocation_count() - before == 0u);
    BOOST_TEST(grad == static_cast<double>(chain_length));
}

// Only nodes the output depends on are visited: a dead branch whose partial is infinite
// (sqrt'(0)) must not turn the live gradient into NaN (0 * inf), and keeps grad 0.
BOOST_AUTO_TEST_CASE(backward_skips_unreachable_nodes)
{
    tp::tape<> t;
    auto x = t.variable(0.0);
    auto dead = sqrt(x);           // partial 0.5 / 0 = inf
    auto dead2 = dead * 3;
    auto y = x * 2 + 1;            // recorded after the dead branch
    y.backward();
    BOOST_TEST(x.grad() == 2.0);
    BOOST_TEST(dead.grad() == 0.0);
    BOOST_TEST(dead2.grad() == 0.0);

    // A value recorded after the output is not touched either.
    auto later = y * 5;
    t.zero_grad();
    y.backward();
    BOOST_TEST(later.grad() == 0.0);
    BOOST_TEST(y.grad() == 1.0);
}

// Gradients accumulate over backward() calls (PyTorch semantics) and zero_grad() resets them;
// a second backward() adds exactly the same amount again (intermediate nodes' earlier
// gradients are not re-propagated).
BOOST_AUTO_TEST_CASE(backward_accumulates)
{
    tp::tape<> t;
    auto x = t.variable(3.0);
    auto h = x * x;         // 9, dh/dx = 6
    auto y = h * x;         // 27, dy/dx = 27
    y.backward();
    BOOST_TEST(x.grad() == 27.0);
    BOOST_TEST(h.grad() == 3.0);
    y.backward();
    BOOST_TEST(x.grad() == 54.0);
    BOOST_TEST(h.grad() == 6.0);
    h.backward();           // adds dh/dx = 6
    BOOST_TEST(x.grad() == 60.0);
    t.zero_grad();
    BOOST_TEST(x.grad() == 0.0);
    BOOST_TEST(y.grad() == 0.0);
    BOOST_TEST(y.data() == 27.0);  // values survive zero_grad
    y.backward();
    BOOST_TEST(x.grad() == 27.0);
}

// A leaf's backward() is defined: d(x)/d(x) = 1.
BOOST_AUTO_TEST_CASE(backward_on_a_leaf)
{
    tp::tape<> t;
    auto x = t.variable(-1.0);
    x.backward();
    BOOST_TEST(x.grad() == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
