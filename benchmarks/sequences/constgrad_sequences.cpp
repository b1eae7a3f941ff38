// The four networks through constgrad (issue 11): nn::sequence_network of the layers of
// include/constgrad/sequence/, streamed by nn::stream<Net, float>::step one sample at a time
// (on an nn::sequence_inference snapshot; engine "constgrad-params": on the parameters),
// parameters loaded from the same flat PyTorch-layout vector as every engine through
// `parameters<T>::zip` (layout order = PyTorch's state-dict order). Also timed: one training
// step per 2,048-sample sequence (gradient_into: forward, squared error on every frame, BPTT;
// then optim::adam), the workspace allocated once before timing.
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/elu.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/sequence_inference.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

#include "sequences.hpp"

namespace constgrad_bench::seq {
namespace {

namespace nn = constgrad::nn;

template <class Net>
typename Net::template parameters<float> load(const float* p) {
    typename Net::template parameters<float> q{};
    auto take = [&p](float& x) { x = *p++; };
    Net::template parameters<float>::zip(take, q);
    return q;
}

/// Streaming on the parameters as training keeps them (PyTorch's layout): nn::stream<Net,
/// float>::step(p, b, x) per sample. Engine "constgrad-params": the path before the prepared
/// snapshot, kept in the same run to measure what the snapshot buys.
template <class Net>
class stream_engine {
public:
    explicit stream_engine(const float* p) : parameters_(load<Net>(p)) {}
    void reset() noexcept { stream_.reset(); }
    [[gnu::noinline]] void process(const float* x, float* y, std::size_t n) noexcept {
        for (std::size_t t = 0; t < n; ++t) y[t] = stream_.step(parameters_, buffers_, {x[t]})[0];
    }

private:
    typename Net::template parameters<float> parameters_;
    typename Net::template buffers<float> buffers_{};
    nn::stream<Net, float> stream_;
};

/// Streaming on a prepared snapshot: nn::sequence_inference<Net, float> built once from the
/// parameters (recurrent weights by columns), nn::stream<Net, float>::step(run, x) per sample.
/// Engine "constgrad": what an application streams with.
template <class Net>
class prepared_stream_engine {
public:
    explicit prepared_stream_engine(const float* p) : run_(load<Net>(p), typename Net::template buffers<float>{}) {}
    void reset() noexcept { stream_.reset(); }
    [[gnu::noinline]] void process(const float* x, float* y, std::size_t n) noexcept {
        for (std::size_t t = 0; t < n; ++t) y[t] = stream_.step(run_, {x[t]})[0];
    }

private:
    nn::sequence_inference<Net, float> run_;
    nn::stream<Net, float> stream_;
};

template <std::size_t H>
using dense_out = nn::time_distributed<nn::dense<H, 1>>;
using tanh16 = nn::activation_layer<16, nn::tanh>;

using lstm24 = nn::sequence_network<nn::lstm<1, 24>, dense_out<24>>;
using gru16 = nn::sequence_network<nn::gru<1, 16>, dense_out<16>>;
using lstm2x8 = nn::sequence_network<nn::lstm<1, 8>, nn::lstm<8, 8>, dense_out<8>>;
using dilated =
    nn::sequence_network<nn::conv1d<1, 16, 3, 1>, tanh16, nn::conv1d<16, 16, 3, 2>, tanh16,
                         nn::conv1d<16, 16, 3, 4>, tanh16, nn::conv1d<16, 16, 3, 8>, tanh16,
                         nn::conv1d<16, 16, 3, 16>, tanh16, nn::conv1d<16, 16, 3, 32>, tanh16,
                         nn::conv1d<16, 16, 3, 64>, tanh16, nn::conv1d<16, 16, 3, 128>, tanh16,
                         nn::conv1d<16, 1, 1, 1>>;
static_assert(dilated_layers == 7);

// Training ------------------------------------------------------------------------------------

inline constexpr std::size_t sequence_length = 2048;
inline constexpr std::size_t sequences_in_signal = signal_length / sequence_length;  // 23

/// Everything a training step touches, allocated once (the workspace of the dilated stack is
/// a few MB): parameters, gradient, Adam, state, workspace, the signal as frames and a target
/// (a static nonlinearity of the input: what it learns does not matter for the timing).
template <class Net>
struct trainer {
    using P = typename Net::template parameters<float>;
    P parameters;
    P gradient{};
    typename Net::template buffers<float> buffers{};
    constgrad::optim::adam<P> adam{.learning_rate = 1e-3};
    std::array<typename Net::template state<float>, 1> state{};
    typename Net::template workspace<float, sequence_length> workspace;
    std::vector<std::array<float, 1>> xs, targets;

    explicit trainer(const float* p) : parameters(load<Net>(p)) {
        for (float x : signal()) {
            xs.push_back({x});
            targets.push_back({std::tanh(2 * x)});
        }
    }

    /// One sequence: gradient over its 2,048 frames from the carried state, one Adam step.
    [[gnu::noinline]] float train(std::size_t sequence) noexcept {
        gradient = P{};
        const std::size_t first = sequence * sequence_length;
        const float loss = Net::gradient_into(
            parameters, buffers, std::span<typename Net::template state<float>>(state),
            sequence_length, std::span<const std::array<float, 1>>(xs).subspan(first),
            std::span<const std::array<float, 1>>(targets).subspan(first), nn::mse, gradient,
            workspace);
        adam.step(parameters, gradient);
        return loss;
    }
};

template <class Net>
void train_benchmark(benchmark::State& state, net n) {
    const auto t = std::make_unique<trainer<Net>>(parameters(n).data());
    float loss = t->train(0);  // warm-up; allocations are counted from here
    std::size_t k = 1;
    for (auto _ : state) {
        loss = t->train(k);
        benchmark::DoNotOptimize(loss);
        if (++k == sequences_in_signal) k = 0;
    }
    const std::size_t news = new_calls(), mallocs = malloc_calls();
    loss = t->train(k);
    const std::size_t new_count = new_calls() - news, malloc_count = malloc_calls() - mallocs;
    if (!std::isfinite(loss))
        fail(std::string("constgrad ") + net_name(n) + ": training loss not finite");
    using counter = benchmark::Counter;
    state.counters["ns_per_sample"] =
        counter(static_cast<double>(sequence_length) * 1e-9,
                counter::Flags(counter::kIsIterationInvariantRate | counter::kInvert));
    state.counters["new_per_sequence"] = static_cast<double>(new_count);
    state.counters["malloc_per_sequence"] = static_cast<double>(malloc_count);
    state.counters["loss"] = static_cast<double>(loss);
    state.SetItemsProcessed(state.iterations() *
                            static_cast<benchmark::IterationCount>(sequence_length));
}

/// Registers train/constgrad/<net>/float/2048 (time per iteration = per sequence).
template <class Net>
void register_train(net n) {
    const std::string name =
        std::string("train/constgrad/") + net_name(n) + "/float/" + std::to_string(sequence_length);
    benchmark::RegisterBenchmark(name.c_str(), [n](benchmark::State& s) {
        train_benchmark<Net>(s, n);
    })->Unit(benchmark::kMicrosecond);
}

}  // namespace

void register_constgrad() {
    register_stream<prepared_stream_engine<lstm24>>(net::lstm24, "constgrad");
    register_stream<prepared_stream_engine<gru16>>(net::gru16, "constgrad");
    register_stream<prepared_stream_engine<lstm2x8>>(net::lstm2x8, "constgrad");
    register_stream<prepared_stream_engine<dilated>>(net::dilated, "constgrad");
    register_stream<stream_engine<lstm24>>(net::lstm24, "constgrad-params");
    register_stream<stream_engine<gru16>>(net::gru16, "constgrad-params");
    register_stream<stream_engine<lstm2x8>>(net::lstm2x8, "constgrad-params");
    register_stream<stream_engine<dilated>>(net::dilated, "constgrad-params");
    register_train<lstm24>(net::lstm24);
    register_train<gru16>(net::gru16);
    register_train<lstm2x8>(net::lstm2x8);
    register_train<dilated>(net::dilated);
}

}  // namespace constgrad_bench::seq
