// Must not compile: forward_batch into outputs of another scalar type.
// expect-error: forward_batch: the outputs must be a span of std::array of the network's output width
#include <array>
#include <span>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    const auto p = net::init(nn::seed{1});
    std::array<net::input<double>, 3> xs{};
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    std::array<std::array<float, 1>, 3> ys{};
#else
    std::array<net::output<double>, 3> ys{};
#endif
    return static_cast<int>(net::forward_batch(p, std::span(xs), std::span(ys))) - 3;
}
