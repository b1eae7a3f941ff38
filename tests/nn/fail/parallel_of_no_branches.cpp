// Must not compile: nn::parallel without branches.
// expect-error: parallel needs at least one branch
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::parallel<nn::sum, nn::dense<2, 1>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::parallel<nn::sum>>::init(nn::seed{1});
#endif
}
