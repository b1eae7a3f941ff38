// Must not compile: the buffered nn::fit given another network's workspace.
// expect-error: 'workspace' must be Net::workspace<T, MaxBatch>, T the parameters' scalar type
#include <array>

#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 3>, nn::batch_norm<3>, nn::dense<3, 1>>;
using other = nn::network<nn::dense<2, 4>, nn::batch_norm<4>, nn::dense<4, 1>>;

int main() {
    auto p = net::init(nn::seed{1});
    net::buffers<double> b{};
    net::parameters<double> g{};
    static net::workspace<double, 2> ws;
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    const std::array<nn::sample<double, 2, 1>, 2> data{{{{1.0, 2.0}, {1.0}}, {{0.0, 1.0}, {0.0}}}};
    nn::fit<net>(p, b, g, ws, opt, nn::mse, data);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    static other::workspace<double, 2> wrong;
    nn::fit<net>(p, b, g, wrong, opt, nn::mse, data);
#endif
}
