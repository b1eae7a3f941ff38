// Must not compile: the per-sample forward of a network with a batch norm, without its buffers
// (the running statistics it normalises with in eval mode).
// expect-error: a layer of this network keeps buffers .batch norm's running statistics.: pass the network's buffers<T>
#include <array>

#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 3>, nn::batch_norm<3>>;

int main() {
    const auto p = net::init(nn::seed{1});
    const auto b = net::buffers<double>{};
    [[maybe_unused]] auto y = net::forward(p, b, std::array{1.0, 2.0});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto z = net::forward(p, std::array{1.0, 2.0});
#endif
}
