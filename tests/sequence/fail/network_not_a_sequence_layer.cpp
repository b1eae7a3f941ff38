// Must not compile: a feed-forward layer used directly as a sequence layer (it needs
// nn::time_distributed around it).
// expect-error: every layer must be a sequence layer
#include <constgrad/nn/dense.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n =
        nn::sequence_network<nn::gru<1, 4>, nn::dense<4, 1>>::layer_count;
#endif
}
