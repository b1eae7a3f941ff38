// Must not compile: an SGD step with a gradient of another shape.
// expect-error: 'grads' must have the type of 'params'
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using other = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
    optim::sgd opt{};
    opt.step(p, other::parameters<double>{});
#endif
}
