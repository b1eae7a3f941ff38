// Sequence classification: is a window of samples a sine, a square or a sawtooth wave?
//
// Each window: 64 samples of one of the three waveforms with a random frequency (1.5-6 cycles
// per window), phase, amplitude (0.3-1) and uniform noise (±0.1). The model: nn::gru<1, 16>
// then a time-distributed dense layer to 3 logits; the loss is sparse softmax cross-entropy on
// the LAST frame of each window only (nn::scored::last_frame): the GRU must have read the whole
// window. Batches of 32 fresh windows, each from the zero state; Adam.
//
// Then 900 held-out windows (another seed) are classified by streaming each through
// nn::stream and taking the arg-max of the last frame's logits; the program exits 1 unless the
// accuracy is at least 95%. Chance is 33%.
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <span>

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

using net = nn::sequence_network<nn::gru<1, 16>, nn::time_distributed<nn::dense<16, 3>>>;
using P = net::parameters<float>;

constexpr std::size_t frames = 64;
constexpr std::size_t batch = 32;
constexpr std::size_t steps = 1500;

// One window of waveform `kind` (0 sine, 1 square, 2 sawtooth) into x.
void make_window(nn::rng& r, std::size_t kind, std::span<std::array<float, 1>> x) {
    const double cycles = r.uniform(1.5, 6.0), phase = r.uniform01(), amp = r.uniform(0.3, 1.0);
    for (std::size_t t = 0; t < frames; ++t) {
        const double u = phase + cycles * static_cast<double>(t) / frames;  // in cycles
        const double frac = u - std::floor(u);
        double v = 0;
        if (kind == 0) v = std::sin(2 * 3.141592653589793 * u);
        if (kind == 1) v = frac < 0.5 ? 1.0 : -1.0;
        if (kind == 2) v = 2 * frac - 1;
        x[t] = {static_cast<float>(amp * v + r.uniform(-0.1, 0.1))};
    }
}

struct training {
    P p{}, g{};
    net::buffers<float> b{};
    net::workspace<float, batch * frames> ws;
    optim::adam_state<P> adam;
    std::array<net::state<float>, batch> states{};
    std::array<std::array<float, 1>, batch * frames> xs;
    std::array<std::array<float, 1>, batch> classes;
};

int main() {
    auto t = std::make_unique<training>();
    nn::rng r{nn::seed{11}};
    net::init<float>(r, nn::recurrent_uniform{}, t->p, t->b);
    optim::adam_ref<P> opt{.state = t->adam,
                           .learning_rate = optim::linear_decay(0.01, 0.001, steps)};

    for (std::size_t step = 0; step < steps; ++step) {
        for (std::size_t s = 0; s < batch; ++s) {
            const std::size_t kind = r.below(3);
            make_window(r, kind, std::span(t->xs).subspan(s * frames, frames));
            t->classes[s] = {static_cast<float>(kind)};
        }
        t->states = {};  // independent windows: each from the zero state
        t->g = P{};
        const float loss = net::gradient_into(t->p, t->b, std::span<net::state<float>>(t->states),
                                              frames, std::span<const std::array<float, 1>>(t->xs),
                                              std::span<const std::array<float, 1>>(t->classes),
                                              nn::sparse_softmax_cross_entropy, t->g, t->ws,
                                              nn::scored::last_frame);
        opt.step(t->p, t->g);
        if (step % 250 == 0)
            std::printf("step %4zu  batch cross-entropy %.4f\n", step, static_cast<double>(loss));
    }

    nn::rng held_out{nn::seed{12345}};
    std::size_t correct = 0, total = 900;
    std::array<std::array<float, 1>, frames> window;
    nn::stream<net, float> live;
    for (std::size_t i = 0; i < total; ++i) {
        const std::size_t kind = i % 3;
        make_window(held_out, kind, window);
        live.reset();
        std::array<float, 3> logits{};
        for (const auto& x : window) logits = live.step(t->p, t->b, x);
        std::size_t best = 0;
        for (std::size_t k = 1; k < 3; ++k)
            if (logits[k] > logits[best]) best = k;
        correct += best == kind;
    }
    const double accuracy = 100.0 * static_cast<double>(correct) / static_cast<double>(total);
    std::printf("held-out accuracy %.1f%% (%zu of %zu windows)\n", accuracy, correct, total);
    if (accuracy < 95.0) {
        std::printf("did not learn to tell the waveforms apart (< 95%%)\n");
        return 1;
    }
    std::printf("sine, square and sawtooth told apart: %.1f%% >= 95%%\n", accuracy);
}
