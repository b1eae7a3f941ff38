// Must not compile: a GRU of 4 units feeding an LSTM that expects 3 inputs.
// expect-error: a layer's inputs must equal the previous layer's outputs
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n =
        nn::sequence_network<nn::gru<1, 4>, nn::lstm<3, 2>>::layer_count;
#endif
}
