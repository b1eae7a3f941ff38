// nn::recurrent_formula allocates nothing: truncated-BPTT steps (batches, carried state) of a
// formula GRU and a formula Elman cell with Adam, and streaming, counted by the replaced
// global operator new (tests/support/counting_new.cpp). The workspace and optimizer state live
// in one heap block made at start-up (before the counting).
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <support/counting_new.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/recurrent_formula.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>
#include <constgrad/tensor/operators.hpp>

namespace {

namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

// PyTorch's GRU cell as a formula (gate rows r, z, n).
constexpr std::size_t H = 8;
using in = nn::recurrent_inputs<1, H>;
constexpr t::matrix<"weight_ih", 3 * H, 1> weight_ih;
constexpr t::matrix<"weight_hh", 3 * H, H> weight_hh;
constexpr t::vector<"bias_ih", 3 * H> bias_ih;
constexpr t::vector<"bias_hh", 3 * H> bias_hh;
constexpr auto gi = weight_ih * in::x + bias_ih;
constexpr auto gh = weight_hh * in::h + bias_hh;
constexpr auto r = t::apply<nn::sigmoid>(t::slice<0, H>(gi) + t::slice<0, H>(gh));
constexpr auto z = t::apply<nn::sigmoid>(t::slice<H, 2 * H>(gi) + t::slice<H, 2 * H>(gh));
constexpr auto n = t::apply<nn::tanh>(t::slice<2 * H, 3 * H>(gi) + r * t::slice<2 * H, 3 * H>(gh));
constexpr auto gru_cell = (1 - z) * n + z * in::h;

// Elman on the GRU's output: tanh(W x + U h + b).
using in2 = nn::recurrent_inputs<H, 4>;
constexpr t::matrix<"W", 4, H> W;
constexpr t::matrix<"U", 4, 4> U;
constexpr t::vector<"b", 4> b;
constexpr auto elman_cell = t::apply<nn::tanh>(W * in2::x + U * in2::h + b);

using net = nn::sequence_network<nn::recurrent_formula<gru_cell, 1, H>, nn::recurrent_formula<elman_cell, H, 4>,
                                 nn::time_distributed<nn::dense<4, 1>>>;
using P = net::parameters<float>;
constexpr std::size_t max_frames = 256;

struct training_block {
    P p{}, g{};
    net::buffers<float> b{};
    net::workspace<float, max_frames> ws;
    constgrad::optim::adam_state<P> adam_state;
    std::array<net::state<float>, 4> states{};
    std::array<std::array<float, 1>, max_frames> xs{}, targets{};
};

template <class F>
std::size_t allocations_of(F&& f) {
    const std::size_t before = test_support::allocation_count();
    f();
    return test_support::allocation_count() - before;
}

}  // namespace

BOOST_AUTO_TEST_CASE(recurrent_formula_training_and_streaming_allocate_nothing) {
    auto block = std::make_unique<training_block>();
    auto& p = block->p;
    auto& g = block->g;
    auto& bufs = block->b;
    auto& ws = block->ws;
    auto& states = block->states;
    nn::rng rng{nn::seed{3}};
    net::init<float>(rng, nn::recurrent_uniform{}, p, bufs);
    for (std::size_t i = 0; i < max_frames; ++i) {
        block->xs[i] = {static_cast<float>(i % 5) * 0.2f};
        block->targets[i] = {static_cast<float>(i % 3) * 0.1f};
    }
    constgrad::optim::adam_ref<P> adam{.state = block->adam_state, .learning_rate = 1e-3};
    const std::span<net::state<float>> all(states);
    const std::span<const std::array<float, 1>> xs(block->xs), targets(block->targets);
    float loss = 0;
    BOOST_TEST(allocations_of([&] {
                   for (int window = 0; window < 3; ++window) {
                       g = P{};
                       loss += net::gradient_into(p, bufs, all, 64, xs, targets, nn::mse, g, ws);
                       adam.step(p, g);
                       g = P{};
                       loss += net::gradient_into(p, bufs, all.first(1), 200, xs, targets, nn::mse, g, ws);
                       adam.step(p, g);
                   }
               }) == 0);
    BOOST_TEST(std::isfinite(loss));
    nn::stream<net, float> s;
    std::array<std::array<float, 1>, max_frames> out{};
    BOOST_TEST(allocations_of([&] {
                   for (std::size_t i = 0; i < 100; ++i) s.step(p, bufs, block->xs[i]);
                   s.process(p, bufs, xs, std::span<std::array<float, 1>>(out));
                   s.reset();
               }) == 0);
    BOOST_TEST(std::isfinite(out[max_frames - 1][0]));
}
