// A sequence layer the JSON model io has no mapping for (a user's own layer) does not compile.
// expect-error: a layer of this sequence network has no JSON mapping
#include <array>
#include <cstddef>
#include <string>

#include <constgrad/io/sequence_json.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/prelu.hpp>

namespace nn = constgrad::nn;

// The types of a sequence layer (sequence/layer.hpp), enough for the parameter io.
struct my_layer {
    static constexpr std::size_t inputs = 2;
    static constexpr std::size_t outputs = 2;
    template <class T>
    using parameters = nn::prelu_parameters<T, 2>;
    template <class T>
    using buffers = nn::no_buffers;
    template <class T>
    using state = nn::no_buffers;
    template <class T, std::size_t MaxFrames>
    using workspace = nn::no_buffers;
};

#ifdef CONSTGRAD_MUST_NOT_COMPILE
using net = nn::sequence_network<my_layer>;
#else
using net = nn::sequence_network<nn::prelu<2>>;
#endif

int main() {
    const net::parameters<double> p{};
    const net::buffers<double> b{};
    return static_cast<int>(constgrad::io::to_torch_json(p, b).size() % 2);
}
