// The runtime tape's mlp against the compile-time nn::network: same initialisation, same
// flat parameters -> the same outputs and gradients within rounding (the a-priori bounds of
// tests/support/error_bound.hpp: the network's run-time kernels may sum in another order,
// use FMA and polynomial activations).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/init.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parameters.hpp>
#include <constgrad/nn/sample.hpp>

#include "support/error_bound.hpp"
#include "tape_test_support.hpp"

using namespace tape_test;
namespace nn = constgrad::nn;

namespace {

template <class Act>
constexpr tp::activation tape_activation()
{
    if constexpr (std::is_same_v<Act, nn::relu>) {
        return tp::activation::relu;
    } else if constexpr (std::is_same_v<Act, nn::leaky_relu>) {
        return tp::activation::leaky_relu;
    } else if constexpr (std::is_same_v<Act, nn::tanh>) {
        return tp::activation::tanh;
    } else if constexpr (std::is_same_v<Act, nn::sigmoid>) {
        return tp::activation::sigmoid;
    } else {
        static_assert(std::is_same_v<Act, nn::identity>);
        return tp::activation::identity;
    }
}

// The tape mlp with the layers of a compile-time network.
template <class... Ls>
tp::mlp<> tape_twin(nn::network<Ls...>*)
{
    return tp::mlp<>{tp::layer<>(Ls::inputs, Ls::outputs, tape_activation<typename Ls::activation>())...};
}

struct comparison {
    std::size_t outputs = 0;
    std::size_t output_ulps_max = 0;       // largest distance in ulps between the outputs
    std::size_t gradients = 0;
    double gradient_error_max = 0;          // largest |a - b| / (largest |gradient entry|)
    error_bound::comparison output_check;   // |a - b| <= 2E per output (E: error_bound.hpp)
    error_bound::comparison gradient_check; // |a - b| <= 2E per gradient entry
};

// Distance in units in the last place between two finite doubles of the same sign.
std::size_t ulps(double a, double b)
{
    if (a == b) {
        return 0;
    }
    std::size_t n = 0;
    for (double x = std::min(a, b); x < std::max(a, b) && n < 1000; x = std::nextafter(x, HUGE_VAL)) {
        ++n;
    }
    return n;
}

// Initialise both engines from one seed; compare parameters (exactly), outputs (ulps) and
// the gradient of the squared error summed over a batch.
template <class Net, class Init>
comparison compare(std::uint64_t constant_seed, const Init& scheme, std::size_t batch_size)
{
    comparison result;
    // The seed goes through a volatile so that neither initialisation is constant-folded:
    // Clang's default -ffp-contract=on lets the optimiser fold low + (high - low) * u as a
    // fused multiply-add when all of it is known at compile time (1 ulp from the unfused
    // product and sum that run time computes on x86-64 without FMA).
    volatile std::uint64_t opaque_seed = constant_seed;
    const std::uint64_t seed = opaque_seed;
    const auto p = Net::template init<double>(nn::seed{seed}, scheme);
    const auto flat = nn::flatten(p);

    tp::mlp<> net = tape_twin(static_cast<Net*>(nullptr));
    net.init(nn::seed{seed}, scheme);
    BOOST_REQUIRE_EQUAL(net.parameter_count(), flat.size());
    for (std::size_t k = 0; k < flat.size(); ++k) {
        BOOST_TEST(net.parameters()[k] == flat[k]);   // the same draws, bit for bit
    }

    numbers rng(seed + 1);
    std::vector<nn::sample<double, Net::input_size, Net::output_size>> batch(batch_size);
    for (auto& s : batch) {
        for (double& v : s.x) {
            v = rng.uniform(-2, 2);
        }
        for (double& v : s.y) {
            v = rng.uniform(-1, 1);
        }
    }

    tp::tape<> t;
    tp::value<> loss = t.variable(0.0);
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const auto& s = batch[k];
        const auto expected = Net::forward(p, s.x);
        const auto out = net(t, s.x);
        std::vector<double> tape_out;
        for (std::size_t j = 0; j < expected.size(); ++j) {
            result.output_ulps_max = std::max(result.output_ulps_max, ulps(out[j].data(), expected[j]));
            ++result.outputs;
            tape_out.push_back(out[j].data());
            loss = loss + square(out[j] - s.y[j]);
        }
        const auto bounds = error_bound::analyse_sample<Net>(p, s.x, s.y, error_bound::squared_error);
        result.output_check += error_bound::compare(tape_out, expected, bounds.output, [k](std::size_t j) {
            return "output[" + std::to_string(j) + "] of sample " + std::to_string(k);
        });
    }
    loss.backward();
    const std::vector<double> g_tape = net.gradient();
    const auto g_nn = nn::flatten(Net::gradient(nn::squared_error, p, std::span(batch)));
    double scale = 0;
    for (double v : g_nn) {
        scale = std::max(scale, std::fabs(v));
    }
    for (std::size_t k = 0; k < g_nn.size(); ++k) {
        result.gradient_error_max = std::max(result.gradient_error_max, std::fabs(g_tape[k] - g_nn[k]) / scale);
        ++result.gradients;
    }
    const auto bounds = error_bound::analyse_batch<Net>(p, batch, error_bound::squared_error);
    result.gradient_check = error_bound::compare(g_tape, g_nn, bounds.gradient, [](std::size_t k) {
        return "dLoss/d " + error_bound::parameter_name<Net>(k);
    });
    return result;
}

template <class Net, class Init = nn::glorot_uniform>
void check(std::uint64_t seed, const Init& scheme = {})
{
    const comparison c = compare<Net>(seed, scheme, 5);
    BOOST_TEST_MESSAGE("cross-engine: " << Net::parameter_count << " parameters, " << c.outputs
                                        << " outputs (max " << c.output_ulps_max << " ulp apart), " << c.gradients
                                        << " gradient entries (max error " << c.gradient_error_max
                                        << " of the largest entry)");
    // Same layout, but not the same arithmetic: the network's run-time kernels may sum in
    // another order, contract to FMA and use polynomial activations, and the engines add a
    // hidden unit's consumers in opposite orders. So each output and each gradient entry is
    // checked against the a-priori bound of tests/support/error_bound.hpp: both engines are
    // within E of exact arithmetic (γ_{n+1} Σ|w||x| per dot product, 4 ulp per activation,
    // errors propagated through the later layers), hence within 2E of each other.
    BOOST_TEST_MESSAGE("  max |a-b|/bound: outputs " << static_cast<double>(c.output_check.worst_ratio)
                                                     << ", gradient "
                                                     << static_cast<double>(c.gradient_check.worst_ratio));
    BOOST_TEST(c.output_check.violations == 0u, "outputs outside the bound:" << c.output_check.failures);
    BOOST_TEST(c.gradient_check.violations == 0u,
               "gradient entries outside the bound:" << c.gradient_check.failures);
}

} // namespace

BOOST_AUTO_TEST_SUITE(cross_engine)

BOOST_AUTO_TEST_CASE(one_layer)
{
    check<nn::network<nn::dense<3, 1>>>(1);
    check<nn::network<nn::dense<2, 1, nn::tanh>>>(2, nn::uniform_init{});
}

BOOST_AUTO_TEST_CASE(two_layers)
{
    check<nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>>(3);
    check<nn::network<nn::dense<3, 5, nn::sigmoid>, nn::dense<5, 2, nn::tanh>>>(4, nn::he_normal{});
}

BOOST_AUTO_TEST_CASE(three_and_four_layers)
{
    check<nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>>(42,
                                                                                                nn::uniform_init{});
    check<nn::network<nn::dense<3, 6, nn::leaky_relu>, nn::dense<6, 6, nn::tanh>, nn::dense<6, 4, nn::sigmoid>,
                      nn::dense<4, 2>>>(7, nn::glorot_normal{});
}

// leaky_relu'(0) = slope in both engines (PyTorch's convention): with the first layer zeroed
// every hidden pre-activation is exactly 0, so the first layer's gradient is 0.01 W2ᵀ dy xᵀ
// in both, and would be 0 in an engine that takes the derivative 0 there. Width 17: the
// network's packed activations and their scalar tail.
BOOST_AUTO_TEST_CASE(leaky_relu_at_zero)
{
    using Net = nn::network<nn::dense<2, 17, nn::leaky_relu>, nn::dense<17, 1>>;
    auto p = Net::init(nn::seed{11});
    p.layer<0>() = {};
    p.layer<1>().b[0] = 0.25;
    const auto flat = nn::flatten(p);
    tp::mlp<> net = tape_twin(static_cast<Net*>(nullptr));
    BOOST_REQUIRE_EQUAL(net.parameter_count(), flat.size());
    std::copy(flat.begin(), flat.end(), net.parameters().begin());

    const std::array<double, 2> x{0.75, -1.5};
    const std::array<double, 1> y{1.0};
    tp::tape<> t;
    auto out = net(t, x);
    auto loss = square(out[0] - y[0]);
    loss.backward();
    const std::vector<double> g_tape = net.gradient();
    const auto g_nn = nn::flatten(Net::gradient(nn::squared_error, p, x, y));
    BOOST_REQUIRE_EQUAL(g_tape.size(), g_nn.size());
    const double dy = 2 * (0.25 - 1.0);
    for (std::size_t o = 0; o < 17; ++o) {
        const double expected = 0.01 * p.layer<1>().w[0][o] * dy;  // dLoss/db1[o]
        BOOST_TEST(expected != 0.0);
        BOOST_TEST(close(g_nn[2 * 17 + o], expected, 1e-15));
        BOOST_TEST(close(g_tape[2 * 17 + o], expected, 1e-15));
    }
    for (std::size_t k = 0; k < g_nn.size(); ++k) {
        BOOST_TEST(close(g_tape[k], g_nn[k], 1e-15), "dLoss/d " << error_bound::parameter_name<Net>(k));
    }
}

BOOST_AUTO_TEST_SUITE_END()
