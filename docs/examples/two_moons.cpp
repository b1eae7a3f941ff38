// The classic micrograd demo: a 2-16-16-1 ReLU network separates two noisy half moons.
//
// Recipe (shared/oracles/README.md): make_moons(n = 100, noise = 0.1); weights U(-1, 1),
// biases 0; loss = mean(max(0, 1 - y * score)) + 1e-4 * Σ θ²; full batch; 100 steps of SGD
// with lr = 1.0 - 0.9 k / 100. Prints one line per step; exits 1 below 97% training accuracy.
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>
#include <support/two_moons.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

using net = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;

int main() {
    const auto data = support::make_moons<100>(0.1, nn::seed{1});
    auto params = net::init(nn::seed{1337}, nn::uniform_init{-1.0, 1.0});
    optim::sgd opt{.learning_rate = optim::linear_decay(1.0, 0.1, 100)};

    nn::fit<net>(params, opt, nn::hinge + nn::l2{1e-4}, data,
                 {.epochs = 100, .accuracy = nn::accuracy::sign},
                 [](const nn::epoch_report<double>& r) {
                     std::printf("step %3zu  loss %.6f  accuracy %5.1f%%\n", r.epoch, r.loss,
                                 100 * r.accuracy);
                 });

    int correct = 0;
    for (const auto& [x, y] : data) correct += (net::forward(params, x)[0] > 0) == (y[0] > 0);
    const double accuracy = correct / static_cast<double>(data.size());
    std::printf("final training accuracy %.1f%% (%d of %zu)\n", 100 * accuracy, correct,
                data.size());
    if (accuracy < 0.97) {
        std::printf("FAILED: expected at least 97%%\n");
        return 1;
    }
}
