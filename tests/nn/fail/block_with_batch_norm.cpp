// Must not compile: a batch norm inside a residual block (the blocks do not carry buffers).
// expect-error: a layer with buffers .batch norm. cannot be inside a block yet: put it directly in nn::network
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/residual.hpp>

namespace nn = constgrad::nn;

using fine = nn::network<nn::dense<2, 3>, nn::batch_norm<3>, nn::residual<nn::dense<3, 3>>>;

int main() {
    [[maybe_unused]] fine::parameters<double> p{};
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using refused = nn::network<nn::dense<2, 3>, nn::residual<nn::dense<3, 3>, nn::batch_norm<3>>>;
    [[maybe_unused]] refused::parameters<double> q{};
#endif
}
