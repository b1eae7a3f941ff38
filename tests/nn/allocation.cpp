// A training step allocates nothing: global operator new is replaced and counted around the
// steps of every example network (XOR, two moons, sin regression) with every optimizer.
#define BOOST_TEST_MODULE nn_allocation
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>

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

// Allocations made by f.
template <class F>
long allocations_of(F&& f) {
    const long before = allocations.load();
    f();
    return allocations.load() - before;
}

// Per-sample, mini-batch and full-batch steps, by hand and through fit (with shuffling),
// for SGD, momentum and Adam, in the network's examples' scalar type.
template <class Net, class T, class L, std::size_t N>
void check_training_steps(const L& loss,
                          const std::array<typename Net::template sample_type<T>, N>& data) {
    using P = typename Net::template parameters<T>;
    auto p = Net::template init<T>(nn::seed{1});
    optim::sgd sgd{.learning_rate = optim::linear_decay(0.1, 0.01, 100)};
    optim::momentum<P> momentum{.learning_rate = 0.01};
    optim::adam<P> adam{.learning_rate = 0.001};
    auto data_copy = data;
    std::span<typename Net::template sample_type<T>> dynamic_span(data_copy.data(),
                                                                  data_copy.size());

    BOOST_TEST(allocations_of([&] {
                   P g = Net::gradient(loss, p, data[0].x, data[0].y);  // one sample
                   sgd.step(p, g);
                   g = Net::gradient(loss, p, std::span(data).first(N / 2));  // mini-batch
                   momentum.step(p, g);
                   g = Net::gradient(loss, p, data);  // full batch
                   adam.step(p, g);
                   sgd.train<Net>(loss, p, data[1].x, data[1].y);  // fused per-sample step
               }) == 0);
    BOOST_TEST(
        allocations_of([&] {
            nn::fit<Net>(p, sgd, loss, data, {.epochs = 2, .accuracy = nn::accuracy::sign});
            nn::fit<Net>(p, momentum, loss, data, {.epochs = 2, .batch_size = 7, .shuffle = true});
            nn::fit<Net>(p, adam, loss, data, {.epochs = 2, .batch_size = 1, .shuffle = true},
                         [](const auto&) {});
            nn::fit<Net>(p, sgd, loss, dynamic_span,
                         {.epochs = 1, .batch_size = 4, .shuffle = true});
        }) == 0);
}

template <class Net, class T, std::size_t N>
std::array<typename Net::template sample_type<T>, N> make_samples(double label_threshold) {
    nn::rng r{nn::seed{5}};
    std::array<typename Net::template sample_type<T>, N> data{};
    for (auto& s : data) {
        for (auto& v : s.x) v = r.uniform(T(-1), T(1));
        for (auto& v : s.y) v = r.uniform01() < label_threshold ? T(-1) : T(1);
    }
    return data;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_counter_counts) {
    BOOST_TEST(allocations_of([] { std::vector<int> v(10); }) == 1);
}

// docs/examples/xor.cpp
BOOST_AUTO_TEST_CASE(xor_network) {
    using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
    check_training_steps<net, double>(nn::squared_error, make_samples<net, double, 4>(0.5));
}

// docs/examples/two_moons.cpp and demo.cpp
BOOST_AUTO_TEST_CASE(two_moons_network) {
    using net =
        nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;
    check_training_steps<net, double>(nn::hinge + nn::l2{1e-4},
                                      make_samples<net, double, 100>(0.5));
}

// docs/examples/sin_regression.cpp
BOOST_AUTO_TEST_CASE(sin_regression_network) {
    using net =
        nn::network<nn::dense<1, 16, nn::tanh>, nn::dense<16, 16, nn::tanh>, nn::dense<16, 1>>;
    check_training_steps<net, double>(nn::mse, make_samples<net, double, 64>(2.0));
}

BOOST_AUTO_TEST_CASE(float_network) {
    using net = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 1, nn::sigmoid>>;
    check_training_steps<net, float>(nn::mse, make_samples<net, float, 32>(0.5));
}
