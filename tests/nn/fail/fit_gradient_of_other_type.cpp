// Must not compile: fit's gradient buffer is another network's parameters.
// expect-error: fit<Net>: the gradient buffer must have the parameters' type
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    auto p = net::init(nn::seed{1});
    std::array<net::sample_type<double>, 1> data{};
    constgrad::optim::sgd opt{};
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    net::parameters<float> g{};
    nn::fit<net>(p, g, opt, nn::mse, data);
#else
    net::parameters<double> g{};
    nn::fit<net>(p, g, opt, nn::mse, data);
#endif
}
