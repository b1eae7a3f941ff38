// Two tapes on two threads compute at the same time and do not interact.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <thread>
#include <vector>

#include "tape_test_support.hpp"

using namespace tape_test;

namespace {

struct result {
    double y = 0;
    double da = 0;
    double db = 0;
    bool all_equal = true;
};

// The oracle's deep shared expression at (a, b), evaluated `rounds` times on one tape
// (cleared between rounds), so both threads are recording while the other one is.
result deep_expression(double a0, double b0, int rounds)
{
    tp::tape<> t;
    result first;
    for (int r = 0; r < rounds; ++r) {
        t.clear();
        auto a = t.variable(a0);
        auto b = t.variable(b0);
        auto c1 = a + b;
        auto c2 = c1 + (c1 + 1);
        auto c3 = c2 + (1 + c2 + (-a));
        auto d1 = a * b + pow(b, 3);
        auto d2 = d1 + (d1 * 2 + relu(b + a));
        auto d3 = d2 + (3 * d2 + relu(b - a));
        auto e = c3 - d3;
        auto f = square(e);
        auto g = f / 2 + 10 / f;
        g.backward();
        const result now{g.data(), a.grad(), b.grad(), true};
        if (r == 0) {
            first = now;
        } else if (now.y != first.y || now.da != first.da || now.db != first.db) {
            first.all_equal = false;
        }
    }
    return first;
}

} // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(two_tapes_two_threads)
{
    constexpr int rounds = 20000;
    result r1, r2;
    std::thread t1([&] { r1 = deep_expression(-4.0, 2.0, rounds); });
    std::thread t2([&] { r2 = deep_expression(3.0, -1.0, rounds); });
    t1.join();
    t2.join();
    // Thread 1: the oracle point, g = 2421/98, dg/da = 47620/343, dg/db = 221433/343.
    BOOST_TEST(r1.all_equal);
    BOOST_TEST(close(r1.y, 2421.0 / 98.0, 1e-15));
    BOOST_TEST(close(r1.da, 47620.0 / 343.0, 1e-14));
    BOOST_TEST(close(r1.db, 221433.0 / 343.0, 1e-14));
    // Thread 2, a = 3, b = -1, by hand: c3 = 4 c1 + 3 - a = 3a + 4b + 3 = 8;
    // d1 = ab + b^3 = -4, d2 = 3 d1 + relu(a + b) = -10, d3 = 4 d2 + relu(b - a) = -40;
    // e = 48, f = 2304, g = f/2 + 10/f; dg/de = (1/2 - 10/f^2) * 2e.
    BOOST_TEST(r2.all_equal);
    const double f = 2304.0;
    BOOST_TEST(close(r2.y, 1152.0 + 10.0 / f, 1e-15));
    const double dg_de = (0.5 - 10.0 / (f * f)) * 2 * 48.0;
    // de/da = dc3/da - dd3/da = 3 - 4 (3b + 1) = 11 (relu(b - a) is off, relu(a + b) on);
    // de/db = 4 - 4 (3 (a + 3b^2) + 1) = 4 - 76 = -72.
    BOOST_TEST(close(r2.da, dg_de * (3 - (-8)), 1e-13));
    BOOST_TEST(close(r2.db, dg_de * (4 - 76), 1e-13));
}

// Many threads, each with its own mlp and tape: every thread gets the single-threaded answer.
BOOST_AUTO_TEST_CASE(mlp_per_thread)
{
    auto run = [](std::vector<double>& gradient) {
        tp::mlp<> net(3, {8, 8, 1}, tp::activation::tanh);
        numbers rng(7);
        for (double& p : net.parameters()) {
            p = rng.uniform(-1, 1);
        }
        tp::tape<> t;
        for (int step = 0; step < 500; ++step) {
            t.clear();
            auto out = net(t, std::vector{0.1, -0.2, 0.3});
            square(out[0] - 1.0).backward();
            gradient = net.gradient();
        }
    };
    std::vector<double> reference;
    run(reference);
    constexpr std::size_t thread_count = 4;
    std::vector<std::vector<double>> gradients(thread_count);
    std::vector<std::thread> workers;
    for (std::size_t k = 0; k < thread_count; ++k) {
        workers.emplace_back([&, k] { run(gradients[k]); });
    }
    for (std::thread& w : workers) {
        w.join();
    }
    for (const std::vector<double>& g : gradients) {
        BOOST_TEST(g == reference, boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_SUITE_END()
