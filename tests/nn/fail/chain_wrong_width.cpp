// Must not compile: inside nn::chain, a layer of 3 outputs feeds a layer of 4 inputs.
// expect-error: nn::chain<Layers...>: a layer's input width must equal the previous layer's output width
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/chain.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::chain<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::chain<nn::dense<2, 3, nn::tanh>, nn::dense<4, 1>>>::init(nn::seed{1});
#endif
}
