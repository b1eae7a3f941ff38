// A nonlinear audio effect with memory learned by a GRU, then streamed sample by sample.
//
// The effect: a one-pole low-pass (y1[n] = 0.9 y1[n-1] + 0.1 x[n], cutoff ~800 Hz at 48 kHz)
// into a tanh saturation with gain 4: y[n] = tanh(4 y1[n]). The input: 2 s at 48 kHz of sines
// (random frequency 40 Hz-4 kHz, amplitude 0.1-1, changing every 2,048 samples) plus a little
// noise. The model: nn::gru<1, 12> then a time-distributed dense layer to one output. Eight
// sequences walk through the training signal in windows of 128 frames, each carrying its state
// to the next window (truncated BPTT); loss: mean squared error per frame; Adam.
//
// Then a held-out signal (another seed, 0.5 s) is streamed through nn::stream one sample at a
// time and the error-to-signal ratio ESR = Σ(y - ŷ)² / Σy² is measured; the program exits 1
// unless ESR <= 0.01. Predicting 0 gives ESR 1; the saturation alone (no low-pass memory),
// tanh(4x), gives about 0.3: the memory has to be learned. About 2 s (Release).
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <span>
#include <vector>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/rng.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

using net = nn::sequence_network<nn::gru<1, 12>, nn::time_distributed<nn::dense<12, 1>>>;
using P = net::parameters<float>;

constexpr std::size_t rate = 48000;
constexpr std::size_t sequences = 8;  // S
constexpr std::size_t frames = 128;   // frames per window
constexpr std::size_t steps = 3000;

struct signal {
    std::vector<std::array<float, 1>> x, y;
};

// Sines of random frequency and amplitude, then the effect.
signal make_signal(std::size_t n, std::uint64_t seed) {
    signal s;
    s.x.resize(n);
    s.y.resize(n);
    nn::rng r{nn::seed{seed}};
    double phase = 0, freq = 0, amp = 0, y1 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 2048 == 0) {
            freq = 40.0 * std::pow(100.0, r.uniform01());
            amp = r.uniform(0.1, 1.0);
        }
        phase += 2 * 3.141592653589793 * freq / rate;
        const double x = amp * std::sin(phase) + r.uniform(-0.02, 0.02);
        y1 = 0.9 * y1 + 0.1 * x;
        s.x[i] = {static_cast<float>(x)};
        s.y[i] = {static_cast<float>(std::tanh(4 * y1))};
    }
    return s;
}

// What training needs, placed once on the heap (the workspace is ~450 KB).
struct training {
    P p{}, g{};
    net::buffers<float> b{};
    net::workspace<float, sequences * frames> ws;
    optim::adam_state<P> adam;
    std::array<net::state<float>, sequences> states{};
    std::array<std::array<float, 1>, sequences * frames> xs;
    std::array<std::array<float, 1>, sequences * frames> ys;
};

int main() {
    const signal train_signal = make_signal(2 * rate, 1);
    const signal test_signal = make_signal(rate / 2, 2);

    auto t = std::make_unique<training>();
    nn::rng r{nn::seed{7}};
    net::init<float>(r, nn::recurrent_uniform{}, t->p, t->b);
    optim::adam_ref<P> opt{.state = t->adam,
                           .learning_rate = optim::linear_decay(0.01, 0.001, steps)};

    // Sequence s walks through its own stretch of the training signal, window after window.
    const std::size_t stretch = train_signal.x.size() / sequences;
    const std::size_t windows_per_stretch = stretch / frames;
    float loss = 0;
    for (std::size_t step = 0; step < steps; ++step) {
        const std::size_t w = step % windows_per_stretch;
        if (w == 0) t->states = {};  // back to the start of every stretch: zero state
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t f = 0; f < frames; ++f) {
                const std::size_t i = s * stretch + w * frames + f;
                t->xs[s * frames + f] = train_signal.x[i];
                t->ys[s * frames + f] = train_signal.y[i];
            }
        t->g = P{};
        loss =
            net::gradient_into(t->p, t->b, std::span<net::state<float>>(t->states), frames,
                               std::span<const std::array<float, 1>>(t->xs),
                               std::span<const std::array<float, 1>>(t->ys), nn::mse, t->g, t->ws);
        opt.step(t->p, t->g);
        if (step % 500 == 0)
            std::printf("step %4zu  window mse %.6f\n", step, static_cast<double>(loss));
    }

    // Stream the held-out signal one sample at a time.
    nn::stream<net, float> live;
    double err = 0, energy = 0;
    for (std::size_t i = 0; i < test_signal.x.size(); ++i) {
        const float y = live.step(t->p, t->b, test_signal.x[i])[0];
        const double d = static_cast<double>(y) - test_signal.y[i][0];
        err += d * d;
        energy += static_cast<double>(test_signal.y[i][0]) * test_signal.y[i][0];
    }
    const double esr = err / energy;
    std::printf("held-out signal streamed sample by sample: ESR %.5f\n", esr);
    if (esr > 0.01) {
        std::printf("did not learn the effect (ESR > 0.01)\n");
        return 1;
    }
    std::printf("learned the effect: ESR %.5f <= 0.01\n", esr);
}
