// Tutorial, chapter "Autograd": the forward and the backward pass, by hand and by constgrad.
//
// 1. f = (a + b) * b evaluated node by node in topological order (forward), then adjoints
//    handed back from the output to the inputs (backward), written out by hand; then the
//    same numbers from constgrad::gradient, whose sweeps the compiler generates.
// 2. A formula that reuses its sub-expressions: one reverse sweep still visits each node once.
// 3. The layer-level backward pass of a network, checked against finite differences.
// Exits 1 if any gradient is wrong.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/relu.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/schedule/gradient.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;

// 1. By hand. The nodes in topological order (operands before results):
//    0: a    1: b    2: s = a + b    3: f = s * b
struct sweep_result {
    double f, df_da, df_db;
};

constexpr sweep_result by_hand(double a, double b) {
    std::array<double, 4> value{}, adjoint{};
    // Forward: each node from its operands, in order.
    value[0] = a;
    value[1] = b;
    value[2] = value[0] + value[1];
    value[3] = value[2] * value[1];
    // Backward: seed the output with 1, then walk the nodes in reverse order; each one adds
    // its adjoint times its local derivative into its operands' adjoints.
    adjoint[3] = 1;
    adjoint[2] += adjoint[3] * value[1];  // d(s * b)/ds = b
    adjoint[1] += adjoint[3] * value[2];  // d(s * b)/db = s
    adjoint[0] += adjoint[2] * 1;         // d(a + b)/da = 1
    adjoint[1] += adjoint[2] * 1;         // d(a + b)/db = 1
    return {value[3], adjoint[0], adjoint[1]};
}

constexpr cg::variable<"a"> a;
constexpr cg::variable<"b"> b;
constexpr auto f = (a + b) * b;

// a = 2, b = 3: s = 5, f = 15, df/da = b = 3, df/db = s + b = 8 (b is used twice: both
// paths add up).
static_assert(by_hand(2, 3).f == 15 && by_hand(2, 3).df_da == 3 && by_hand(2, 3).df_db == 8);
constexpr auto g = cg::gradient(f, a = 2.0, b = 3.0);
static_assert(g.value() == 15 && g[a] == 3 && g[b] == 8);

// 2. Sub-expressions used many times. z is written six times and q twice, but as types
// they are the same nodes: gradient() computes each once forward and once backward.
constexpr cg::variable<"x"> x;
constexpr auto z = 2 * x + 2 + x;
constexpr auto q = cg::relu(z) + z * x;
constexpr auto h = cg::relu(z * z);
constexpr auto y = h + q + q * x;
// At x = -4: z = -10, q = 40, h = 100, y = -20 and dy/dx = 46 (worked out by hand).
constexpr auto gy = cg::gradient(y, x = -4.0);
static_assert(gy.value() == -20.0 && gy[x] == 46.0);

// 3. A network's backward pass: the same sweep, one layer at a time, giving the gradient of
// the loss for every weight and bias in the parameters' own shape.
using net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;

int main() {
    volatile double run_time_b = 3.0;  // run time: the compiler cannot fold what follows
    const auto hand = by_hand(2.0, run_time_b);
    const auto engine = cg::gradient(f, a = 2.0, b = run_time_b);
    std::printf("f = (a + b) * b at a = 2, b = 3: by hand f = %g, df/da = %g, df/db = %g; "
                "gradient(): %g, %g, %g\n",
                hand.f, hand.df_da, hand.df_db, engine.value(), engine[a], engine[b]);
    const auto shared = cg::gradient(y, x = run_time_b - 7.0);
    std::printf("y(x) with shared sub-expressions at x = -4: y = %g, dy/dx = %g\n", shared.value(),
                shared[x]);

    // Each partial derivative of the loss against the slope measured by nudging that one
    // parameter: (loss(theta + h) - loss(theta - h)) / 2h.
    const auto params = net::init(nn::seed{5});
    const std::array<double, 2> input{0.5, run_time_b - 4.0};
    const std::array<double, 1> target{0.25};
    const auto grad = nn::flatten(net::gradient(nn::squared_error, params, input, target));
    auto theta = nn::flatten(params);
    double worst = 0;
    for (std::size_t i = 0; i < theta.size(); ++i) {
        const double saved = theta[i], step = 1e-6;
        theta[i] = saved + step;
        const double up = net::loss(nn::squared_error,
                                    nn::unflatten<net::parameters<double>>(theta), input, target);
        theta[i] = saved - step;
        const double down = net::loss(nn::squared_error,
                                      nn::unflatten<net::parameters<double>>(theta), input, target);
        theta[i] = saved;
        const double numeric = (up - down) / (2 * step);
        worst = std::fmax(worst, std::abs(numeric - grad[i]));
    }
    std::printf("network: %zu partial derivatives, largest difference from finite differences "
                "%.1e\n",
                grad.size(), worst);

    if (hand.df_db != 8 || engine[b] != 8 || shared[x] != 46 || !(worst < 1e-8)) {
        std::printf("FAILED: a backward pass gave a wrong gradient\n");
        return 1;
    }
    std::printf("forward and backward passes agree with the hand-derived gradients\n");
}
