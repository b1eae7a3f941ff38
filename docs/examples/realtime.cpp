// Real-time build: a waveshaper and a GRU effect learned and run with -fno-exceptions -fno-rtti.
//
// Includes only constgrad/realtime.hpp (everything but tape/ and io/, which throw), as an
// audio plug-in would. A 1-8-8-1 tanh network in float learns the soft clipper
// y = tanh(2.5 x) / tanh(2.5) on [-1, 1] from 256 evenly spaced samples (Adam, learning rate
// 0.01 decaying to 0.001, shuffled mini-batches of 8, nn::fit); parameters, optimizer and data
// live in static storage. Then it runs the way a plug-in does: a snapshot nn::inference
// processes one sample at a time, and Net::forward_batch a block of 64 samples at once.
// Exits 1 unless
//  - the largest error of both on 1000 points between the training points is below 0.005
//    (0.5 % of full scale; the run ends near 0.001, a safety factor of about 5, while the
//    least-squares line, error 0.33, or odd cubic, 0.12, fails it), and both agree with
//    Net::forward within 1e-5 (rounding of another summation order);
//  - a GRU (nn::gru<1, 8> and a time-distributed read-out) trained by truncated BPTT on a
//    one-pole low-pass y[n] = 0.9 y[n-1] + 0.1 x[n] (4 sequences x 64 frames per window, Adam)
//    and then streamed with nn::stream does not reach ESR = Σ(y - ŷ)²/Σy² <= 0.01 on a
//    held-out signal (zero prediction: 1), or the stream's process() (a buffer of 64) differs
//    from step() frame by frame (it is the same arithmetic: bit for bit);
//  - the one input nn::fit refuses (shuffling a const span of run-time extent, which it would
//    have to reorder in place) is refused as documented without exceptions: an epoch_report
//    with epoch 0, no step and a NaN loss, parameters and optimizer untouched.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "realtime.cpp is the -fno-exceptions example: build it with -fno-exceptions -fno-rtti"
#endif
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
#error "realtime.cpp is the -fno-rtti example: build it with -fno-exceptions -fno-rtti"
#endif

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <span>

#include <constgrad/realtime.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

using net = nn::network<nn::dense<1, 8, nn::tanh>, nn::dense<8, 8, nn::tanh>, nn::dense<8, 1>>;
using seq_net = nn::sequence_network<nn::gru<1, 8>, nn::time_distributed<nn::dense<8, 1>>>;
using seq_params_t = seq_net::parameters<float>;
using params_t = net::parameters<float>;
using sample_t = net::sample_type<float>;

namespace {

constexpr std::size_t n = 256;
constexpr std::size_t block = 64;

float shaper(float x) { return std::tanh(2.5f * x) / std::tanh(2.5f); }

// Everything placed once, before the audio thread starts: nothing on the heap, nothing large on
// the stack.
params_t params;
constexpr std::size_t epochs = 400, batch = 8;
// 0.01 decaying to 0.001 over the run: a fixed 0.01 keeps jumping around the minimum.
optim::adam<params_t> adam{
    .learning_rate = optim::exponential_decay(0.01, std::pow(0.1, 1.0 / (epochs * (n / batch))))};
std::array<sample_t, n> data;
std::array<net::input<float>, block> block_in;
std::array<net::output<float>, block> block_out;

// The sequence model's objects, also placed once: parameters, gradient, buffers, Adam's state,
// the training workspace (every layer's per-frame record for one window), the states of the
// sequences, and the window's frames.
constexpr std::size_t sequences = 4, frames = 64, seq_steps = 600;
seq_params_t seq_params, seq_gradient;
seq_net::buffers<float> seq_buffers;
optim::adam_state<seq_params_t> seq_adam_state;
seq_net::workspace<float, sequences * frames> seq_workspace;
std::array<seq_net::state<float>, sequences> seq_states;
std::array<std::array<float, 1>, sequences * frames> seq_x, seq_y;
std::array<std::array<float, 1>, block> stream_in, stream_out;

// Input: sum of two sines whose frequencies change with the seed; target: the low-pass.
float input_sample(std::size_t i, std::uint64_t seed) {
    const double t = static_cast<double>(i);
    const double f1 = 0.003 + 0.002 * static_cast<double>(seed % 5);
    return static_cast<float>(0.6 * std::sin(f1 * t) + 0.3 * std::sin(0.05 * t + static_cast<double>(seed)));
}

// Learns the low-pass by truncated BPTT, then streams a held-out signal; true when it passes.
bool learn_and_stream_gru() {
    nn::rng r{nn::seed{3}};
    seq_net::init<float>(r, nn::recurrent_uniform{}, seq_params, seq_buffers);
    optim::adam_ref<seq_params_t> opt{.state = seq_adam_state, .learning_rate = 0.01};
    std::array<float, sequences> lowpass{};
    std::size_t position = 0;
    float loss = 0;
    for (std::size_t step = 0; step < seq_steps; ++step, position += frames) {
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t f = 0; f < frames; ++f) {
                const float x = input_sample(position + f, s);
                lowpass[s] = 0.9f * lowpass[s] + 0.1f * x;
                seq_x[s * frames + f] = {x};
                seq_y[s * frames + f] = {lowpass[s]};
            }
        seq_gradient = seq_params_t{};
        loss = seq_net::gradient_into(seq_params, seq_buffers,
                                      std::span<seq_net::state<float>>(seq_states), frames,
                                      std::span<const std::array<float, 1>>(seq_x),
                                      std::span<const std::array<float, 1>>(seq_y), nn::mse,
                                      seq_gradient, seq_workspace);
        opt.step(seq_params, seq_gradient);
    }
    std::printf("GRU, last window mse %.3e\n", static_cast<double>(loss));

    // Stream a held-out signal (seed 7): frame by frame, and in blocks through process().
    nn::stream<seq_net, float> one, blocks;
    double err = 0, energy = 0, lp = 0;
    bool same = true;
    for (std::size_t start = 0; start < 4096; start += block) {
        for (std::size_t k = 0; k < block; ++k) stream_in[k] = {input_sample(start + k, 7)};
        blocks.process(seq_params, seq_buffers, std::span<const std::array<float, 1>>(stream_in),
                       std::span(stream_out));
        for (std::size_t k = 0; k < block; ++k) {
            const float y = one.step(seq_params, seq_buffers, stream_in[k])[0];
            same = same && y == stream_out[k][0];
            lp = 0.9 * lp + 0.1 * static_cast<double>(stream_in[k][0]);
            err += (static_cast<double>(y) - lp) * (static_cast<double>(y) - lp);
            energy += lp * lp;
        }
    }
    const double esr = err / energy;
    std::printf("GRU streamed on a held-out signal: ESR %.2e (threshold 0.01), process() %s step()\n",
                esr, same ? "equals" : "DIFFERS FROM");
    return same && esr <= 0.01;
}

}  // namespace

int main() {
    for (std::size_t i = 0; i < n; ++i) {
        const float x = -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(n - 1);
        data[i] = {{x}, {shaper(x)}};
    }
    net::init_into(params, nn::seed{7});

    // Training: 400 epochs of shuffled mini-batches; the visiting order of a std::array is an
    // index array on fit's stack, the data stays in place.
    const nn::fit_options options{
        .epochs = epochs, .batch_size = batch, .shuffle = true, .shuffle_seed = nn::seed{1}};
    const auto last =
        nn::fit<net>(params, adam, nn::mse, data, options, [](const nn::epoch_report<float>& r) {
            if (r.epoch % 100 == 0)
                std::printf("epoch %3zu  mse %.3e\n", r.epoch, static_cast<double>(r.loss));
        });
    bool ok = last.epoch == options.epochs;

    // What fit does with the one input it refuses, in a build without exceptions: shuffling a
    // const span of run-time extent. No abort, no step: the report says so.
    const params_t before = params;
    const std::size_t steps_before = adam.steps;
    const auto refused =
        nn::fit<net>(params, adam, nn::mse, std::span<const sample_t>(data), options);
    const bool refusal_ok = refused.epoch == 0 && refused.steps == 0 && std::isnan(refused.loss) &&
                            params == before && adam.steps == steps_before;
    std::printf("shuffling a const span of run-time extent: %s (epoch %zu, steps %zu, loss %g)\n",
                refusal_ok ? "refused as documented" : "NOT refused as documented", refused.epoch,
                refused.steps, static_cast<double>(refused.loss));
    ok = ok && refusal_ok;
    ok = learn_and_stream_gru() && ok;

    // Running: a snapshot for the forward pass, sample by sample, and a block at once.
    const nn::inference<net, float> run{params};
    float max_error = 0.0f, max_inference_gap = 0.0f, max_batch_gap = 0.0f;
    constexpr std::size_t test_points = 1000;
    for (std::size_t start = 0; start < test_points; start += block) {
        const std::size_t m = test_points - start < block ? test_points - start : block;
        for (std::size_t k = 0; k < m; ++k)
            block_in[k] = {-1.0f + 2.0f * (static_cast<float>(start + k) + 0.5f) /
                                       static_cast<float>(test_points)};
        const std::size_t done =
            net::forward_batch(params, std::span(block_in).first(m), std::span(block_out).first(m));
        ok = ok && done == m;
        for (std::size_t k = 0; k < m; ++k) {
            const float x = block_in[k][0];
            const float one = run(block_in[k])[0];
            const float reference = net::forward(params, block_in[k])[0];
            max_error = std::fmax(max_error, std::fabs(one - shaper(x)));
            max_error = std::fmax(max_error, std::fabs(block_out[k][0] - shaper(x)));
            max_inference_gap = std::fmax(max_inference_gap, std::fabs(one - reference));
            max_batch_gap = std::fmax(max_batch_gap, std::fabs(block_out[k][0] - reference));
        }
    }
    std::printf("largest gap to Net::forward: inference %.2e, forward_batch %.2e (bound 1e-5)\n",
                static_cast<double>(max_inference_gap), static_cast<double>(max_batch_gap));
    ok = ok && max_inference_gap < 1e-5f && max_batch_gap < 1e-5f;
    std::printf("final largest error between the training points: %.4f (threshold 0.005)\n",
                static_cast<double>(max_error));
    if (!(ok && max_error < 0.005f)) {
        std::printf("FAILED: not learned, or inference / forward_batch / refusal / GRU wrong\n");
        return 1;
    }
    std::printf("learned and run without exceptions and RTTI\n");
}
