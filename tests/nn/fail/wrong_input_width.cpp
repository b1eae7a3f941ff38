// Must not compile: a 3-wide input given to a network of 2 inputs.
// expect-error: the input's width differs from the network's input width
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto out = net::forward(p, std::array{1.0, 2.0, 3.0});
#endif
}
