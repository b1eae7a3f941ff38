// Must not compile: a batch of one-hot samples given to a loss that takes the class index.
// expect-error: the batch's samples must be nn::sample<T, input width, 1> holding the class
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 3>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
    const std::array<nn::sample<double, 2, 1>, 2> by_index{{{{0.0, 1.0}, {2.0}}, {{1.0, 0.0}, {0.0}}}};
    [[maybe_unused]] auto ok = net::gradient(nn::sparse_softmax_cross_entropy, p, by_index);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const std::array<nn::sample<double, 2, 3>, 1> one_hot{{{{0.0, 1.0}, {0.0, 0.0, 1.0}}}};
    [[maybe_unused]] auto g = net::gradient(nn::sparse_softmax_cross_entropy, p, one_hot);
#endif
}
