// Must not compile: argmax accuracy of a network with one output.
// expect-error: argmax accuracy needs two or more outputs
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
    const std::array<nn::sample<double, 2, 1>, 1> data{{{{0.0, 1.0}, {1.0}}}};
    [[maybe_unused]] auto forward = net::forward(p, data[0].x);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] double a = net::accuracy(p, data);
#endif
}
