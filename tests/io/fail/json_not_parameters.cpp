// parse_keras_json<P> needs a network's parameter type.
// expect-error: parse_keras_json<P>: P must be a network's parameter type
#include <string_view>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 1>>;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    auto p = constgrad::io::parse_keras_json<net>(std::string_view("{}"));  // the network, not its parameters
    return p.layer_count > 0 ? 0 : 1;
#else
    auto p = constgrad::io::parse_keras_json<net::parameters<double>>(std::string_view("{}"));
    return static_cast<int>(p.layer<0>().b[0]);
#endif
}
