// Must not compile: fit without a gradient buffer would keep a 2.15 MB gradient on the stack.
// expect-error: too large for fit's gradient on the stack: pass a caller-placed gradient
#include <array>
#include <memory>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<784, 256, nn::relu>, nn::dense<256, 256, nn::relu>,
                        nn::dense<256, 10>>;

int main() {
    auto p = std::make_unique<net::parameters<double>>();
    auto g = std::make_unique<net::parameters<double>>();
    std::array<net::sample_type<double>, 1> data{};
    constgrad::optim::sgd opt{};
    nn::fit<net>(*p, *g, opt, nn::mse, data);  // with a buffer: fine
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    nn::fit<net>(*p, opt, nn::mse, data);
#endif
}
