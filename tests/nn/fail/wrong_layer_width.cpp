// Must not compile: a layer of 8 outputs feeds a layer of 16 inputs.
// expect-error: a layer's input width must equal the previous layer's output width
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
    using bad = nn::network<nn::dense<2, 8, nn::relu>, nn::dense<16, 1>>;
    [[maybe_unused]] auto q = bad::init(nn::seed{1});
#endif
}
