// Must not compile: another network's buffers (float ones, for double parameters).
// expect-error: expected this network's buffers .network<...>::buffers<T>, T the parameters' scalar type.
#include <array>

#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 3>, nn::batch_norm<3>>;

int main() {
    const auto p = net::init(nn::seed{1});
    const auto b = net::buffers<double>{};
    [[maybe_unused]] auto y = net::forward(p, b, std::array{1.0, 2.0});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const auto wrong = net::buffers<float>{};
    [[maybe_unused]] auto z = net::forward(p, wrong, std::array{1.0, 2.0});
#endif
}
