// Must not compile: a layer type where an activation belongs.
// expect-error: activation_layer<Channels, Act>: Channels must be positive and Act an activation
#include <constgrad/nn/dense.hpp>
#include <constgrad/sequence/elu.hpp>

namespace nn = constgrad::nn;

int main() {
    [[maybe_unused]] constexpr auto fine = nn::activation_layer<4, nn::tanh>::inputs;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = nn::activation_layer<4, nn::dense<4, 4>>::inputs;
#endif
}
