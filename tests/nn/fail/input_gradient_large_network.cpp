// Must not compile: input_gradient without a buffer would keep a 2.15 MB gradient on the stack.
// expect-error: larger than nn::stack_budget: pass a caller-placed gradient buffer
#include <memory>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<784, 256, nn::relu>, nn::dense<256, 256, nn::relu>,
                        nn::dense<256, 10>>;

int main() {
    auto p = std::make_unique<net::parameters<double>>();
    auto scratch = std::make_unique<net::parameters<double>>();
    const net::input<double> x{};
    const net::output<double> y{};
    [[maybe_unused]] auto dx = net::input_gradient(nn::mse, *p, x, y, *scratch);  // fine
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    dx = net::input_gradient(nn::mse, *p, x, y);
#endif
}
