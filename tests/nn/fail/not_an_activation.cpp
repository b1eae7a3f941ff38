// Must not compile: a layer whose activation is not one.
// expect-error: Act is not an activation
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    struct not_a_formula {};
    using bad = nn::network<nn::dense<2, 4, not_a_formula>>;
    [[maybe_unused]] auto q = bad::init(nn::seed{1});
#endif
}
