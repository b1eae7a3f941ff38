// Must not compile: a layer that keeps buffers (running statistics) but has only the per-sample
// functions: its training gradient need not be a sum of per-sample ones, so network needs its
// whole-batch forward_batch and backward_batch.
// expect-error: a layer with buffers<T> needs static 'init<T>.rng&, const Init&, parameters<T>&, buffers<T>&.'
#include <array>

#include <constgrad/nn/network.hpp>

#include "nn/fail/layer_parts.hpp"

namespace nn = constgrad::nn;
using namespace layer_parts;
struct running_mean {
    template <class T>
    using buffers = std::array<T, 2>;
};
struct buffered : whole, running_mean {};

int main() {
    [[maybe_unused]] auto p = nn::network<whole>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<buffered>::init(nn::seed{1});
#endif
}
