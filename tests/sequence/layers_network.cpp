// The frame-wise layers inside nn::sequence_network: conv1d -> batch_norm -> prelu ->
// time_distributed<dense>, the network's gradient_into (train mode, batch of sequences, state
// carried from a first window) against central differences of its loss.
#include <array>
#include <cmath>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/sequence/batch_norm.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/prelu.hpp>
#include <constgrad/sequence/time_distributed.hpp>

#include "layers_check.hpp"

namespace nn = constgrad::nn;

BOOST_AUTO_TEST_SUITE(network)

// Every parameter of the four layers at once. Same error analysis as layers_check.hpp: central
// differences with h = 1e-5 are good to ~1e-9 here, the issue asks 1e-6 relative.
BOOST_AUTO_TEST_CASE(gradients_through_a_network) {
    using net = nn::sequence_network<nn::conv1d<2, 4, 3, 2>, nn::batch_norm<4>, nn::prelu<4>,
                                     nn::time_distributed<nn::dense<4, 1, nn::tanh>>>;
    constexpr std::size_t S = 2, F = 5;
    using P = net::parameters<double>;
    struct data {
        P p{};
        net::buffers<double> b{};
        std::array<net::state<double>, S> states{};
        net::workspace<double, S * F> ws{};
        std::array<std::array<double, 2>, S * F> xs{};
        std::array<std::array<double, 1>, S * F> ys{};
    };
    auto d = std::make_unique<data>();
    std::size_t k = 0;
    auto set = [&](double& x) { x = layers_check::value(k++); };
    P::zip(set, d->p);
    for (auto& prelu_slope : d->p.layer<2>().weight) prelu_slope = 0.25;  // a kink to step over
    for (std::size_t n = 0; n < S * F; ++n) {
        d->xs[n] = {layers_check::value(300 + 2 * n), layers_check::value(301 + 2 * n)};
        d->ys[n] = {layers_check::value(700 + n)};
    }
    // A first window: conv states and running statistics are no longer the initial ones.
    P g{};
    net::gradient_into(d->p, d->b, std::span<net::state<double>>(d->states), F,
                       std::span<const std::array<double, 2>>(d->xs), std::span<const std::array<double, 1>>(d->ys),
                       nn::mse, g, d->ws);
    for (auto& x : d->xs) x = {x[1] * 1.5, -x[0]};
    const auto b0 = d->b;
    const auto states0 = d->states;
    auto loss = [&](const P& q, P& grad) {
        d->b = b0;
        d->states = states0;
        grad = P{};
        return net::gradient_into(q, d->b, std::span<net::state<double>>(d->states), F,
                                  std::span<const std::array<double, 2>>(d->xs),
                                  std::span<const std::array<double, 1>>(d->ys), nn::mse, grad, d->ws);
    };
    loss(d->p, g);
    std::array<double, P::size> analytic{};
    k = 0;
    auto collect = [&](const double& x) { analytic[k++] = x; };
    P::zip(collect, g);
    constexpr double h = 1e-5;
    P scratch{};
    for (std::size_t i = 0; i < P::size; ++i) {
        P plus = d->p, minus = d->p;
        std::size_t j = 0;
        auto nudge_plus = [&](double& x) { x += (j++ == i) ? h : 0.0; };
        P::zip(nudge_plus, plus);
        j = 0;
        auto nudge_minus = [&](double& x) { x -= (j++ == i) ? h : 0.0; };
        P::zip(nudge_minus, minus);
        const double numeric = (loss(plus, scratch) - loss(minus, scratch)) / (2 * h);
        BOOST_TEST(std::abs(analytic[i] - numeric) <= 1e-6 * std::abs(numeric) + 1e-8,
                   "parameter " << i << ": network " << analytic[i] << ", central difference " << numeric);
    }
}

BOOST_AUTO_TEST_SUITE_END()
