// The JSON model io reads and writes float and double parameters only.
// expect-error: the JSON model io reads and writes float and double parameters only
#include <string_view>

#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 1>>;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    auto p = constgrad::io::parse_torch_json<net::parameters<long double>>(std::string_view("{}"));
#else
    auto p = constgrad::io::parse_torch_json<net::parameters<double>>(std::string_view("{}"));
#endif
    return static_cast<int>(p.layer<0>().b[0]);
}
