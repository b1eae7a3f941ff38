// A layer type the JSON model io has no mapping for (a user's own layer).
// expect-error: a layer of this network has no JSON mapping
#include <cstddef>
#include <string>

#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/parameters.hpp>

namespace nn = constgrad::nn;

// Satisfies nn::Layer: widths and a parameter type, nothing the JSON formats know.
struct scaling_layer {
    static constexpr std::size_t inputs = 2;
    static constexpr std::size_t outputs = 2;
    template <class T>
    using parameters = nn::dense_parameters<T, 2, 2>;
};

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const nn::network_parameters<double, scaling_layer> p{};
#else
    const nn::network_parameters<double, nn::dense<2, 2>> p{};
#endif
    return static_cast<int>(constgrad::io::to_torch_json(p).size() % 2);
}
