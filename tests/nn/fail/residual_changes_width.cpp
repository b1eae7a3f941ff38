// Must not compile: a residual block whose layers map 2 inputs to 3 outputs (x + f(x) is undefined).
// expect-error: needs the layers' output width to equal their input width
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/residual.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] auto p = nn::network<nn::residual<nn::dense<2, 3, nn::tanh>, nn::dense<3, 2>>>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<nn::residual<nn::dense<2, 3, nn::tanh>>>::init(nn::seed{1});
#endif
}
