// Training and streaming a sequence network allocate nothing: global operator new is replaced
// and counted around truncated-BPTT steps (batches, per-frame and last-frame losses) with
// every optimizer, and around streaming. The workspace and optimizer state live in one heap
// block made at start-up (counted before the steps, not during).
#define BOOST_TEST_MODULE sequence_allocation
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace {
std::atomic<long> allocations{0};

void* counted(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc{};
}
void* counted_aligned(std::size_t size, std::align_val_t align) {
    ++allocations;
    const auto a = static_cast<std::size_t>(align);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
    throw std::bad_alloc{};
}
}  // namespace

// Every replaceable allocation function: nothing may slip past the counter.
void* operator new(std::size_t size) { return counted(size); }
void* operator new[](std::size_t size) { return counted(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t a) { return counted_aligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return counted_aligned(size, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

template <class F>
long allocations_of(F&& f) {
    const long before = allocations.load();
    f();
    return allocations.load() - before;
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

BOOST_AUTO_TEST_CASE(the_counter_counts) {
    BOOST_TEST(allocations_of([] { std::vector<int> v(10); }) == 1);
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
