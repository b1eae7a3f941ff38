// Must not compile: nn::parallel<nn::sum> of branches with 1 and 3 outputs (concat would take them).
// expect-error: the outputs are added, so every layer's output width must be the same
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::parallel<nn::sum, nn::dense<2, 3>, nn::dense<2, 3, nn::tanh>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::parallel<nn::sum, nn::dense<2, 1>, nn::dense<2, 3>>>::init(nn::seed{1});
#endif
}
