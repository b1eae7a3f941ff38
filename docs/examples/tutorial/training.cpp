// Tutorial, chapter "Training": the parameters, a dataset, and the loss that training lowers.
//
// A linear neuron y = w1 x1 + w2 x2 + b has the parameters theta = (w1, w2, b). On a small
// labelled dataset the squared-error loss sums (prediction - target)^2 over the samples.
// This program computes that loss for two choices of theta, with the library and by hand,
// and also with a loss written as a formula of its own. Exits 1 if any number is off.
#include <array>
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/abs.hpp>
#include <constgrad/expr/functions/square.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;

using net = nn::network<nn::neuron<2>>;  // identity activation: y = w1 x1 + w2 x2 + b
using params_t = net::parameters<double>;

// theta, the parameters, as one value; flatten lists them in order (w1, w2, b).
constexpr auto theta = nn::unflatten<params_t>({1.0, -1.0, 0.5});
static_assert(nn::flatten(theta) == std::array{1.0, -1.0, 0.5});

// D: four labelled samples (x, y). Predictions with theta: 1.5, -0.5, 1.5, 0.5.
constexpr std::array<net::sample_type<double>, 4> data{{
    {{1.0, 0.0}, {2.0}},   // error -0.5
    {{0.0, 1.0}, {0.0}},   // error -0.5
    {{2.0, 1.0}, {1.0}},   // error  0.5
    {{2.0, 2.0}, {-0.5}},  // error  1.0
}};

// Loss(theta, D) = sum of squared errors: 0.25 + 0.25 + 0.25 + 1 = 1.75.
static_assert(net::loss(nn::squared_error, theta, data) == 1.75);
// The mean instead of the sum: nn::mse.
static_assert(net::loss(nn::mse, theta, data) == 1.75 / 4);
// Another theta, another loss: (2, -1, 0) predicts 2, -1, 3, 2; errors 0, -1, 2, 2.5.
constexpr auto other = nn::unflatten<params_t>({2.0, -1.0, 0.0});
static_assert(net::loss(nn::squared_error, other, data) == 0 + 1 + 4 + 6.25);

// A loss is a formula of the prediction p and the target t; the built-in squared error is
// square(p - t), and any other formula works the same way (its derivative is derived too).
constexpr cg::variable<"p"> p;
constexpr cg::variable<"t"> t;
constexpr auto my_squared_error = nn::loss(p, t, cg::square(p - t));
constexpr auto absolute_error = nn::loss(p, t, cg::abs(p - t));
static_assert(net::loss(my_squared_error, theta, data) == 1.75);
static_assert(net::loss(absolute_error, theta, data) == 0.5 + 0.5 + 0.5 + 1.0);

int main() {
    // The definition, written out: for every sample, (NN(x) - y)^2, summed.
    double by_hand = 0;
    for (const auto& [x, y] : data) {
        const double prediction = net::forward(theta, x)[0];
        const double error = prediction - y[0];
        std::printf("x = (%g, %g)  y = %4g  prediction = %4g  squared error = %g\n", x[0], x[1],
                    y[0], prediction, error * error);
        by_hand += error * error;
    }
    const double library = net::loss(nn::squared_error, theta, data);
    std::printf("loss by hand %g, net::loss %g, mse %g\n", by_hand, library,
                net::loss(nn::mse, theta, data));
    if (by_hand != 1.75 || library != 1.75) {
        std::printf("FAILED: expected a loss of 1.75\n");
        return 1;
    }
    std::printf("loss(theta, D) = 1.75 as computed by hand\n");
}
