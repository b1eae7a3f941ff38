// The Keras format has no name for leaky_relu: to_keras_json refuses an activation layer of it
// at compile time.
// expect-error: an activation of this sequence network has no name in the Keras model format
#include <string>

#include <constgrad/io/sequence_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/sequence/elu.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
using net = nn::sequence_network<nn::gru<1, 2>, nn::activation_layer<2, nn::leaky_relu>>;
#else
using net = nn::sequence_network<nn::gru<1, 2>, nn::activation_layer<2, nn::elu>>;
#endif

int main() {
    const net::parameters<float> p{};
    const net::buffers<float> b{};
    return static_cast<int>(constgrad::io::to_keras_json(p, b).size() % 2);
}
