// Must not compile: nn::layer<"name">(p) with a name no layer has.
// expect-error: no layer of the network has that name
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/named.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

using net = nn::network<nn::named<"encoder", nn::dense<2, 4, nn::tanh>>, nn::dense<4, 1>>;

int main() {
    net::parameters<double> p{};
    nn::layer<"encoder">(p).b[0] = 1.0;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    nn::layer<"decoder">(p);
#endif
}
