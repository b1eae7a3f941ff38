// Must not compile: a convolution with kernel size 0.
// expect-error: conv1d<In, Out, Kernel, Dilation, Groups>: every argument must be positive
#include <constgrad/sequence/conv1d.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::conv1d<2, 4, 3, 2>::inputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::conv1d<2, 4, 0, 2>::inputs;
#endif
}
