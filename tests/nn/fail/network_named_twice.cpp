// Must not compile: two layers with one name, refused where the network is declared (used),
// before any nn::layer<"name"> or state_dict_keys.
// expect-error: two layers of the network have the same name
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/named.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

using fine = nn::network<nn::named<"hidden", nn::dense<2, 4, nn::tanh>>, nn::named<"out", nn::dense<4, 1>>>;

int main() {
    [[maybe_unused]] fine::parameters<double> p{};
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using twice = nn::network<nn::named<"hidden", nn::dense<2, 4, nn::tanh>>, nn::named<"hidden", nn::dense<4, 1>>>;
    [[maybe_unused]] twice::parameters<double> q{};
#endif
}
