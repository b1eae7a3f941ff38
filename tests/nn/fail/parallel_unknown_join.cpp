// Must not compile: nn::parallel joined by something other than nn::concat or nn::sum.
// expect-error: Join must be nn::concat or nn::sum
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::parallel<nn::concat, nn::dense<2, 1>, nn::dense<2, 1>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::parallel<nn::tanh, nn::dense<2, 1>, nn::dense<2, 1>>>::init(nn::seed{1});
#endif
}
