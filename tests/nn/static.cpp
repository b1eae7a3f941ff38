// Compile-time checks of nn/ and optim/: layout, concepts, constexpr forward/backward/update.
#define BOOST_TEST_MODULE nn_static
#include <array>
#include <cstddef>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <constgrad/constgrad.hpp>
#include <constgrad/math/sin.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/argmax.hpp>
#include <constgrad/nn/cost.hpp>
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

// leaky_relu'(0) = 0.01, the slope (PyTorch's convention), inside the compiler too.
constexpr bool leaky_relu_slope_at(double at, double slope) {
    double y = 1, dy = 1;
    cg::detail::nn_activation<nn::leaky_relu>::value_and_derivative(at, y, dy);
    return y == 0.01 * at * (at <= 0) + at * (at > 0) && dy == slope;
}
static_assert(leaky_relu_slope_at(0.0, 0.01) && leaky_relu_slope_at(-0.0, 0.01));
static_assert(leaky_relu_slope_at(1e-300, 1.0) && leaky_relu_slope_at(-1e-300, 0.01));
static_assert(leaky_relu_slope_at(2.0, 1.0) && leaky_relu_slope_at(-2.0, 0.01));
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

// Whole-output losses: the concepts, and softmax cross-entropy inside the compiler.
static_assert(nn::WholeOutputLoss<nn::softmax_cross_entropy_t> &&
              nn::WholeOutputLoss<nn::sparse_softmax_cross_entropy_t> &&
              nn::WholeOutputLoss<nn::binary_cross_entropy_with_logits_t>);
static_assert(!nn::ElementwiseLoss<nn::softmax_cross_entropy_t> &&
              !nn::WholeOutputLoss<nn::squared_error_t> && !nn::WholeOutputLoss<nn::hinge_t>);
static_assert(nn::softmax_cross_entropy_t::target_size<3> == 3 &&
              nn::sparse_softmax_cross_entropy_t::target_size<3> == 1);
static_assert(nn::argmax(std::array{0.25, 2.0, -1.0}) == 1 && nn::argmax(std::array{1.0, 1.0}) == 0);

// O1b of torch_layers.json: logits (1000, 0, -1000), class 1: loss exactly 1000, dz (1, -1, 0).
constexpr bool large_logits_exact() {
    std::array<double, 3> dz{};
    const double v = nn::sparse_softmax_cross_entropy.value_and_gradient(
        std::array{1000.0, 0.0, -1000.0}, std::array{1.0}, dz);
    return v == 1000.0 && dz == std::array{1.0, -1.0, 0.0};
}
static_assert(large_logits_exact());

// Equal logits (zero weights and biases): softmax = 1/3 each, loss log 3, and for class 1
// dLoss/db = (1/3, -2/3, 1/3), dLoss/dW = that times x.
using three_classes = nn::network<nn::dense<2, 3>>;
constexpr three_classes::parameters<double> flat_logits{};
constexpr auto ce_g = three_classes::gradient(nn::sparse_softmax_cross_entropy, flat_logits,
                                              std::array{2.0, -1.0}, std::size_t{1});
static_assert(abs_diff(ce_g.layer<0>().b[0], 1.0 / 3) < 1e-15 &&
              abs_diff(ce_g.layer<0>().b[1], -2.0 / 3) < 1e-15 &&
              abs_diff(ce_g.layer<0>().b[2], 1.0 / 3) < 1e-15);
static_assert(abs_diff(ce_g.layer<0>().w[1][0], -4.0 / 3) < 1e-15 &&
              abs_diff(ce_g.layer<0>().w[2][1], -1.0 / 3) < 1e-15);
static_assert(abs_diff(three_classes::loss(nn::sparse_softmax_cross_entropy, flat_logits,
                                           std::array{2.0, -1.0}, std::size_t{1}),
                       1.0986122886681098) < 1e-15);  // log 3

// O1 of torch_layers.json (Linear(2,3) -> tanh -> Linear(3,3), x = (0.8, -1.2), class 2; the
// k-th parameter 0.5 sin(k + 1)) inside the compiler: loss 1.375092227104263, d2.bias
// (0.17385952239605143, 0.5733241993876927, -0.7471837217837443), d0.weight[0][0]
// 0.14252502945195597.
using o1_net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 3>>;
constexpr auto o1_p = [] {
    std::array<double, o1_net::parameter_count> flat{};
    for (std::size_t k = 0; k < flat.size(); ++k)
        flat[k] = 0.5 * cg::math::sin(static_cast<double>(k + 1));
    return nn::unflatten<o1_net::parameters<double>>(flat);
}();
constexpr auto o1_g =
    o1_net::gradient(nn::sparse_softmax_cross_entropy, o1_p, std::array{0.8, -1.2}, std::size_t{2});
static_assert(abs_diff(o1_net::loss(nn::sparse_softmax_cross_entropy, o1_p, std::array{0.8, -1.2},
                                    std::size_t{2}),
                       1.375092227104263) < 1e-14);
static_assert(abs_diff(o1_g.layer<1>().b[0], 0.17385952239605143) < 1e-14 &&
              abs_diff(o1_g.layer<1>().b[1], 0.5733241993876927) < 1e-14 &&
              abs_diff(o1_g.layer<1>().b[2], -0.7471837217837443) < 1e-14);
static_assert(abs_diff(o1_g.layer<0>().w[0][0], 0.14252502945195597) < 1e-14);

// O2 (binary cross-entropy with logits, summed) inside the compiler: loss 40.4517734004592.
static_assert(abs_diff(nn::binary_cross_entropy_with_logits.with(nn::reduction::sum)
                           .value(std::array{0.7, -3.0, 40.0}, std::array{1.0, 0.0, 0.0}),
                       40.4517734004592) < 1e-13);

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

// nn/cost.hpp, by hand. 2-3-1 (tanh hidden): 2·3 + 3 + 3·1 + 1 = 13 parameters; products 2·3
// and 3·1 (9 multiply-adds): forward 18 flops, per training sample 18 + 18 + 2·3 = 42, update
// 2·13 = 26. Widths: In 2, Out 1, Σ Out = 3 + 1 = 4, max In = 3. Scalars: cached activations
// 2·4 = 8; forward stack Σ Out = 4; gradient stack In + Out + 3 Σ Out = 2 + 1 + 12 = 15;
// descend 2 + 12 = 14; a batch block of N columns N (2 + 12 + 3) = 17 N (its workspace
// N (2 + 12) = 14 N), forward_batch N (2 + 4) = 6 N.
namespace {

using small_net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
using wide_net =
    nn::network<nn::dense<16, 64, nn::relu>, nn::dense<64, 64, nn::relu>, nn::dense<64, 1>>;

// The workspace that network's batch gradient keeps for a block is the size the report says.
template <class Net, class T>
constexpr bool workspace_matches(std::size_t bytes) {
    if constexpr (requires { sizeof(typename Net::template batch_workspace<T>); })
        return bytes == sizeof(typename Net::template batch_workspace<T>);
    else
        return true;
}

template <class Net, class T>
constexpr bool cost_is(std::size_t parameters, std::size_t forward, std::size_t per_sample,
                       std::size_t activations, std::size_t forward_stack,
                       std::size_t gradient_stack, std::size_t descend_stack,
                       std::size_t batch_per_column, std::size_t forward_batch_per_column) {
    constexpr nn::cost_report c = nn::cost<Net, T>;
    constexpr std::size_t s = sizeof(T);
    constexpr std::size_t n = Net::template batch_columns<T>;
    return c.parameter_count == parameters && c.forward_flops == forward &&
           c.training_flops_per_sample == per_sample && c.update_flops == 2 * parameters &&
           c.training_flops(1) == per_sample + 2 * parameters &&
           c.training_flops(32) == nn::training_flops<Net>(32) &&
           c.parameter_bytes == parameters * s && c.parameter_bytes == sizeof(typename Net::template parameters<T>) &&
           c.gradient_bytes == parameters * s && c.activation_bytes == activations * s &&
           c.sgd_state_bytes == 0 && c.momentum_state_bytes == parameters * s &&
           c.adam_state_bytes == 2 * parameters * s && c.forward_stack_bytes == forward_stack * s &&
           c.gradient_stack_bytes == gradient_stack * s && c.descend_stack_bytes == descend_stack * s &&
           c.batch_columns == n && c.batch_gradient_stack_bytes == n * batch_per_column * s &&
           c.forward_batch_stack_bytes == n * forward_batch_per_column * s &&
           workspace_matches<Net, T>(c.batch_workspace_bytes);
}

static_assert(cost_is<small_net, double>(13, 18, 42, 8, 4, 15, 14, 17, 6));
static_assert(cost_is<small_net, float>(13, 18, 42, 8, 4, 15, 14, 17, 6));
static_assert(nn::cost<small_net>.parameter_bytes == 104);  // double by default
static_assert(nn::cost<small_net, float>.adam_state_bytes == 104);
static_assert(nn::cost<small_net, double>.gradient_stack_bytes == 120);
static_assert(nn::cost<small_net, float>.training_flops(32) == 32 * 42 + 26);
static_assert(nn::cost<small_net, double>.batch_workspace_bytes == small_net::batch_columns<double> * 14 * 8);

// 16-64-64-1 (relu): 16·64 + 64 + 64·64 + 64 + 64 + 1 = 5313 parameters; products 1024 + 4096
// + 64 = 5184 multiply-adds: forward 10,368 flops, per training sample 10,368 + 10,368 +
// 2·(4096 + 64) = 29,056, update 10,626. In 16, Out 1, Σ Out = 129, max In 64: activations
// 258, forward stack 129, gradient stack 16 + 1 + 387 = 404, descend 403, batch block
// N (16 + 387 + 64) = 467 N (its workspace 403 N), forward_batch N (16 + 129) = 145 N.
static_assert(cost_is<wide_net, double>(5313, 10368, 29056, 258, 129, 404, 403, 467, 145));
static_assert(cost_is<wide_net, float>(5313, 10368, 29056, 258, 129, 404, 403, 467, 145));
static_assert(nn::cost<wide_net, float>.parameter_bytes == 21252);
static_assert(nn::cost<wide_net, float>.parameter_bytes + nn::cost<wide_net, float>.adam_state_bytes ==
              63756);
static_assert(nn::cost<wide_net, double>.gradient_stack_bytes == 3232);
static_assert(nn::cost<wide_net, double>.activation_bytes == 2064);
static_assert(nn::cost<wide_net, float>.batch_workspace_bytes == wide_net::batch_columns<float> * 403 * 4);
// long double has no vector kernels: its batches go a sample at a time.
static_assert(nn::cost<wide_net, long double>.batch_columns == 0);
static_assert(nn::cost<wide_net, long double>.batch_workspace_bytes == 0);
static_assert(nn::cost<wide_net, long double>.batch_gradient_stack_bytes ==
              404 * sizeof(long double));
static_assert(nn::cost<wide_net, long double>.forward_batch_stack_bytes ==
              129 * sizeof(long double));

}  // namespace

BOOST_AUTO_TEST_CASE(cost_report_at_run_time) {
    // The same constants read at run time, as a report would print them.
    const nn::cost_report c = nn::cost<wide_net, float>;
    BOOST_TEST(c.parameter_count == 5313u);
    std::size_t batch = 32;
    BOOST_TEST(c.training_flops(batch) == 32u * 29056u + 10626u);
    BOOST_TEST(c.training_flops(batch) == nn::training_flops<wide_net>(batch));
}

// ---- the cost of a network with batch norm (buffers counted apart from parameters) ----
namespace {
using bn_net = nn::network<nn::dense<2, 3, nn::tanh>, nn::batch_norm<3>, nn::dense<3, 1>>;
}  // namespace
// Parameters: 2·3 + 3, gamma and beta 2·3, 3 + 1 = 19; the running statistics are buffers, as
// PyTorch's parameters() leaves out running_mean, running_var and num_batches_tracked.
static_assert(nn::cost<bn_net>.parameter_count == 19 && bn_net::parameter_count == 19);
static_assert(nn::cost<bn_net, float>.parameter_bytes == 19 * 4);
// Buffers: running_mean and running_var (3 scalars each) and the int64 num_batches_tracked:
// 3·8 + 3·8 + 8 = 56 bytes in double; in float 12 + 12 = 24, then the int64 at 24: 32.
static_assert(nn::cost<bn_net, double>.buffer_bytes == 56);
static_assert(nn::cost<bn_net, float>.buffer_bytes == 32);
static_assert(nn::cost<small_net>.buffer_bytes == 0);
// Flops: 2·2·3 + 2·3 (gamma·x̂ + beta per feature) + 2·3·1 = 24 forward; per training sample
// 2·24 + the input gradients of layers 2 and 3 (6 + 6) = 60.
static_assert(nn::forward_flops<bn_net> == 24 && nn::cost<bn_net>.forward_flops == 24);
static_assert(nn::cost<bn_net>.training_flops_per_sample == 60);
// The whole-batch workspace of batch_norm<3> alone for 4 samples, double: inputs 4·3·8 = 96,
// outputs 96, the batch norm's workspace (normalised 4·3·8 = 96, inverse deviations 3·8 = 24,
// its mode: 1 byte, padded to 8: 128) and the adjoints 96: 416 bytes.
static_assert(nn::workspace_bytes<nn::network<nn::batch_norm<3>>, double, 4> == 416);
static_assert(nn::workspace_bytes<bn_net, double, 32> == sizeof(bn_net::workspace<double, 32>));

// ---- the layer contract's refusals, as concept values ----
// A layer with state carried between calls is not an nn::Layer (nn::sequence_network runs it);
// batch norm, a layer with buffers, is.
static_assert(!nn::Layer<nn::gru<2, 3>> && !nn::Layer<nn::lstm<2, 3>>);
static_assert(nn::Layer<nn::batch_norm<3>> && nn::Layer<nn::dense<2, 3>>);
