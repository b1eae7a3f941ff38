// Must not compile: a GRU of zero units.
// expect-error: gru<In, Hidden>: In and Hidden must be positive
#include <constgrad/sequence/gru.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::gru<1, 0>::outputs;
#endif
}
