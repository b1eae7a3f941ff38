// Must not compile: a 2-wide target for a network of 1 output.
// expect-error: the target's width differs from the network's output width
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
    [[maybe_unused]] auto g =
        net::gradient(nn::squared_error, p, std::array{1.0, 2.0}, std::array{1.0, 0.0});
#endif
}
