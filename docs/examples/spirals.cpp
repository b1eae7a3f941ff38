// Three interleaved spirals, the classic multi-class demo (CS231n's recipe): K = 3 classes of
// N = 100 points; for class j, r = linspace(0, 1, N), θ = linspace(4j, 4(j + 1), N) + 0.2 ε
// (ε standard normal), point (r sin θ, r cos θ). A 2-64-64-3 ReLU network gives three logits;
// softmax cross-entropy from logits with class-index targets (nn::sparse_softmax_cross_entropy),
// Adam, mini-batches of 32, shuffled. Prints the loss and accuracy every 50 epochs and the
// decision regions in ASCII; exits 1 below 97% training accuracy.
#include <array>
#include <cmath>
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/argmax.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/rng.hpp>
#include <constgrad/optim/adam.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

constexpr std::size_t classes = 3;      // K
constexpr std::size_t per_class = 100;  // N

// Three logits, no activation on the last layer: the loss applies the softmax.
using net = nn::network<nn::dense<2, 64, nn::relu>, nn::dense<64, 64, nn::relu>,
                        nn::dense<64, classes>>;
// A sample's target is its class index, one value: nn::sample<double, 2, 1>.
using sample = nn::sample<double, 2, 1>;

std::array<sample, classes * per_class> make_spirals(nn::seed s) {
    std::array<sample, classes * per_class> data{};
    nn::rng noise{s};
    for (std::size_t j = 0; j < classes; ++j) {
        for (std::size_t i = 0; i < per_class; ++i) {
            const double t = static_cast<double>(i) / (per_class - 1);  // linspace(0, 1, N)
            const double r = t;
            const double theta =
                4.0 * static_cast<double>(j) + 4.0 * t + 0.2 * noise.normal(0.0, 1.0);
            data[j * per_class + i] = {{r * std::sin(theta), r * std::cos(theta)},
                                       {static_cast<double>(j)}};
        }
    }
    return data;
}

// The predicted class of a point. Out of line, so that the network's forward pass is compiled
// once for every use (compile time: docs/examples/demo.cpp explains the idea).
[[gnu::noinline]] std::size_t predict(const net::parameters<double>& params,
                                      const std::array<double, 2>& x) {
    return nn::argmax(net::forward(params, x));
}

// The decision regions over [-1.1, 1.1]²: each cell shows the class the network predicts
// there ('.', '-', '~'), and each training point its class ('A', 'B', 'C'; lower case when
// the network gets it wrong).
[[gnu::cold]] void draw(const net::parameters<double>& params,
                        const std::array<sample, classes * per_class>& data) {
    constexpr int width = 64, height = 32;
    constexpr double lo = -1.1, hi = 1.1;
    std::array<std::array<char, width + 1>, height> picture{};
    for (int row = 0; row < height; ++row) {
        for (int col = 0; col < width; ++col) {
            const double x = lo + (hi - lo) * (col + 0.5) / width;
            const double y = hi - (hi - lo) * (row + 0.5) / height;
            picture[row][col] = ".-~"[predict(params, std::array{x, y})];
        }
        picture[row][width] = '\0';
    }
    for (const auto& [point, label] : data) {
        const int col = static_cast<int>((point[0] - lo) / (hi - lo) * width);
        const int row = static_cast<int>((hi - point[1]) / (hi - lo) * height);
        if (col < 0 || col >= width || row < 0 || row >= height) continue;
        const auto c = static_cast<std::size_t>(label[0]);
        const bool right = predict(params, point) == c;
        picture[row][col] = (right ? "ABC" : "abc")[c];
    }
    for (const auto& line : picture) std::printf("  %s\n", line.data());
}

int main() {
    const auto data = make_spirals(nn::seed{0});
    auto params = net::init(nn::seed{1}, nn::he_uniform{});
    optim::adam<net::parameters<double>> opt{.learning_rate = 0.01};
    const auto report = nn::fit<net>(
        params, opt, nn::sparse_softmax_cross_entropy, data,
        {.epochs = 300, .batch_size = 32, .shuffle = true, .shuffle_seed = nn::seed{2},
         .accuracy = nn::accuracy::argmax},
        [](const nn::epoch_report<double>& r) {
            if (r.epoch % 50 == 0)
                std::printf("epoch %3zu  loss %.4f  accuracy %5.1f%%\n", r.epoch, r.loss,
                            100 * r.accuracy);
        });
    draw(params, data);
    const double accuracy = net::accuracy(params, data);
    std::printf("final training accuracy %.1f%% (last epoch's loss %.4f)\n", 100 * accuracy,
                report.loss);
    if (accuracy < 0.97) {
        std::printf("FAILED: expected at least 97%%\n");
        return 1;
    }
}
