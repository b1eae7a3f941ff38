// Must not compile: one network evaluated with another network's parameters.
// expect-error: the parameters belong to another network
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
    using other = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
    [[maybe_unused]] auto out = other::forward(p, std::array{1.0, 2.0});
#endif
}
