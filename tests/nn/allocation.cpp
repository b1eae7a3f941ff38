// A training step allocates nothing: global operator new is replaced and counted around the
// steps of every example network (XOR, two moons, sin regression) with every optimizer; and a
// 784-256-256-10 network (2.15 MB of parameters) trains in a thread with an 8 MB stack, its
// parameters, gradient and Adam state in one heap block made at start-up.
#define BOOST_TEST_MODULE nn_allocation
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/counting_new.hpp"

#include <pthread.h>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

// Allocations made by f.
// Allocations made by f (operator new is replaced by tests/support/counting_new.cpp).
template <class F>
std::size_t allocations_of(F&& f) {
    const std::size_t before = test_support::allocation_count();
    f();
    return test_support::allocation_count() - before;
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

// The allocation escapes through a volatile pointer: a new/delete pair whose memory nobody
// reads may be elided (Clang does), which would count nothing.
static int* volatile escaped = nullptr;

BOOST_AUTO_TEST_CASE(the_counter_counts) {
    BOOST_TEST(allocations_of([] {
                   std::vector<int> v(10);
                   escaped = v.data();
               }) == 1);
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

// ---- a large network: nothing of the parameters' size on the stack ----
//
// Sanitizers inflate stack frames (AddressSanitizer's redzones, ThreadSanitizer's shadow), so
// the stack measurement means something in a plain build only: there the test runs, under a
// sanitizer it is skipped.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONSTGRAD_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CONSTGRAD_TEST_SANITIZED 1
#endif
#endif

#ifdef CONSTGRAD_TEST_SANITIZED
BOOST_AUTO_TEST_CASE(large_network_in_a_thread_with_an_8_mb_stack) {
    BOOST_TEST_MESSAGE("skipped under a sanitizer: it inflates stack frames");
}
#else
namespace {

using mnist_net = nn::network<nn::dense<784, 256, nn::relu>, nn::dense<256, 256, nn::relu>,
                              nn::dense<256, 10>>;
using mnist_params = mnist_net::parameters<double>;
using mnist_sample = mnist_net::sample_type<double>;
static_assert(sizeof(mnist_params) == 269322 * sizeof(double));  // 2,154,576 bytes
static_assert(sizeof(mnist_params) > nn::stack_budget);

// Everything parameter-sized, placed once: one heap allocation at start-up.
struct mnist_model {
    mnist_params params;
    mnist_params gradient;
    optim::adam_state<mnist_params> adam;
    mnist_net::batch_workspace<double> workspace;  // the batch gradient's block
    std::array<mnist_sample, 48> data;  // 48 random inputs, one-hot targets
};

struct mnist_result {
    double loss_before = 0, loss_after_fit = 0, loss_after_steps = 0;
    double fit_report_loss = 0;
    long allocations_in_fit = -1, allocations_in_steps = -1;
};

void train_mnist(mnist_model& m, mnist_result& r) {
    mnist_net::init_into(m.params, nn::seed{3});
    optim::adam_ref<mnist_params> opt{.state = m.adam, .learning_rate = 1e-3};
    const auto data = std::span(m.data);
    r.loss_before = mnist_net::loss(nn::mse, m.params, data);
    // fit, per-sample gradients accumulated into m.gradient: mini-batches of 16.
    r.allocations_in_fit = allocations_of([&] {
        r.fit_report_loss =
            nn::fit<mnist_net>(m.params, m.gradient, opt, nn::mse, data,
                               {.epochs = 2, .batch_size = 16})
                .loss;
    });
    r.loss_after_fit = mnist_net::loss(nn::mse, m.params, data);
    // The batch gradient (blocks of batch_columns samples through the matrix kernels) into
    // m.gradient, its block in m.workspace, then an Adam step.
    r.allocations_in_steps = allocations_of([&] {
        for (int step = 0; step < 3; ++step) {
            mnist_net::gradient_into(m.gradient, nn::mse, m.params, data, m.workspace);
            opt.step(m.params, m.gradient);
        }
    });
    r.loss_after_steps = mnist_net::loss(nn::mse, m.params, data);
}

// Runs train(model, result) in a thread whose 8 MB stack is our own, painted, so that its
// high-water mark can be read after the run (pthread_attr_setstack; std::thread cannot choose
// its stack). Returns the peak stack in bytes.
template <class Model, class Result>
std::size_t run_in_an_8_mb_thread(void (*train)(Model&, Result&), Model& model, Result& result) {
    constexpr std::size_t stack_size = 8u << 20;
    constexpr unsigned char paint = 0xA5;
    auto* stack = static_cast<unsigned char*>(std::aligned_alloc(4096, stack_size));
    BOOST_REQUIRE(stack != nullptr);
    std::memset(stack, paint, stack_size);
    pthread_attr_t attr;
    BOOST_REQUIRE(pthread_attr_init(&attr) == 0);
    BOOST_REQUIRE(pthread_attr_setstack(&attr, stack, stack_size) == 0);
    struct job {
        void (*train)(Model&, Result&);
        Model* model;
        Result* result;
    } work{train, &model, &result};
    pthread_t thread;
    const auto body = [](void* arg) -> void* {
        auto* w = static_cast<job*>(arg);
        w->train(*w->model, *w->result);
        return nullptr;
    };
    BOOST_REQUIRE(pthread_create(&thread, &attr, +body, &work) == 0);
    BOOST_REQUIRE(pthread_join(thread, nullptr) == 0);
    pthread_attr_destroy(&attr);
    // The stack grows down: the lowest byte that is no longer paint is the high-water mark.
    std::size_t untouched = 0;
    while (untouched < stack_size && stack[untouched] == paint) ++untouched;
    std::free(stack);
    return stack_size - untouched;
}

// Random inputs in [0, 1), one-hot targets of 10 classes.
template <class Data>
void fill_random_one_hot(Data& data) {
    nn::rng r{nn::seed{11}};
    for (std::size_t k = 0; k < data.size(); ++k) {
        for (auto& v : data[k].x) v = r.uniform01();
        data[k].y[k % 10] = 1.0;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(large_network_in_a_thread_with_an_8_mb_stack) {
    auto model = std::make_unique<mnist_model>();
    fill_random_one_hot(model->data);
    mnist_result res;
    const std::size_t used = run_in_an_8_mb_thread(train_mnist, *model, res);

    BOOST_TEST_MESSAGE("784-256-256-10 double: peak stack " << used << " bytes; loss "
                                                            << res.loss_before << " -> "
                                                            << res.loss_after_fit << " -> "
                                                            << res.loss_after_steps);
    BOOST_TEST(res.allocations_in_fit == 0);
    BOOST_TEST(res.allocations_in_steps == 0);
    BOOST_TEST(res.loss_after_fit < res.loss_before);
    BOOST_TEST(res.loss_after_steps < res.loss_after_fit);
    BOOST_TEST(std::isfinite(res.fit_report_loss));
    // Nothing parameter-sized was on the stack, nor the batch gradient's block (in the heap
    // block's workspace): the peak, the first layer's transposed input block (100,352 bytes)
    // included, is under nn::stack_budget (256 KiB), a ninth of one P (2.15 MB).
    BOOST_TEST(used < nn::stack_budget, "peak stack " << used << " bytes");
}
#endif  // CONSTGRAD_TEST_SANITIZED

// ---- the same with a batch norm: buffers and workspace placed by the caller too ----
#ifndef CONSTGRAD_TEST_SANITIZED
namespace {

using mnist_bn_net = nn::network<nn::dense<784, 256, nn::relu>, nn::batch_norm<256>,
                                 nn::dense<256, 256, nn::relu>, nn::dense<256, 10>>;
using mnist_bn_params = mnist_bn_net::parameters<double>;

// Everything parameter-sized, and the whole-batch workspace (16 samples: 16·(784 + 2·778) +
// caches ≈ 0.5 MB), in one heap block made at start-up.
struct mnist_bn_model {
    mnist_bn_params params;
    mnist_bn_params gradient;
    mnist_bn_net::buffers<double> buffers;
    optim::adam_state<mnist_bn_params> adam;
    mnist_bn_net::workspace<double, 16> workspace;
    std::array<mnist_bn_net::sample_type<double>, 48> data;
};

struct mnist_bn_result {
    double loss_before = 0, loss_after = 0;
    long allocations = -1;
    std::int64_t batches_tracked = 0;
};

void train_mnist_bn(mnist_bn_model& m, mnist_bn_result& r) {
    mnist_bn_net::init_into(m.params, nn::seed{3});
    optim::adam_ref<mnist_bn_params> opt{.state = m.adam, .learning_rate = 1e-3};
    const auto data = std::span(m.data);
    r.loss_before = mnist_bn_net::eval_loss(nn::mse, m.params, m.buffers, data);
    r.allocations = allocations_of([&] {
        nn::fit<mnist_bn_net>(m.params, m.buffers, m.gradient, m.workspace, opt, nn::mse, data,
                              {.epochs = 3, .batch_size = 16, .shuffle = true});
        mnist_bn_net::train_step(opt, m.gradient, nn::mse, m.params, m.buffers, data.first(16), m.workspace);
    });
    r.loss_after = mnist_bn_net::eval_loss(nn::mse, m.params, m.buffers, data);
    r.batches_tracked = std::get<1>(m.buffers).num_batches_tracked;
}

}  // namespace

// fit and train_step of a 784-256-bn-256-10 network in a thread with an 8 MB stack: no
// allocation, the peak stack under nn::stack_budget (nothing parameter- or workspace-sized
// on it), 3 epochs of 3 batches and one more step tracked by the batch norm, and the eval-mode
// loss lower after.
BOOST_AUTO_TEST_CASE(large_batch_norm_network_in_a_thread_with_an_8_mb_stack) {
    auto model = std::make_unique<mnist_bn_model>();
    fill_random_one_hot(model->data);
    mnist_bn_result res;
    const std::size_t used = run_in_an_8_mb_thread(train_mnist_bn, *model, res);

    BOOST_TEST_MESSAGE("784-256-bn-256-10 double: peak stack " << used << " bytes; eval loss "
                                                               << res.loss_before << " -> " << res.loss_after);
    BOOST_TEST(res.allocations == 0);
    BOOST_TEST(res.batches_tracked == 3 * 3 + 1);
    BOOST_TEST(res.loss_after < res.loss_before);
    BOOST_TEST(used < nn::stack_budget, "peak stack " << used << " bytes");
}
#endif  // CONSTGRAD_TEST_SANITIZED
