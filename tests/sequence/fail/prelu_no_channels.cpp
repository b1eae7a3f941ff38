// Must not compile: PReLU over 0 channels.
// expect-error: prelu<Channels>: Channels must be positive
#include <constgrad/sequence/prelu.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::prelu<2>::inputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::prelu<0>::inputs;
#endif
}
