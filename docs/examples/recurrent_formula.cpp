// The minimal gated unit (Zhou et al., 2016), a cell constgrad does not ship, written as a tensor
// formula: nn::recurrent_formula derives its BPTT and streaming. It learns a low-pass filter into
// tanh; exits 1 unless the streamed held-out error-to-signal ratio Σ(y - ŷ)²/Σy² is <= 0.01.
#include <cmath>
#include <cstdio>
#include <constgrad/realtime.hpp>
namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

// ---- the cell ----
using in = nn::recurrent_inputs<1, 8>;  // in::x the frame, in::h the previous state
constexpr t::matrix<"W_f", 8, 1> W_f;
constexpr t::matrix<"U_f", 8, 8> U_f;
constexpr t::vector<"b_f", 8> b_f;
constexpr t::matrix<"W_h", 8, 1> W_h;
constexpr t::matrix<"U_h", 8, 8> U_h;
constexpr t::vector<"b_h", 8> b_h;
constexpr auto f = t::apply<nn::sigmoid>(W_f * in::x + U_f * in::h + b_f);  // the forget gate
constexpr auto mgu = (1 - f) * in::h + f * t::apply<nn::tanh>(W_h * in::x + U_h * (f * in::h) + b_h);
using net = nn::sequence_network<nn::recurrent_formula<mgu, 1, 8>, nn::time_distributed<nn::dense<8, 1>>>;
// ----

nn::rng r{nn::seed{1}};
double lowpass = 0;  // the effect: lowpass += 0.2 (x - lowpass), y = tanh(3 lowpass)
void sample(double& x, double& y) {
    x = r.uniform(-1.0, 1.0);
    lowpass += 0.2 * (x - lowpass);
    y = std::tanh(3 * lowpass);
}
// Static storage: parameters, gradient, Adam's moments, what BPTT records over 64 frames.
net::parameters<double> p, g;
net::buffers<double> b;
net::workspace<double, 64> ws;
constgrad::optim::adam<net::parameters<double>> adam{.learning_rate = 0.01};
std::array<std::array<double, 1>, 64> xs, ys;
std::array<net::state<double>, 1> state;  // carried from window to window (truncated BPTT)
using frames = std::span<const std::array<double, 1>>;

int main() {
    net::init<double>(r, nn::recurrent_uniform{}, p, b);
    for (int step = 0; step < 3000; ++step) {
        for (std::size_t k = 0; k < 64; ++k) sample(xs[k][0], ys[k][0]);
        g = {};
        net::gradient_into(p, b, std::span<net::state<double>>(state), 64, frames(xs), frames(ys), nn::mse, g, ws);
        adam.step(p, g);
    }
    nn::stream<net, double> s;  // held out: fresh samples, streamed one at a time
    double x, y, error = 0, energy = 0;
    for (int k = 0; k < 4096; ++k) {
        sample(x, y);
        const double e = s.step(p, b, {x})[0] - y;
        error += e * e;
        energy += y * y;
    }
    std::printf(error / energy <= 0.01 ? "learned the filter: ESR %.5f\n" : "FAILED: ESR %.5f\n", error / energy);
    return error / energy <= 0.01 ? 0 : 1;
}
