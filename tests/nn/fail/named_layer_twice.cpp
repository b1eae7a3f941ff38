// Must not compile: two layers of one network with the same name.
// expect-error: two layers of the network have the same name
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/named.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

using fine = nn::network<nn::named<"hidden", nn::dense<2, 4, nn::tanh>>, nn::named<"out", nn::dense<4, 1>>>;
using twice = nn::network<nn::named<"hidden", nn::dense<2, 4, nn::tanh>>, nn::named<"hidden", nn::dense<4, 1>>>;

int main() {
    fine::parameters<double> p{};
    nn::layer<"out">(p).b[0] = 1.0;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    twice::parameters<double> q{};
    nn::layer<"hidden">(q);
#endif
}
