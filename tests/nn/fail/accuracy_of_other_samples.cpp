// Must not compile: accuracy over samples of neither the output width nor one wide.
// expect-error: accuracy: the batch's samples must be nn::sample<T, input width, output width>
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 3>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
    const std::array<nn::sample<double, 2, 1>, 1> by_index{{{{0.0, 1.0}, {2.0}}}};
    [[maybe_unused]] double ok = net::accuracy(p, by_index);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const std::array<nn::sample<double, 2, 2>, 1> data{{{{0.0, 1.0}, {1.0, 0.0}}}};
    [[maybe_unused]] double a = net::accuracy(p, data);
#endif
}
