// Must not compile: a sequence network without layers.
// expect-error: sequence_network<Layers...>: needs at least one layer
#include <constgrad/sequence/network.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::sequence_network<>::layer_count;
#endif
}
