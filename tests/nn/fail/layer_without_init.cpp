// Must not compile: a layer type without init.
// expect-error: a layer needs a static 'init<T>.rng&, const Init&, parameters<T>&.'
#include <constgrad/nn/network.hpp>

#include "nn/fail/layer_parts.hpp"

namespace nn = constgrad::nn;
using namespace layer_parts;
struct incomplete : has_widths, has_parameters, has_forward, has_forward_recording, has_backward {};

int main() {
    [[maybe_unused]] auto p = nn::network<whole>::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto q = nn::network<incomplete>::init(nn::seed{1});
#endif
}
