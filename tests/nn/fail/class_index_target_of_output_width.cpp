// Must not compile: a one-hot array given to a loss that takes the class index.
// expect-error: this loss takes a class index as the target: a std::size_t
#include <array>
#include <cstddef>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 3>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
    [[maybe_unused]] auto ok =
        net::gradient(nn::sparse_softmax_cross_entropy, p, std::array{1.0, 2.0}, std::size_t{2});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto g = net::gradient(nn::sparse_softmax_cross_entropy, p,
                                            std::array{1.0, 2.0}, std::array{0.0, 0.0, 1.0});
#endif
}
