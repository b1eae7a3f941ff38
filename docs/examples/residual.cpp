// Residual networks (tutorial chapter 13): two skip-connected blocks y = x + f(x) between a
// 1-16 tanh layer and a linear read-out learn sin(x) on [-π, π] (Adam on the full batch of 32
// points, 1500 steps). A branchy network (nn::parallel of a dense layer, a chain and a residual
// block, concatenated) takes one step to show that it trains with the same calls. The example
// exits 1 unless the residual network's mean squared error ends below 1e-3 (a constant gives
// ~0.25 here) and the input Jacobian of a block y = x + W x is I + W, computed in a static_assert.
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <span>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/chain.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/residual.hpp>
#include <constgrad/optim/adam.hpp>

namespace nn = constgrad::nn;

using block = nn::residual<nn::dense<16, 16, nn::tanh>, nn::dense<16, 16>>;
using net = nn::network<nn::dense<1, 16, nn::tanh>, block, block, nn::dense<16, 1>>;

using inception = nn::parallel<nn::concat, nn::dense<4, 8, nn::relu>,
                               nn::chain<nn::dense<4, 8, nn::tanh>, nn::dense<8, 8>>,
                               nn::residual<nn::dense<4, 4, nn::tanh>>>;  // 8 + 8 + 4 = 20
using wide = nn::network<inception, nn::dense<20, 1>>;

// y = x + W x with W = [[1, 2], [3, 4]]: the Jacobian is I + W, exactly.
using skip = nn::network<nn::residual<nn::dense<2, 2>>>;
constexpr auto skip_jacobian = [] {
    skip::parameters<double> p{};
    p.layer<0>().layer<0>() = {{{{1, 2}, {3, 4}}}, {0, 0}};
    return skip::input_jacobian(p, std::array{0.5, -1.0});
}();
static_assert(skip_jacobian[0][0] == 2 && skip_jacobian[0][1] == 2 && skip_jacobian[1][0] == 3 &&
              skip_jacobian[1][1] == 5);

int main() {
    std::array<nn::sample<double, 1, 1>, 32> data{};
    for (std::size_t k = 0; k < data.size(); ++k) {
        const double x = -std::numbers::pi + 2 * std::numbers::pi * static_cast<double>(k) / 31;
        data[k] = {{x}, {std::sin(x)}};
    }
    auto p = net::init(nn::seed{1});
    const double before = net::loss(nn::mse, p, data);
    constgrad::optim::adam<net::parameters<double>> opt{.learning_rate = 0.01};
    net::parameters<double> g{};
    for (int step = 0; step < 1500; ++step) {
        net::gradient_into(g, nn::mse, p, std::span(data));
        opt.step(p, g);
    }
    const double after = net::loss(nn::mse, p, data);
    std::printf("residual network, sin on [-pi, pi]: mse %.3g -> %.3g\n", before, after);

    auto q = wide::init(nn::seed{2});
    const std::array x{0.5, -0.25, 1.0, 0.0};
    const std::array y{1.0};
    const double first = wide::descend(nn::squared_error, q, 0.01, x, y);
    const double second = wide::loss(nn::squared_error, q, x, y);
    std::printf("branchy network: loss %.4g -> %.4g after one step\n", first, second);

    if (!(after < 1e-3) || !(second < first)) return 1;
    std::printf("the residual network learned sin\n");
}
