// The Keras format has no name for leaky_relu: to_keras_json refuses it at compile time.
// expect-error: the Keras model format has no name for a layer's activation
#include <string>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
using net = nn::network<nn::dense<2, 3, nn::leaky_relu>, nn::dense<3, 1>>;
#else
using net = nn::network<nn::dense<2, 3, nn::relu>, nn::dense<3, 1>>;
#endif

int main() {
    const auto p = net::init(nn::seed{1});
    return static_cast<int>(constgrad::io::to_keras_json(p).size() % 2);
}
