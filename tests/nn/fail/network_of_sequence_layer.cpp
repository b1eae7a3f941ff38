// Must not compile: a recurrent layer (it carries h between calls) in a feed-forward network.
// expect-error: this layer carries state between calls .* use nn::sequence_network
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;

using fine = nn::sequence_network<nn::gru<2, 3>>;

int main() {
    [[maybe_unused]] fine::parameters<double> p{};
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    using refused = nn::network<nn::gru<2, 3>, nn::dense<3, 1>>;
    [[maybe_unused]] refused::parameters<double> q{};
#endif
}
