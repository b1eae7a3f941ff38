// Must not compile: the whole-batch gradient with the workspace of another network.
// expect-error: expected this network's workspace<T, MaxBatch>, T the parameters' scalar type
#include <array>
#include <span>

#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 3>, nn::batch_norm<3>>;
using other = nn::network<nn::dense<2, 3>>;

int main() {
    const auto p = net::init(nn::seed{1});
    auto b = net::buffers<double>{};
    net::parameters<double> g{};
    std::array<net::sample_type<double>, 4> batch{};
    static net::workspace<double, 4> ws;
    net::gradient_into(g, nn::mse, p, b, std::span(batch), ws, nn::mode::train);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    static other::workspace<double, 4> wrong;
    net::gradient_into(g, nn::mse, p, b, std::span(batch), wrong, nn::mode::train);
#endif
}
