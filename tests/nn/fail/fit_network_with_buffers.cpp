// Must not compile: nn::fit without buffers and workspace for a network with a batch norm.
// expect-error: a layer of Net keeps buffers .batch norm's running statistics.: pass them and a workspace
#include <array>

#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 3>, nn::batch_norm<3>, nn::dense<3, 1>>;

int main() {
    auto p = net::init(nn::seed{1});
    net::buffers<double> b{};
    net::parameters<double> g{};
    static net::workspace<double, 2> ws;
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    const std::array<nn::sample<double, 2, 1>, 2> data{{{{1.0, 2.0}, {1.0}}, {{0.0, 1.0}, {0.0}}}};
    nn::fit<net>(p, b, g, ws, opt, nn::mse, data);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    nn::fit<net>(p, g, opt, nn::mse, data);
#endif
}
