// Must not compile: 3 input channels cannot be split into 2 groups.
// expect-error: conv1d<In, Out, Kernel, Dilation, Groups>: In and Out must be multiples of Groups
#include <constgrad/sequence/conv1d.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::conv1d<4, 4, 3, 1, 2>::inputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::conv1d<3, 4, 3, 1, 2>::inputs;
#endif
}
