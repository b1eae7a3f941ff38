// Tutorial, chapter "Gradient descent": step against the gradient, again and again.
//
// First a formula of one parameter, f(w) = (w - 3)^2 + 1, minimised by hand-written steps
// w <- w - lr * f'(w) inside the compiler. Then a linear neuron fitted to data with
// optim::sgd, once inside the compiler (static_assert on the result) and once at run time
// with a learning rate that decays. Exits 1 if a run does not reach its target.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/square.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>
#include <constgrad/optim/schedule.hpp>
#include <constgrad/optim/sgd.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

// 1. One parameter. f'(w) = 2 (w - 3), so with lr = 0.25 a step is w <- w - (w - 3) / 2:
// every step halves the distance to the minimum at 3. From w = 0, after k steps
// w = 3 - 3 / 2^k exactly.
constexpr cg::variable<"w"> w;
constexpr auto f = cg::square(w - 3) + 1;

constexpr double descend(double start, double learning_rate, int steps) {
    double at = start;
    for (int k = 0; k < steps; ++k) at -= learning_rate * cg::gradient(f, w = at)[w];
    return at;
}
static_assert(descend(0.0, 0.25, 1) == 1.5);
static_assert(descend(0.0, 0.25, 10) == 3 - 3.0 / 1024);
// Too large a rate overshoots: with lr = 1 every step jumps from w to 6 - w and back.
static_assert(descend(0.0, 1.0, 1) == 6.0 && descend(0.0, 1.0, 2) == 0.0);

// 2. Many parameters: a linear neuron y = w1 x1 + w2 x2 + b fitted to points of the plane
// y = 2 x1 - x2 + 0.5, so the best parameters are exactly (2, -1, 0.5).
using net = nn::network<nn::neuron<2>>;
constexpr std::array<net::sample_type<double>, 5> data{{
    {{0, 0}, {0.5}},
    {{1, 0}, {2.5}},
    {{0, 1}, {-0.5}},
    {{1, 1}, {1.5}},
    {{2, 1}, {3.5}},
}};

// One sgd step is the update w_i <- w_i - lr * dLoss/dw_i for every parameter at once.
constexpr bool one_step_is_the_update() {
    auto params = net::init(nn::seed{3});
    const auto before = nn::flatten(params);
    const auto grad = nn::flatten(net::gradient(nn::mse, params, data));
    optim::sgd opt{.learning_rate = 0.1};
    opt.step(params, net::gradient(nn::mse, params, data));
    const auto after = nn::flatten(params);
    for (std::size_t i = 0; i < after.size(); ++i)
        if (after[i] != before[i] - 0.1 * grad[i]) return false;
    return true;
}
static_assert(one_step_is_the_update());

// Full-batch gradient descent: every step uses the gradient of the loss over all samples.
constexpr net::parameters<double> train(optim::sgd opt, int steps) {
    auto params = net::init(nn::seed{3});
    for (int k = 0; k < steps; ++k) opt.step(params, net::gradient(nn::mse, params, data));
    return params;
}

// Trained inside the compiler: 200 steps bring the loss from above 1 to below 1e-6 (and
// stay within Clang's default budget of 1,048,576 constexpr steps, about 0.7 M used).
constexpr auto trained = train(optim::sgd{.learning_rate = 0.3}, 200);
static_assert(net::loss(nn::mse, net::init(nn::seed{3}), data) > 1.0);
static_assert(net::loss(nn::mse, trained, data) < 1e-6);

int main(int argc, char**) {
    // At run time, with a learning rate that decays linearly from 0.4 to 0.04 over 300 steps
    // (large steps first, small ones for the last digits; on this data any constant rate
    // above 0.43 diverges). argc keeps the compiler from running it in advance.
    optim::sgd opt{.learning_rate = optim::linear_decay(0.4, 0.04, 300)};
    auto params = net::init(nn::seed{3});
    for (int k = 0; k < 300 + argc - 1; ++k) {
        const double loss = net::loss(nn::mse, params, data);
        if (k % 50 == 0)
            std::printf("step %3d  lr %.3f  loss %.3e\n", k, opt.learning_rate(opt.steps), loss);
        opt.step(params, net::gradient(nn::mse, params, data));
    }
    const auto theta = nn::flatten(params);
    const double loss = net::loss(nn::mse, params, data);
    std::printf("after 300 steps: w1 = %.6f, w2 = %.6f, b = %.6f, loss %.3e\n", theta[0], theta[1],
                theta[2], loss);
    const auto c = nn::flatten(trained);
    std::printf("trained by the compiler: w1 = %.6f, w2 = %.6f, b = %.6f\n", c[0], c[1], c[2]);
    if (!(loss < 1e-6 && std::abs(theta[0] - 2) < 1e-3 && std::abs(theta[1] + 1) < 1e-3 &&
          std::abs(theta[2] - 0.5) < 1e-3)) {
        std::printf("FAILED: gradient descent did not find (2, -1, 0.5)\n");
        return 1;
    }
    std::printf("gradient descent found w1 = 2, w2 = -1, b = 0.5\n");
}
