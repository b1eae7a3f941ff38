// Exhaustive checks of kernels::exp, log, tanh and sigmoid (label slow): all 2^32 floats and
// 10^8 doubles (plus the edges) per function, pack and scalar path, against the reference of
// activation_check.hpp. Results equal to glibc's bit for bit are accepted without computing
// the reference (glibc's exp, log, tanh are within 2 ulp); two threads.
#define BOOST_TEST_MODULE constgrad_kernels_slow
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

#include "activation_check.hpp"
#include "report.hpp"
#include "samples.hpp"

namespace {

using namespace kernels_test;

constexpr unsigned thread_count = 2;


void all_floats(function f) {
    std::vector<stats<float>> per_thread(thread_count);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < thread_count; ++t) {
        threads.emplace_back([f, t, &per_thread] {
            constexpr std::uint64_t total = std::uint64_t{1} << 32;
            const std::uint64_t begin = total / thread_count * t;
            const std::uint64_t end = total / thread_count * (t + 1);
            std::vector<float> x(1 << 14);
            for (std::uint64_t b = begin; b < end; b += x.size()) {
                for (std::size_t i = 0; i < x.size(); ++i)
                    x[i] = std::bit_cast<float>(static_cast<std::uint32_t>(b + i));
                check_block(f, x.data(), x.size(), per_thread[t], true);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    stats<float> s;
    for (const auto& p : per_thread) s.merge(p);
    BOOST_TEST(s.checked == std::uint64_t{1} << 32);
    report(f, "all floats", s, " of those that differ from glibc");
}

void many_doubles(function f) {
    std::vector<stats<double>> per_thread(thread_count);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < thread_count; ++t) {
        threads.emplace_back([f, t, &per_thread] {
            constexpr std::size_t block = 1 << 16;
            constexpr std::size_t blocks = 100'000'000 / block / thread_count + 1;
            for (std::size_t i = 0; i < blocks; ++i) {
                const std::vector<double> x =
                    double_samples(f, block, 0x5eed0000ULL * (t + 1) + i * 4 + int(f));
                check_block(f, x.data(), x.size(), per_thread[t], true);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    stats<double> s;
    for (const auto& p : per_thread) s.merge(p);
    const std::vector<double> edges = edge_points<double>(f);
    check_block(f, edges.data(), edges.size(), s, false);
    report(f, "10^8 doubles and the edges", s, " of those that differ from glibc");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(activations_exhaustive)

BOOST_AUTO_TEST_CASE(exp_float) { all_floats(function::exp); }
BOOST_AUTO_TEST_CASE(log_float) { all_floats(function::log); }
BOOST_AUTO_TEST_CASE(tanh_float) { all_floats(function::tanh); }
BOOST_AUTO_TEST_CASE(sigmoid_float) { all_floats(function::sigmoid); }
BOOST_AUTO_TEST_CASE(exp_double) { many_doubles(function::exp); }
BOOST_AUTO_TEST_CASE(log_double) { many_doubles(function::log); }
BOOST_AUTO_TEST_CASE(tanh_double) { many_doubles(function::tanh); }
BOOST_AUTO_TEST_CASE(sigmoid_double) { many_doubles(function::sigmoid); }

BOOST_AUTO_TEST_SUITE_END()
