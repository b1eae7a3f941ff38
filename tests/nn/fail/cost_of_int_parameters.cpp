// Must not compile: a cost report for int parameters.
// expect-error: constgrad::nn::cost<Net, T>: T must be the parameters' scalar type
#include <constgrad/nn/cost.hpp>
#include <constgrad/nn/dense.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4>, nn::dense<4, 1>>;

int main() {
    static_assert(nn::cost<net, float>.parameter_bytes == 68);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    static_assert(nn::cost<net, int>.parameter_bytes == 68);
#endif
}
