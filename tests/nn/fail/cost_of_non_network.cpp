// Must not compile: the cost report of a layer, not of a network.
// expect-error: constgrad::nn::cost<Net, T>: Net must be an nn::network<Layers...>
#include <constgrad/nn/cost.hpp>
#include <constgrad/nn/dense.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4>, nn::dense<4, 1>>;

int main() {
    static_assert(nn::cost<net>.parameter_count == 17);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    static_assert(nn::cost<nn::dense<2, 4>>.parameter_count == 12);
#endif
}
