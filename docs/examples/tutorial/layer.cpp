// Tutorial, chapter "Layer": a layer is many neurons reading the same inputs.
//
// nn::dense<2, 32, nn::relu> is 32 relu neurons on 2 inputs. Output o of the layer is
// neuron o: relu(w[o][0] x1 + w[o][1] x2 + b[o]). This program checks that, output by
// output, against the one-neuron formula of the previous chapter, first inside the
// compiler and then at run time. Exits 1 on a mismatch.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/evaluate.hpp>
#include <constgrad/expr/functions/relu.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;

using layer = nn::dense<2, 32, nn::relu>;
using net = nn::network<layer>;  // a network of one layer: init and forward come with it
static_assert(layer::inputs == 2 && layer::outputs == 32);
static_assert(net::parameter_count == 32 * 2 + 32);  // a weight per input per neuron, a bias each

constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"b"> b;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;
constexpr auto neuron = cg::relu(w1 * x1 + w2 * x2 + b);

// Neuron o of the layer, as the formula, with row o of the layer's parameters.
constexpr double neuron_output(const nn::dense_parameters<double, 2, 32>& p, std::size_t o,
                               const std::array<double, 2>& x) {
    return cg::evaluate(neuron, w1 = p.w[o][0], w2 = p.w[o][1], b = p.b[o], x1 = x[0], x2 = x[1]);
}

// Random weights (Glorot uniform, the same on every compiler) and a bias of 0.1 everywhere.
constexpr auto params = net::init(nn::seed{42}, nn::glorot_uniform{.bias = 0.1});
constexpr std::array<double, 2> input{0.75, -1.5};
constexpr auto output = net::forward(params, input);

static_assert([] {
    for (std::size_t o = 0; o < layer::outputs; ++o)
        if (output[o] != neuron_output(params.layer<0>(), o, input)) return false;
    return true;
}());

int main() {
    volatile double first = 0.75;  // run time: the compiler cannot fold this away
    const std::array<double, 2> x{first, -1.5};
    const auto y = net::forward(params, x);
    int active = 0;
    for (std::size_t o = 0; o < layer::outputs; ++o) {
        const double expected = neuron_output(params.layer<0>(), o, x);
        // A tolerance, not ==: a build with -march=native may fuse w*x + b into one
        // instruction in one of the two computations and not in the other.
        if (std::abs(y[o] - expected) > 1e-15) {
            std::printf("FAILED: output %zu is %g, neuron %zu alone gives %g\n", o, y[o], o,
                        expected);
            return 1;
        }
        active += y[o] > 0;
        std::printf("neuron %2zu: relu(%7.4f * %g + %7.4f * %g + %g) = %.4f\n", o,
                    params.layer<0>().w[o][0], x[0], params.layer<0>().w[o][1], x[1],
                    params.layer<0>().b[o], y[o]);
    }
    std::printf("%d of 32 neurons are active; every layer output equals its neuron\n", active);
}
