// Must not compile: time_distributed of a sequence layer (a convolution has no per-sample
// forward; it is a sequence layer already).
// expect-error: time_distributed<Layer>: Layer must be a feed-forward layer such as nn::dense
#include <constgrad/nn/dense.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::time_distributed<nn::dense<3, 2>>::outputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::time_distributed<nn::conv1d<3, 2, 3, 1>>::outputs;
#endif
}
