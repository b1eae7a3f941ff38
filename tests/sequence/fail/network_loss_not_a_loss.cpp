// Must not compile: gradient_into with something that is not a loss.
// expect-error: the loss must be an elementwise loss
#include <array>
#include <span>

#include <constgrad/nn/losses.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;
using net = nn::sequence_network<nn::gru<1, 2>>;

int main() {
    static net::workspace<double, 4> ws;
    net::parameters<double> p{}, g{};
    net::buffers<double> b{};
    std::array<net::state<double>, 1> s{};
    const std::array<std::array<double, 1>, 4> xs{};
    const std::array<std::array<double, 2>, 4> ys{};
    [[maybe_unused]] auto l = net::gradient_into(
        p, b, std::span<net::state<double>>(s), 4, std::span<const std::array<double, 1>>(xs),
        std::span<const std::array<double, 2>>(ys), nn::squared_error_t{}, g, ws);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto bad = net::gradient_into(
        p, b, std::span<net::state<double>>(s), 4, std::span<const std::array<double, 1>>(xs),
        std::span<const std::array<double, 2>>(ys), 0.5, g, ws);
#endif
}
