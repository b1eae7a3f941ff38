// Must not compile: an Adam made for one network steps another network's parameters.
// expect-error: is not of the parameter type P this optimizer was made for
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using other = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
    optim::adam<other::parameters<double>> opt{};
    opt.step(p, p);
#endif
}
