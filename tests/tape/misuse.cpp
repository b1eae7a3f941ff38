// Misuse at run time: stale handles, values of two tapes, empty handles -> clear exceptions.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "tape_test_support.hpp"

using namespace tape_test;

namespace {

// True if `what` contains `part` (the messages must name the problem).
bool mentions(const std::exception& e, const std::string& part)
{
    return std::string(e.what()).find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(misuse)

BOOST_AUTO_TEST_CASE(exception_types)
{
    static_assert(std::is_base_of_v<std::logic_error, tp::stale_value_error>);
    static_assert(std::is_base_of_v<std::logic_error, tp::foreign_value_error>);
    // Catchable as std::logic_error too.
    tp::tape<> t;
    auto x = t.variable(1.0);
    t.clear();
    BOOST_CHECK_THROW((void)x.data(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(backward_after_clear)
{
    tp::tape<> t;
    auto x = t.variable(2.0);
    auto y = x * x;
    t.clear();
    BOOST_CHECK_EXCEPTION(y.backward(), tp::stale_value_error,
                          [](const auto& e) { return mentions(e, "stale") && mentions(e, "clear"); });
    BOOST_CHECK_THROW(t.backward(y), tp::stale_value_error);
    // The tape is still usable, and a new value at the same index is fine.
    auto z = t.variable(5.0);
    BOOST_TEST(z.index() == x.index());
    z.backward();
    BOOST_TEST(z.grad() == 1.0);
    BOOST_CHECK_THROW((void)x.grad(), tp::stale_value_error);
    BOOST_TEST(!x.is_current());
    BOOST_TEST(z.is_current());
}

BOOST_AUTO_TEST_CASE(reading_a_stale_handle)
{
    tp::tape<> t;
    auto x = t.variable(2.0);
    auto y = exp(x);
    y.backward();
    BOOST_TEST(x.grad() == y.data());
    t.clear();
    BOOST_CHECK_EXCEPTION((void)x.grad(), tp::stale_value_error,
                          [](const auto& e) { return mentions(e, "generation 1") && mentions(e, "generation 2"); });
    BOOST_CHECK_THROW((void)y.data(), tp::stale_value_error);
    BOOST_CHECK_THROW((void)y.owner(), tp::stale_value_error);
    // Operations on a stale handle are refused too (they would read another computation).
    BOOST_CHECK_THROW(x + 1.0, tp::stale_value_error);
    BOOST_CHECK_THROW(tanh(x), tp::stale_value_error);
    auto fresh = t.variable(1.0);
    BOOST_CHECK_THROW(fresh * x, tp::stale_value_error);
    BOOST_CHECK_THROW(x * fresh, tp::stale_value_error);
    BOOST_CHECK_THROW(t.record(0.0, x, 1.0), tp::stale_value_error);
    BOOST_TEST(t.size() == 1u);  // nothing was recorded by the refused operations
}

BOOST_AUTO_TEST_CASE(values_of_two_tapes)
{
    tp::tape<> t1;
    tp::tape<> t2;
    auto a = t1.variable(1.0);
    auto b = t2.variable(2.0);
    BOOST_CHECK_EXCEPTION(a + b, tp::foreign_value_error,
                          [](const auto& e) { return mentions(e, "another tape"); });
    BOOST_CHECK_THROW(b * a, tp::foreign_value_error);
    BOOST_CHECK_THROW(pow(a, b), tp::foreign_value_error);
    BOOST_CHECK_THROW(t2.backward(a), tp::foreign_value_error);
    BOOST_CHECK_THROW(t1.record(3.0, a, 1.0, b, 1.0), tp::foreign_value_error);
    BOOST_TEST(t1.size() == 1u);
    BOOST_TEST(t2.size() == 1u);
    // Each tape on its own is unaffected.
    auto c = a * 3;
    c.backward();
    BOOST_TEST(a.grad() == 3.0);
    BOOST_TEST(b.grad() == 0.0);
}

BOOST_AUTO_TEST_CASE(empty_handle)
{
    tp::value<> v;
    BOOST_TEST(!v.is_current());
    BOOST_CHECK_EXCEPTION((void)v.data(), tp::stale_value_error,
                          [](const auto& e) { return mentions(e, "empty"); });
    BOOST_CHECK_THROW(v.backward(), tp::stale_value_error);
    BOOST_CHECK_THROW(v + 1.0, tp::stale_value_error);
    tp::tape<> t;
    auto x = t.variable(1.0);
    BOOST_CHECK_THROW(x + v, tp::stale_value_error);
    BOOST_CHECK_THROW(t.backward(v), tp::stale_value_error);
}

// The networks report wrong sizes and reading gradients after clear().
BOOST_AUTO_TEST_CASE(network_misuse)
{
    BOOST_CHECK_THROW(tp::layer<>(0, 3), std::invalid_argument);
    BOOST_CHECK_THROW(tp::mlp<>(2, std::vector<std::size_t>{}), std::invalid_argument);
    BOOST_CHECK_THROW((tp::mlp<>{tp::layer<>(2, 3), tp::layer<>(4, 1)}), std::invalid_argument);

    tp::mlp<> net(2, {3, 1});
    BOOST_CHECK_THROW(net.load_parameters(std::vector<double>(5)), std::invalid_argument);
    BOOST_CHECK_EXCEPTION((void)net.gradient(), tp::stale_value_error,
                          [](const auto& e) { return mentions(e, "no forward pass"); });
    tp::tape<> t;
    BOOST_CHECK_THROW(net(t, std::vector{1.0, 2.0, 3.0}), std::invalid_argument);
    auto out = net(t, std::vector{1.0, 2.0});
    out[0].backward();
    std::vector<double> wrong(3);
    BOOST_CHECK_THROW(net.gradient(wrong), std::invalid_argument);
    BOOST_TEST(net.gradient().size() == net.parameter_count());
    t.clear();
    BOOST_CHECK_THROW((void)net.gradient(), tp::stale_value_error);
}

BOOST_AUTO_TEST_SUITE_END()
