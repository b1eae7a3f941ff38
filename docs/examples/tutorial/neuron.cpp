// Tutorial, chapter "Neuron": one neuron written twice, as a formula and as a layer type.
//
// A neuron weighs its inputs, adds a bias and passes the sum through an activation. With
// constgrad you can write that sum as a scalar formula of named variables, or use the
// ready-made layer nn::neuron<In, Act>; both give the same number, at compile time and at
// run time. Exits 1 if they disagree with the value worked out by hand.
#include <array>
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/evaluate.hpp>
#include <constgrad/expr/functions/relu.hpp>
#include <constgrad/expr/to_string.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;

// The formula: every weight, input and the bias is a variable, named in its type.
constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"w3"> w3;
constexpr cg::variable<"b"> b;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;
constexpr cg::variable<"x3"> x3;

constexpr auto neuron = cg::relu(w1 * x1 + w2 * x2 + w3 * x3 + b);
static_assert(cg::to_string(neuron) == "relu(w1 * x1 + w2 * x2 + w3 * x3 + b)");

// w = (0.5, -1, 2), b = 0.25, x = (2, 1, 0.5): 1 - 1 + 1 + 0.25 = 1.25, and relu keeps it.
static_assert(cg::evaluate(neuron, w1 = 0.5, w2 = -1.0, w3 = 2.0, b = 0.25,  //
                           x1 = 2.0, x2 = 1.0, x3 = 0.5) == 1.25);
// x = (1, 3, 0): 0.5 - 3 + 0 + 0.25 = -2.25 is negative, so relu outputs 0.
static_assert(cg::evaluate(neuron, w1 = 0.5, w2 = -1.0, w3 = 2.0, b = 0.25,  //
                           x1 = 1.0, x2 = 3.0, x3 = 0.0) == 0.0);

// The same neuron as a layer type: 3 inputs, relu. Its parameters are plain numbers, laid
// out as the weights w1, w2, w3 and then the bias b.
using one_neuron = nn::network<nn::neuron<3, nn::relu>>;
constexpr auto params = nn::unflatten<one_neuron::parameters<double>>({0.5, -1.0, 2.0, 0.25});
static_assert(one_neuron::forward(params, std::array{2.0, 1.0, 0.5})[0] == 1.25);
static_assert(one_neuron::forward(params, std::array{1.0, 3.0, 0.0})[0] == 0.0);

int main() {
    // The same at run time, on inputs the compiler cannot see in advance.
    volatile double input = 2.0;
    const double x[3] = {input, 1.0, 0.5};
    const double by_formula = cg::evaluate(neuron, w1 = 0.5, w2 = -1.0, w3 = 2.0, b = 0.25,
                                           x1 = x[0], x2 = x[1], x3 = x[2]);
    const double by_layer = one_neuron::forward(params, std::array{x[0], x[1], x[2]})[0];
    std::printf("neuron:  %s\n", cg::to_string(neuron).str().c_str());
    std::printf("formula: %g\nlayer:   %g\n", by_formula, by_layer);
    if (by_formula != 1.25 || by_layer != 1.25) {
        std::printf("FAILED: expected 1.25 from both\n");
        return 1;
    }
    std::printf("both neurons give 1.25\n");
}
