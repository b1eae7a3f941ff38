// XOR, the smallest problem a single neuron cannot solve: a 2-4-1 tanh network learns it.
//
// Full-batch gradient descent on the seed's squared-error loss Σ (NN(x) - y)². Prints one
// line per epoch; exits 1 unless all four inputs end up on the right side of 0.5.
// (tests/nn/constexpr_xor.cpp runs this same training inside the compiler.)
#include <array>
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    constexpr std::array<net::sample_type<double>, 4> data{{
        {{0, 0}, {0}},
        {{0, 1}, {1}},
        {{1, 0}, {1}},
        {{1, 1}, {0}},
    }};
    auto params = net::init(nn::seed{1});
    optim::sgd opt{.learning_rate = 0.1};
    nn::fit<net>(params, opt, nn::squared_error, data,
                 {.epochs = 150, .accuracy = nn::accuracy::round},
                 [](const nn::epoch_report<double>& r) {
                     std::printf("epoch %3zu  loss %.6f  accuracy %3.0f%%\n", r.epoch, r.loss,
                                 100 * r.accuracy);
                 });

    int correct = 0;
    for (const auto& [x, y] : data) {
        const double out = net::forward(params, x)[0];
        std::printf("%g xor %g -> %.4f\n", x[0], x[1], out);
        correct += (out > 0.5) == (y[0] > 0.5);
    }
    if (correct != 4) {
        std::printf("FAILED: %d of 4 XOR inputs classified\n", correct);
        return 1;
    }
    std::printf("all 4 XOR inputs classified\n");
}
