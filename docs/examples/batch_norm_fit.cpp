// A network with a batch norm trained through nn::fit: y = x0·x1 on a grid of [-1, 1]², learned by
// 2-16-bn-16-1 (tanh) in mini-batches of 16 (train mode: batch statistics, running statistics
// updated), then evaluated in eval mode (running statistics). Exits non-zero unless the eval-mode
// mse is below 0.01. Everything parameter-sized is in static storage, placed once.
#include <array>
#include <cstddef>
#include <cstdio>
#include <span>
#include <tuple>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/cost.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

using net = nn::network<nn::dense<2, 16, nn::tanh>, nn::batch_norm<16>, nn::dense<16, 16, nn::tanh>,
                        nn::dense<16, 1>>;

// Placed once: parameters, gradient, running statistics, the whole-batch scratch, the data.
static net::parameters<double> p, g;
static net::buffers<double> b;            // fresh: running mean 0, variance 1
static net::workspace<double, 16> ws;     // mini-batches of up to 16 samples
static std::array<net::sample_type<double>, 64> data;

int main() {
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 8; ++j) {
            const double x0 = -1.0 + 2.0 * static_cast<double>(i) / 7.0;
            const double x1 = -1.0 + 2.0 * static_cast<double>(j) / 7.0;
            data[8 * i + j] = {{x0, x1}, {x0 * x1}};
        }
    net::init_into(p, nn::seed{11});
    optim::sgd opt{.learning_rate = 0.1};
    const auto last = nn::fit<net>(p, b, g, ws, opt, nn::mse, data,
                                   {.epochs = 400, .batch_size = 16, .shuffle = true});
    const double eval = net::eval_loss(nn::mse, p, b, std::span(data));  // running statistics
    constexpr auto cost = nn::cost<net>;
    std::printf("%zu parameters, %zu bytes of buffers, %zu bytes of workspace\n", cost.parameter_count,
                cost.buffer_bytes, nn::workspace_bytes<net, double, 16>);
    std::printf("train-mode mse of the last epoch %.4f, %lld batches tracked\n", last.loss,
                static_cast<long long>(std::get<1>(b).num_batches_tracked));
    std::printf("batch-norm network: eval-mode mse %.4f (threshold 0.01)\n", eval);
    return eval < 0.01 ? 0 : 1;
}
