// Must not compile: state-dict keys of a network with a layer that has no weight and bias.
// expect-error: every layer must hold a weight and a bias
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/named.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/residual.hpp>

namespace nn = constgrad::nn;

using dense_net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 2>>;
using residual_net = nn::network<nn::dense<2, 4, nn::tanh>, nn::residual<nn::dense<4, 4, nn::tanh>>>;

int main() {
    static_assert(nn::state_dict_keys<dense_net>()[2] == "2.weight");
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto keys = nn::state_dict_keys<residual_net>();
#endif
}
