// Compile-time checks of nn/ and optim/: layout, concepts, constexpr forward/backward/update.
#define BOOST_TEST_MODULE nn_static
#include <array>
#include <cstddef>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <constgrad/constgrad.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/flops.hpp>
#include <constgrad/nn/init.hpp>
#include <constgrad/nn/layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/sgd.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

using moons_net =
    nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;
using P = moons_net::parameters<double>;

// Layout: one trivially copyable aggregate, scalars back to back (W row-major, then b).
static_assert(std::is_trivially_copyable_v<P>);
static_assert(std::is_aggregate_v<P>);
static_assert(std::is_standard_layout_v<nn::dense_parameters<double, 2, 16>>);
static_assert(moons_net::parameter_count == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
static_assert(P::size == moons_net::parameter_count);
static_assert(sizeof(P) == moons_net::parameter_count * sizeof(double));
static_assert(sizeof(moons_net::parameters<float>) == moons_net::parameter_count * sizeof(float));
static_assert(std::tuple_size_v<P> == 3);
static_assert(std::is_same_v<std::tuple_element_t<1, P>, nn::dense_parameters<double, 16, 16>>);
static_assert(moons_net::input_size == 2 && moons_net::output_size == 1 &&
              moons_net::layer_count == 3);

// Concepts.
constexpr cg::variable<"z"> z;
constexpr cg::variable<"u"> u;
struct two_variables {
    static constexpr auto formula = z * u;
};
static_assert(nn::Activation<nn::identity> && nn::Activation<nn::relu> &&
              nn::Activation<nn::leaky_relu> && nn::Activation<nn::tanh> &&
              nn::Activation<nn::sigmoid>);
static_assert(nn::Activation<nn::activation<z * cg::sigmoid(z)>>);
static_assert(!nn::Activation<two_variables>);
static_assert(!nn::Activation<int>);
static_assert(nn::Layer<nn::dense<3, 2>> && nn::Layer<nn::neuron<3, nn::tanh>> && !nn::Layer<int>);
static_assert(nn::Parameters<P> && !nn::Parameters<nn::dense_parameters<double, 2, 2>>);
static_assert(nn::ElementwiseLoss<nn::squared_error_t> && nn::ElementwiseLoss<nn::hinge_t>);

// A 2-2-1 relu network by hand (every number exact in binary):
//   W1 = [[1, 2], [-1, 1]], b1 = [0, 1], W2 = [[3, -2]], b2 = [1], x = (1, 1), y = 4
//   z1 = [3, 1] = a1, out = 9 - 2 + 1 = 8, loss = (8 - 4)^2 = 16, dL/dout = 8
//   dW2 = 8 a1 = [24, 8], db2 = 8, dz1 = 8 W2 = [24, -16], dW1 = dz1 x^T, db1 = dz1,
//   dx = W1^T dz1 = [24 + 16, 48 - 16] = [40, 32]
using small = nn::network<nn::dense<2, 2, nn::relu>, nn::dense<2, 1>>;
constexpr auto hand = [] {
    small::parameters<double> p{};
    p.layer<0>() = {{{{1, 2}, {-1, 1}}}, {0, 1}};
    p.layer<1>() = {{{{3, -2}}}, {1}};
    return p;
}();
constexpr std::array x{1.0, 1.0};
constexpr std::array y{4.0};
static_assert(small::forward(hand, x)[0] == 8.0);
static_assert(small::loss(nn::squared_error, hand, x, y) == 16.0);
constexpr auto g = small::gradient(nn::squared_error, hand, x, y);
static_assert(g.layer<1>().w[0][0] == 24.0 && g.layer<1>().w[0][1] == 8.0 &&
              g.layer<1>().b[0] == 8.0);
static_assert(g.layer<0>().w[0][0] == 24.0 && g.layer<0>().w[0][1] == 24.0);
static_assert(g.layer<0>().w[1][0] == -16.0 && g.layer<0>().w[1][1] == -16.0);
static_assert(g.layer<0>().b[0] == 24.0 && g.layer<0>().b[1] == -16.0);
static_assert(small::input_gradient(nn::squared_error, hand, x, y) == std::array{40.0, 32.0});

// The tanh neuron of shared/oracles/README.md, forward and backward inside the compiler.
using neuron_net = nn::network<nn::neuron<2, nn::tanh>>;
constexpr auto neuron_p = [] {
    neuron_net::parameters<double> p{};
    p.layer<0>() = {{{{-3.0, 1.0}}}, {6.8813735870195432}};
    return p;
}();
constexpr cg::variable<"p"> pv;
constexpr cg::variable<"t"> tv;
constexpr auto output_itself = nn::loss(pv, tv, pv);
constexpr double abs_diff(double a, double b) { return a > b ? a - b : b - a; }
static_assert(abs_diff(neuron_net::forward(neuron_p, std::array{2.0, 0.0})[0],
                       0.70710678118654768) < 1e-12);
constexpr auto neuron_g =
    neuron_net::gradient(output_itself, neuron_p, std::array{2.0, 0.0}, std::array{0.0});
static_assert(abs_diff(neuron_g.layer<0>().w[0][0], 1.0) < 1e-12);
static_assert(abs_diff(neuron_g.layer<0>().w[0][1], 0.0) < 1e-12);
static_assert(abs_diff(neuron_g.layer<0>().b[0], 0.5) < 1e-12);
constexpr auto neuron_dx =
    neuron_net::input_gradient(output_itself, neuron_p, std::array{2.0, 0.0}, std::array{0.0});
static_assert(abs_diff(neuron_dx[0], -1.5) < 1e-12 && abs_diff(neuron_dx[1], 0.5) < 1e-12);

// Optimizer updates are constexpr: one step of each on the hand network.
constexpr auto after_sgd = [] {
    auto p = hand;
    optim::sgd opt{.learning_rate = 0.125};
    opt.step(p, g);
    return p;
}();
static_assert(after_sgd.layer<1>().w[0][0] == 3.0 - 3.0 && after_sgd.layer<0>().b[1] == 1.0 + 2.0);
constexpr auto after_momentum = [] {
    auto p = hand;
    optim::momentum<small::parameters<double>> opt{.learning_rate = 0.125, .beta = 0.5};
    opt.step(p, g);  // v = g
    opt.step(p, g);  // v = 1.5 g: total 2.5 g * 0.125
    return p;
}();
static_assert(after_momentum.layer<1>().b[0] == 1.0 - 2.5 * 8.0 * 0.125);
constexpr auto after_adam = [] {
    auto p = hand;
    optim::adam<small::parameters<double>> opt{.learning_rate = 0.5};
    opt.step(p, g);  // ≈ -0.5 sign(g)
    return p;
}();
static_assert(abs_diff(after_adam.layer<1>().w[0][0], 2.5) < 1e-8);

// Initialisation is constexpr and, without transcendental functions in the scheme, equal to
// the run-time result bit for bit (checked below).
constexpr auto init_ct = moons_net::init(nn::seed{42}, nn::uniform_init{-1.0, 1.0});
static_assert(!(init_ct == P{}));

}  // namespace

BOOST_AUTO_TEST_CASE(compile_time_init_equals_run_time_init) {
    BOOST_TEST((moons_net::init(nn::seed{42}, nn::uniform_init{-1.0, 1.0}) == init_ct));
}

// nn/flops.hpp, by hand for 2-16-16-1: products 2·16, 16·16, 16·1 (= 304 multiply-adds), 337
// parameters. Forward 2·304 = 608; a training step per sample 608 (forward) + 608 (weight
// gradient) + 2·(256 + 16) = 544 (input gradients of layers 2 and 3), plus 2·337 per update.
static_assert(nn::forward_flops<moons_net> == 608);
static_assert(nn::training_flops<moons_net>(1) == 1760 + 674);
static_assert(nn::training_flops<moons_net>(32) == 32 * 1760 + 674);
static_assert(nn::forward_flops<nn::network<nn::dense<3, 1>>> == 6);
static_assert(nn::training_flops<nn::network<nn::dense<3, 1>>>(2) == 2 * 12 + 2 * 4);

BOOST_AUTO_TEST_CASE(flops_of_two_moons_network) {
    std::size_t batch = 32;  // a run-time argument gives the same count
    BOOST_TEST(nn::training_flops<moons_net>(batch) == 56994u);
}
