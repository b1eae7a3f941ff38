// A user layer in a few lines: the highway layer y = t ⊙ h + (1 - t) ⊙ x with
// h = tanh(W_h x + b_h) and the transform gate t = σ(W_t x + b_t), written as a tensor formula;
// its backward pass is derived by the compiler (tests/tensor/layers.cpp checks it against
// finite differences). A 1-8 tanh layer, two highway layers 8 -> 8 and a linear read-out learn
// sin(x) on [-π, π] (Adam, mini-batches of 4, learning rate decaying from 0.01 to 0.001, as
// sin_regression.cpp); the example exits 1 unless the mean squared error ends below 1e-3 (an
// RMS error of 3% of the amplitude: a constant gives 0.5, a straight line about 0.2). The run
// ends near 3e-5.
#include <array>
#include <cmath>
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/tensor/operators.hpp>

namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

// ---- the layer: 8 lines ----
constexpr t::input<8> x;
constexpr t::matrix<"W_h", 8, 8> W_h;
constexpr t::vector<"b_h", 8> b_h;
constexpr t::matrix<"W_t", 8, 8> W_t;
constexpr t::vector<"b_t", 8> b_t;
constexpr auto gate = t::apply<nn::sigmoid>(W_t * x + b_t);
constexpr auto highway = gate * t::apply<nn::tanh>(W_h * x + b_h) + (1 - gate) * x;
using highway_layer = nn::formula_layer<highway>;
// ----

using net = nn::network<nn::dense<1, 8, nn::tanh>, highway_layer, highway_layer, nn::dense<8, 1>>;

int main() {
    constexpr double pi = 3.14159265358979323846;
    constexpr std::size_t n = 64;
    std::array<net::sample_type<double>, n> data{};
    for (std::size_t i = 0; i < n; ++i) {
        const double v = -pi + 2 * pi * static_cast<double>(i) / (n - 1);
        data[i] = {{v}, {std::sin(v)}};
    }
    auto params = net::init(nn::seed{2});
    constexpr std::size_t epochs = 400, batch = 4, steps = epochs * (n / batch);
    constgrad::optim::adam<net::parameters<double>> opt{
        .learning_rate = constgrad::optim::exponential_decay(0.01, std::pow(0.1, 1.0 / steps))};
    nn::fit<net>(params, opt, nn::mse, data,
                 {.epochs = epochs, .batch_size = batch, .shuffle = true, .shuffle_seed = nn::seed{1}},
                 [](const nn::epoch_report<double>& r) {
                     if (r.epoch % 50 == 0) std::printf("epoch %3zu  mse %.3e\n", r.epoch, r.loss);
                 });
    const double mse = net::loss(nn::mse, params, data);
    std::printf("highway network: final mse %.3e (threshold 1e-3)\n", mse);
    if (!(mse < 1e-3)) {
        std::printf("FAILED: mse above 1e-3\n");
        return 1;
    }
}
