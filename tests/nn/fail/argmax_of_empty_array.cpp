// Must not compile: the argmax of an empty array.
// expect-error: argmax: the array must not be empty
#include <array>

#include <constgrad/nn/argmax.hpp>

int main() {
    [[maybe_unused]] auto k = constgrad::nn::argmax(std::array{1.0, 2.0});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto e = constgrad::nn::argmax(std::array<double, 0>{});
#endif
}
