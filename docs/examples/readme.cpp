// The README's first example: a formula checked by the compiler, and XOR learned by a network.
#include <constgrad/constgrad.hpp>
#include <cstdio>
namespace cg = constgrad;
namespace nn = constgrad::nn;

constexpr cg::variable<"x"> x;
constexpr auto f = 3 * x * x + 4 * x;
static_assert(cg::gradient(f, x = 2.0)[x] == 16.0);  // one reverse sweep, by the compiler
static_assert(cg::gradient_check(f, x = 2.0));       // against finite differences

using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;  // shapes are types
constexpr std::array<net::sample_type<double>, 4> xor_data{
    {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};

int main() {
    auto params = net::init(nn::seed{1});
    cg::optim::sgd opt{.learning_rate = 0.1};
    nn::fit<net>(params, opt, nn::squared_error, xor_data, {.epochs = 300});  // no heap use
    int correct = 0;
    for (const auto& [in, target] : xor_data) {
        const double out = net::forward(params, in)[0];
        std::printf("%g xor %g = %.3f\n", in[0], in[1], out);
        correct += (out > 0.5) == (target[0] > 0.5);
    }
    return correct == 4 ? 0 : 1;
}
