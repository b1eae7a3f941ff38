// Tutorial, chapter "Network": layers composed, the output of one the input of the next.
//
// nn::network<L1, L2, L3, L4, L5> computes L5(L4(L3(L2(L1(x))))). This program builds a
// five-layer network, runs it, and runs the same five layers one after another by hand: the
// two must agree exactly, at compile time and at run time. Exits 1 if they do not.
#include <array>
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

using L1 = nn::dense<3, 8, nn::relu>;  // 3 inputs -> 8
using L2 = nn::dense<8, 8, nn::relu>;  // 8 -> 8
using L3 = nn::dense<8, 8, nn::tanh>;  // 8 -> 8
using L4 = nn::dense<8, 4, nn::relu>;  // 8 -> 4
using L5 = nn::dense<4, 2>;            // 4 -> 2 outputs, no activation (nn::identity)
using net = nn::network<L1, L2, L3, L4, L5>;

// Widths must chain: each layer takes as many inputs as the previous one gives outputs
// (nn::network<nn::dense<3, 8>, nn::dense<4, 2>> does not compile). The first layer fixes
// the input width, the last one the output width.
static_assert(net::layer_count == 5);
static_assert(net::input_size == 3 && net::output_size == 2);
static_assert(net::parameter_count == (3 * 8 + 8) + (8 * 8 + 8) * 2 + (8 * 4 + 4) + (4 * 2 + 2));

// L5(L4(L3(L2(L1(x))))), one layer at a time.
constexpr std::array<double, 2> by_hand(const net::parameters<double>& p,
                                        const std::array<double, 3>& x) {
    std::array<double, 8> h1{}, h2{}, h3{};
    std::array<double, 4> h4{};
    std::array<double, 2> out{};
    L1::forward(p.layer<0>(), x, h1);
    L2::forward(p.layer<1>(), h1, h2);
    L3::forward(p.layer<2>(), h2, h3);
    L4::forward(p.layer<3>(), h3, h4);
    L5::forward(p.layer<4>(), h4, out);
    return out;
}

constexpr auto params = net::init(nn::seed{7});
constexpr std::array<double, 3> x{1.0, -0.5, 2.0};
static_assert(net::forward(params, x) == by_hand(params, x));

int main() {
    volatile double first = 1.0;  // run time: not folded by the compiler
    const std::array<double, 3> input{first, -0.5, 2.0};
    const auto out = net::forward(params, input);
    const auto expected = by_hand(params, input);
    std::printf("NN(%g, %g, %g) = (%.6f, %.6f)\n", input[0], input[1], input[2], out[0], out[1]);
    std::printf("L5(L4(L3(L2(L1(x))))) = (%.6f, %.6f)\n", expected[0], expected[1]);
    if (out != expected) {
        std::printf("FAILED: the network and its layers composed by hand differ\n");
        return 1;
    }
    std::printf("the network equals its five layers composed\n");
}
