// Must not compile: a dense layer of no outputs.
// expect-error: In and Out must be positive
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using bad = nn::network<nn::dense<2, 0>>;
    [[maybe_unused]] auto q = bad::init(nn::seed{1});
#endif
}
