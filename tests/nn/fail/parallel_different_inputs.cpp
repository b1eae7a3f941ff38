// Must not compile: branches of nn::parallel reading 2 and 3 inputs.
// expect-error: every branch reads the same input, so every layer's input width must be the same
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::parallel<nn::concat, nn::dense<2, 1>, nn::dense<2, 3>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::parallel<nn::concat, nn::dense<2, 1>, nn::dense<3, 1>>>::init(nn::seed{1});
#endif
}
