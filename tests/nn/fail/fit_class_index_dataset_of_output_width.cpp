// Must not compile: fit with a class-index loss on a dataset of one-hot samples.
// expect-error: fit: this loss takes a class index as the target
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 3>>;

int main() {
    auto p = net::init(nn::seed{1});
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    const std::array<nn::sample<double, 2, 1>, 1> by_index{{{{0.0, 1.0}, {2.0}}}};
    nn::fit<net>(p, opt, nn::sparse_softmax_cross_entropy, by_index);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const std::array<nn::sample<double, 2, 3>, 1> one_hot{{{{0.0, 1.0}, {0.0, 0.0, 1.0}}}};
    nn::fit<net>(p, opt, nn::sparse_softmax_cross_entropy, one_hot);
#endif
}
