// Must not compile: batch normalisation over 0 channels.
// expect-error: batch_norm<Channels>: Channels must be positive
#include <constgrad/sequence/batch_norm.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::batch_norm<2>::inputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::batch_norm<0>::inputs;
#endif
}
