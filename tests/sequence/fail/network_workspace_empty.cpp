// Must not compile: a training workspace with room for no sequence.
// expect-error: both capacities must be positive
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;
using net = nn::sequence_network<nn::gru<1, 4>>;

int main() {
    static net::workspace<double, 8, 1> ws;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    static net::workspace<double, 8, 0> none;
    return static_cast<int>(sizeof ws + sizeof none);
#else
    return static_cast<int>(sizeof ws);
#endif
}
