// A user layer in a few lines: the gated linear unit (W1 x + b1) ⊙ σ(W2 x + b2), written as a
// tensor formula; its backward pass is derived by the compiler (tests/tensor/layers.cpp checks
// it against finite differences). A network of one GLU layer (2 -> 4) and a linear read-out
// learns XOR; the example exits 1 unless all four inputs end up on the right side of 0.5.
#include <array>
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/tensor/operators.hpp>

namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

// ---- the layer: 7 lines ----
constexpr t::input<2> x;
constexpr t::matrix<"W1", 4, 2> W1;
constexpr t::vector<"b1", 4> b1;
constexpr t::matrix<"W2", 4, 2> W2;
constexpr t::vector<"b2", 4> b2;
constexpr auto glu = (W1 * x + b1) * t::apply<nn::sigmoid>(W2 * x + b2);
using glu_layer = nn::formula_layer<glu>;
// ----

using net = nn::network<glu_layer, nn::dense<4, 1>>;

int main() {
    constexpr std::array<net::sample_type<double>, 4> data{{
        {{0, 0}, {0}},
        {{0, 1}, {1}},
        {{1, 0}, {1}},
        {{1, 1}, {0}},
    }};
    auto params = net::init(nn::seed{1});
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    for (int epoch = 1; epoch <= 1000; ++epoch) {
        for (const auto& s : data) opt.step(params, net::gradient(nn::squared_error, params, s.x, s.y));
        if (epoch % 200 == 0)
            std::printf("epoch %4d  loss %.3e\n", epoch, net::loss(nn::squared_error, params, data));
    }
    int right = 0;
    for (const auto& s : data) {
        const double y = net::forward(params, s.x)[0];
        std::printf("%g xor %g = %.4f\n", s.x[0], s.x[1], y);
        right += (y > 0.5) == (s.y[0] > 0.5);
    }
    if (right != 4) {
        std::printf("FAILED: %d of 4 XOR inputs classified\n", right);
        return 1;
    }
    std::printf("GLU network: all 4 XOR inputs classified\n");
}
