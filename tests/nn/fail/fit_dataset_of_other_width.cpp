// Must not compile: training on samples of another width.
// expect-error: the dataset's samples must be nn::sample<T, input width, output
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    std::array<nn::sample<double, 3, 1>, 2> data{};
    optim::sgd opt{};
    nn::fit<net>(p, opt, nn::mse, data);
#endif
}
