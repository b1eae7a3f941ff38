// A 2-4-1 XOR network initialised from a seed and trained by a constexpr loop: the compiler
// does the training, static_assert checks that all four inputs are classified.
#define BOOST_TEST_MODULE nn_constexpr_xor
#include <array>
#include <cmath>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
constexpr std::array<net::sample_type<double>, 4> xor_data{
    {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};
// 150 epochs of full-batch SGD: outputs within 0.1 of the targets (checked at run time below);
// about 2 s of constant evaluation per compiler.
constexpr std::size_t epochs = 150;

constexpr net::parameters<double> train() {
    auto p = net::init(nn::seed{1});
    optim::sgd opt{.learning_rate = 0.1};
    nn::fit<net>(p, opt, nn::squared_error, xor_data, {.epochs = epochs});
    return p;
}

constexpr bool classifies_all(const net::parameters<double>& p) {
    for (const auto& [x, y] : xor_data) {
        const double out = net::forward(p, x)[0];
        if (!((y[0] > 0.5) == (out > 0.5))) return false;
    }
    return true;
}

// The training runs here, inside the compiler.
constexpr net::parameters<double> trained = train();
static_assert(!classifies_all(net::init(nn::seed{1})),
              "the untrained network must not already solve XOR");
static_assert(classifies_all(trained),
              "the network trained at compile time classifies all four XOR inputs");

// Caller-placed buffers and optimizer state work inside the compiler too: fit with a gradient
// buffer and adam_ref / momentum_ref give what fit with adam / momentum gives, bit for bit;
// gradient_into and init_into what gradient and init give.
constexpr bool caller_placed_buffers_agree() {
    using P = net::parameters<double>;
    auto a = net::init(nn::seed{2});
    P b{};
    net::init_into(b, nn::seed{2});
    if (!(a == b)) return false;
    optim::adam<P> owning{.learning_rate = 0.05};
    optim::adam_state<P> state;
    optim::adam_ref<P> by_reference{.state = state, .learning_rate = 0.05};
    P g{};
    nn::fit<net>(a, owning, nn::squared_error, xor_data, {.epochs = 20, .batch_size = 2});
    nn::fit<net>(b, g, by_reference, nn::squared_error, xor_data, {.epochs = 20, .batch_size = 2});
    if (!(a == b) || !(state.m == owning.m) || !(state.v == owning.v)) return false;
    optim::momentum<P> m1{.learning_rate = 0.05, .nesterov = true};
    P velocity{};
    optim::momentum_ref<P> m2{.velocity = velocity, .learning_rate = 0.05, .nesterov = true};
    nn::fit<net>(a, m1, nn::mse, xor_data, {.epochs = 5});
    nn::fit<net>(b, g, m2, nn::mse, xor_data, {.epochs = 5});
    if (!(a == b) || !(velocity == m1.velocity)) return false;
    const double loss = net::gradient_into(g, nn::mse, a, xor_data);
    if (!(g == net::gradient(nn::mse, a, xor_data)) || loss != net::loss(nn::mse, a, xor_data))
        return false;
    net::gradient_into(g, nn::squared_error, a, xor_data[1].x, xor_data[1].y);
    return g == net::gradient(nn::squared_error, a, xor_data[1].x, xor_data[1].y);
}
static_assert(caller_placed_buffers_agree());

}  // namespace

// The same parameters used at run time: the compile-time result is a plain value.
BOOST_AUTO_TEST_CASE(compile_time_training_result_is_usable_at_run_time) {
    for (const auto& [x, y] : xor_data)
        BOOST_TEST(std::fabs(net::forward(trained, x)[0] - y[0]) < 0.25);
}
