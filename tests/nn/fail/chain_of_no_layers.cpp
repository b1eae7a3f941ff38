// Must not compile: an empty nn::chain.
// expect-error: a chain needs at least one layer
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/chain.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::chain<nn::dense<2, 2>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::chain<>>::init(nn::seed{1});
#endif
}
