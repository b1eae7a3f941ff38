// ELU (nn::elu for nn::dense, nn::elu_layer for sequences), PReLU (nn::prelu), activation_layer
// and time_distributed: PyTorch's oracles, central differences, streaming vs window.
#include <array>
#include <cmath>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/schedule/gradient.hpp>
#include <constgrad/sequence/elu.hpp>
#include <constgrad/sequence/prelu.hpp>
#include <constgrad/sequence/time_distributed.hpp>

#include "layers_check.hpp"

namespace nn = constgrad::nn;

namespace {

constexpr constgrad::variable<"z"> z;

// ELU'(0) = 1 and the two branches' values, at compile time (PyTorch: ELU(0) = 0, ELU'(0) = 1;
// ELU(1) = 1 exactly; ELU(-1) = e^-1 - 1, here compared with the engine's own exp only through
// its sign and range, the oracle below has the digits).
static_assert(constgrad::gradient(nn::elu::formula, z = 0.0)[z] == 1.0);
static_assert(constgrad::gradient(nn::elu::formula, z = 0.0).value() == 0.0);
static_assert(constgrad::gradient(nn::elu::formula, z = 1.0).value() == 1.0);
static_assert(constgrad::gradient(nn::elu::formula, z = 1.0)[z] == 1.0);
static_assert(constgrad::gradient(nn::elu::formula, z = -1.0).value() < -0.63 &&
              constgrad::gradient(nn::elu::formula, z = -1.0).value() > -0.64);
static_assert(nn::Activation<nn::elu>);

// PReLU at compile time: slope 0.25 on -2 gives -0.5, dy/da = -2, dy/dx = 0.25 (exact).
constexpr bool prelu_constant_evaluation() {
    nn::prelu<1>::parameters<double> p{{0.25}}, g{};
    nn::no_buffers b{}, s{};
    std::array<double, 1> y{};
    nn::prelu<1>::step(p, b, s, {-2.0}, y);
    std::array<nn::no_buffers, 1> states{};
    nn::prelu<1>::workspace<double, 1> ws{};
    std::array<std::array<double, 1>, 1> xs{{{-2.0}}}, ys{}, dys{{{1.0}}}, dxs{};
    nn::prelu<1>::forward_window(p, b, std::span<nn::no_buffers>(states), 1, std::span<const std::array<double, 1>>(xs),
                                 std::span<std::array<double, 1>>(ys), ws, nn::mode::train);
    nn::prelu<1>::backward_window<true>(p, b, 1, 1, std::span<const std::array<double, 1>>(xs), ws,
                                        std::span<std::array<double, 1>>(dys), g, std::span<std::array<double, 1>>(dxs));
    return y[0] == -0.5 && ys[0][0] == -0.5 && g.weight[0] == -2.0 && dxs[0][0] == 0.25;
}
static_assert(prelu_constant_evaluation());

// Five frames of one channel through a layer's window, dy = 1: the outputs and dy/dx (and the
// layer's parameter gradient).
template <class L>
struct one_channel_run {
    std::array<std::array<double, 1>, 5> ys{}, dxs{};
    typename L::template parameters<double> g{};
    one_channel_run(const typename L::template parameters<double>& p, const double (&zs)[5]) {
        std::array<std::array<double, 1>, 5> xs{}, dys{};
        for (std::size_t n = 0; n < 5; ++n) {
            xs[n][0] = zs[n];
            dys[n][0] = 1.0;
        }
        std::array<typename L::template state<double>, 1> states{};
        typename L::template buffers<double> b{};
        auto ws = std::make_unique<typename L::template workspace<double, 5>>();
        L::forward_window(p, b, std::span<typename L::template state<double>>(states), 5,
                          std::span<const std::array<double, 1>>(xs), std::span<std::array<double, 1>>(ys), *ws,
                          nn::mode::train);
        L::template backward_window<true>(p, b, 1, 5, std::span<const std::array<double, 1>>(xs), *ws,
                                          std::span<std::array<double, 1>>(dys), g,
                                          std::span<std::array<double, 1>>(dxs));
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(activations)

// Oracle O7_elu_alpha1 (torch_layers.json): ELU(alpha 1) and its derivative, ELU'(0) = 1, as a
// sequence layer and inside nn::dense (identity weight, zero bias). Tolerance 4e-16: exp(z) - 1
// for z in [-2, 0) is within 2 ulp of 1 of the value (absolute), not expm1's relative accuracy.
BOOST_AUTO_TEST_CASE(elu_pytorch_oracle) {
    const double zs[5] = {-2.0, -0.5, 0.0, 0.5, 3.0};
    const double y[5] = {-0.8646647167633873, -0.3934693402873666, 0.0, 0.5, 3.0};
    const double dy[5] = {0.1353352832366127, 0.6065306597126334, 1.0, 1.0, 1.0};
    const one_channel_run<nn::elu_layer<1>> run(nn::no_parameters{}, zs);
    for (std::size_t n = 0; n < 5; ++n) {
        BOOST_TEST(std::abs(run.ys[n][0] - y[n]) <= 4e-16);
        BOOST_TEST(std::abs(run.dxs[n][0] - dy[n]) <= 4e-16);
        using dense = nn::dense<1, 1, nn::elu>;
        dense::parameters<double> p{{{{1.0}}}, {0.0}};
        std::array<double, 1> out{}, slope{}, grad_in{};
        dense::forward_recording(p, std::array<double, 1>{zs[n]}, out, slope);
        BOOST_TEST(std::abs(out[0] - y[n]) <= 4e-16);
        std::array<double, 1> d{1.0};
        dense::parameters<double> g{};
        dense::backward<true>(p, std::array<double, 1>{zs[n]}, slope, d, g, grad_in);
        BOOST_TEST(std::abs(grad_in[0] - dy[n]) <= 4e-16);
    }
}

// The packed run-time path of ELU (16 channels: whole packs) against std::expm1: within 2 ulp of
// 1 absolute (e^z - 1 is formed from e^z), and exact for z > 0.
BOOST_AUTO_TEST_CASE(elu_packed_values) {
    std::array<double, 16> x{}, y{};
    for (std::size_t c = 0; c < 16; ++c) x[c] = -3.0 + 0.4 * static_cast<double>(c);
    nn::no_buffers none{}, st{};
    nn::elu_layer<16>::step(nn::no_parameters{}, none, st, x, y);
    for (std::size_t c = 0; c < 16; ++c) {
        const double want = x[c] > 0 ? x[c] : std::expm1(x[c]);
        BOOST_TEST(std::abs(y[c] - want) <= 4.5e-16, "z = " << x[c] << ": " << y[c] << " vs " << want);
    }
}

// Oracle O7b_prelu_0.25: PReLU with slope 0.25; dy/dz at 0 is the slope; dLoss/dslope summed
// over the five values with dy = 1 is -2.5. Exact: one rounding-free product per value.
BOOST_AUTO_TEST_CASE(prelu_pytorch_oracle) {
    const double zs[5] = {-2.0, -0.5, 0.0, 0.5, 3.0};
    const double y[5] = {-0.5, -0.125, 0.0, 0.5, 3.0};
    const double dy[5] = {0.25, 0.25, 0.25, 1.0, 1.0};
    nn::prelu<1>::parameters<double> p{};
    nn::rng r{nn::seed{3}};
    nn::no_buffers b{};
    nn::prelu<1>::init(r, 0, p, b);  // PyTorch's 0.25
    const one_channel_run<nn::prelu<1>> run(p, zs);
    for (std::size_t n = 0; n < 5; ++n) {
        BOOST_TEST(run.ys[n][0] == y[n]);
        BOOST_TEST(run.dxs[n][0] == dy[n]);
    }
    BOOST_TEST(run.g.weight[0] == -2.5);
}

// Central differences (inputs kept 0.05 away from the kink), float and double, several
// sequences; streaming equals the window.
BOOST_AUTO_TEST_CASE(gradients_and_streaming) {
    layers_check::check_gradients<nn::prelu<3>, 2, 4, double>(layers_check::off_zero, nn::mode::train);
    layers_check::check_gradients<nn::prelu<3>, 2, 4, float>(layers_check::off_zero, nn::mode::train);
    layers_check::check_gradients<nn::elu_layer<3>, 2, 4, double>(layers_check::off_zero, nn::mode::train);
    layers_check::check_gradients<nn::elu_layer<3>, 2, 4, float>(layers_check::off_zero, nn::mode::train);
    layers_check::check_gradients<nn::activation_layer<4, nn::tanh>, 3, 2, double>(layers_check::value, nn::mode::train);
    // 16 channels: whole packs at run time (the packed path of the formula, not the scalar one).
    layers_check::check_gradients<nn::elu_layer<16>, 1, 2, double>(layers_check::off_zero, nn::mode::train);
    layers_check::check_gradients<nn::elu_layer<16>, 1, 2, float>(layers_check::off_zero, nn::mode::train);
    layers_check::check_streaming<nn::prelu<3>, 2, 4, double>(layers_check::value);
    layers_check::check_streaming<nn::elu_layer<5>, 2, 4, float>(layers_check::value);
}

// time_distributed<dense>: nn::dense's own forward and backward on every frame; central
// differences for its weights, biases and inputs; streaming equals the window; same values as
// nn::dense called on the frame directly.
BOOST_AUTO_TEST_CASE(time_distributed_dense) {
    using td = nn::time_distributed<nn::dense<3, 4, nn::tanh>>;
    static_assert(nn::SequenceLayer<td> && nn::SequenceLayer<nn::prelu<2>> && nn::SequenceLayer<nn::elu_layer<2>>);
    layers_check::check_gradients<td, 2, 3, double>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<td, 2, 3, float>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::time_distributed<nn::dense<5, 2, nn::elu>>, 1, 4, double>(layers_check::value,
                                                                                               nn::mode::train);
    layers_check::check_streaming<td, 2, 3, double>(layers_check::value);
    td::parameters<double> p{};
    std::size_t k = 0;
    auto set = [&](double& x) { x = layers_check::value(k++); };
    td::parameters<double>::zip(set, p);
    const std::array<double, 3> x{0.25, -0.5, 1.0};
    std::array<double, 4> a{}, b{};
    nn::no_buffers none{}, st{};
    td::step(p, none, st, x, a);
    nn::dense<3, 4, nn::tanh>::forward(p, x, b);
    BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_SUITE_END()
