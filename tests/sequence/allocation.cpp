// Training and streaming a sequence network allocate nothing: global operator new is replaced
// and counted around truncated-BPTT steps (batches, per-frame and last-frame losses) with
// every optimizer, and around streaming. The workspace and optimizer state live in one heap
// block made at start-up (counted before the steps, not during).
#define BOOST_TEST_MODULE sequence_allocation
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <support/counting_new.hpp>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/sequence_inference.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

// Allocations made by f (operator new is replaced by tests/support/counting_new.cpp).
template <class F>
std::size_t allocations_of(F&& f) {
    const std::size_t before = test_support::allocation_count();
    f();
    return test_support::allocation_count() - before;
}

using net =
    nn::sequence_network<nn::gru<1, 16>, nn::lstm<16, 8>, nn::time_distributed<nn::dense<8, 3>>>;
using P = net::parameters<float>;
constexpr std::size_t max_frames = 256;

// Everything training needs, allocated once.
struct training_block {
    P p{}, g{};
    net::buffers<float> b{};
    net::workspace<float, max_frames> ws;
    optim::adam_state<P> adam_state;
    std::array<net::state<float>, 4> states{};
    std::array<std::array<float, 1>, max_frames> xs{};
    std::array<std::array<float, 3>, max_frames> targets{};
    std::array<std::array<float, 1>, 4> classes{};
};

}  // namespace

// The allocation escapes through a volatile pointer: a new/delete pair whose memory nobody
// reads may be elided (Clang does, once operator new is defined in another file).
static int* volatile escaped = nullptr;

BOOST_AUTO_TEST_CASE(the_counter_counts) {
    BOOST_TEST(allocations_of([] {
                   std::vector<int> v(10);
                   escaped = v.data();
               }) == 1);
}

BOOST_AUTO_TEST_CASE(tbptt_steps_and_streaming_allocate_nothing) {
    auto block = std::make_unique<training_block>();
    // Plain references, not a structured binding: Clang 14 cannot capture those in lambdas.
    auto& p = block->p;
    auto& g = block->g;
    auto& b = block->b;
    auto& ws = block->ws;
    auto& adam_state = block->adam_state;
    auto& states = block->states;
    auto& xs = block->xs;
    auto& targets = block->targets;
    auto& classes = block->classes;
    nn::rng r{nn::seed{1}};
    net::init<float>(r, nn::recurrent_uniform{}, p, b);
    for (std::size_t t = 0; t < max_frames; ++t) {
        xs[t] = {static_cast<float>(t % 7) * 0.1f};
        targets[t] = {0.1f, -0.2f, 0.3f};
    }
    classes = {{{0.0f}, {1.0f}, {2.0f}, {1.0f}}};
    optim::sgd sgd{.learning_rate = 0.01};
    optim::momentum<P> momentum{.learning_rate = 0.01};
    optim::adam_ref<P> adam{.state = adam_state, .learning_rate = 1e-3};
    const std::span<net::state<float>> all(states);
    const std::span<const std::array<float, 1>> in(xs);
    BOOST_TEST(
        allocations_of([&] {
            for (std::size_t window = 0; window < 3; ++window) {  // truncated BPTT, carried state
                g = P{};
                net::gradient_into(p, b, all, 64, in,
                                   std::span<const std::array<float, 3>>(targets),
                                   nn::squared_error, g, ws);
                sgd.step(p, g);
                g = P{};
                net::gradient_into(p, b, all.first(1), 100, in,
                                   std::span<const std::array<float, 3>>(targets), nn::mse, g, ws);
                momentum.step(p, g);
                g = P{};
                net::gradient_into(p, b, all, 50, in,
                                   std::span<const std::array<float, 1>>(classes),
                                   nn::sparse_softmax_cross_entropy, g, ws, nn::scored::last_frame);
                adam.step(p, g);
            }
        }) == 0);
    nn::stream<net, float> s;
    std::array<std::array<float, 3>, max_frames> out;
    BOOST_TEST(allocations_of([&] {
                   for (std::size_t t = 0; t < 100; ++t) s.step(p, b, xs[t]);
                   s.process(p, b, in, std::span<std::array<float, 3>>(out));
                   s.reset();
               }) == 0);
}

// The prepared streaming path (nn::sequence_inference, tap-major convolution included): building
// the snapshot, step, process and reset allocate nothing.
BOOST_AUTO_TEST_CASE(prepared_streaming_allocates_nothing) {
    using conv_net = nn::sequence_network<nn::conv1d<1, 8, 3, 4>, nn::gru<8, 16>, nn::lstm<16, 8>,
                                          nn::time_distributed<nn::dense<8, 3>>>;
    using run_type = nn::sequence_inference<conv_net, float>;
    auto p = std::make_unique<conv_net::parameters<float>>();
    auto run = std::make_unique<run_type>();
    auto s = std::make_unique<nn::stream<conv_net, float>>();
    const conv_net::buffers<float> b{};
    nn::rng r{nn::seed{2}};
    conv_net::buffers<float> init_b{};
    conv_net::init<float>(r, nn::recurrent_uniform{}, *p, init_b);
    std::array<std::array<float, 1>, 64> in{};
    for (std::size_t t = 0; t < in.size(); ++t) in[t] = {static_cast<float>(t % 5) * 0.2f};
    std::array<std::array<float, 3>, 64> out{};
    float sum = 0;
    BOOST_TEST(allocations_of([&] {
                   run->assign(*p, b);
                   for (std::size_t t = 0; t < 100; ++t) sum += s->step(*run, in[t % 64])[0];
                   s->process(*run, std::span<const std::array<float, 1>>(in),
                              std::span<std::array<float, 3>>(out));
                   s->reset();
               }) == 0);
    BOOST_TEST(std::isfinite(sum + out[63][2]));
}
