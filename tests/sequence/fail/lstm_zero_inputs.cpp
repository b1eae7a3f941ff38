// Must not compile: an LSTM over frames of zero values.
// expect-error: lstm<In, Hidden>: In and Hidden must be positive
#include <constgrad/sequence/lstm.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::lstm<0, 2>::outputs;
#endif
}
