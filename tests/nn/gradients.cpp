// Gradients of activations, losses and networks of 1-4 layers vs central finite differences;
// the tanh neuron of shared/oracles exactly.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <tuple>

#include <boost/test/unit_test.hpp>

#include <constgrad/constgrad.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

#include "nn_test_support.hpp"

namespace cg = constgrad;
namespace nn = constgrad::nn;
using nn_test::relative_error;

namespace {

constexpr cg::variable<"z"> z;
constexpr cg::variable<"p"> p;
constexpr cg::variable<"t"> t;

// User activations and losses: formulas only, no derivative written anywhere.
using swish = nn::activation<z * cg::sigmoid(z)>;
using softplus = nn::activation<cg::log(1 + cg::exp(z))>;
using leaky_02 = nn::activation<cg::relu(z) - 0.2 * cg::relu(-z)>;  // a run-time constant inside
using prelu_02 = nn::activation<cg::leaky_relu(z, 0.2)>;            // the built-in function
constexpr auto cauchy = nn::loss(p, t, cg::log(1 + cg::square(p - t)), nn::reduction::mean);
constexpr auto identity_loss = nn::loss(p, t, p);  // d loss / d θ = d output / d θ

// Points away from relu's kink at 0 (there the one-sided derivatives differ).
constexpr std::array points{-3.1, -1.7, -0.6, -0.05, 0.07, 0.4, 1.3, 2.9};

template <class A>
void check_activation(double (*reference)(double)) {
    using act = cg::detail::nn_activation<A>;
    for (double x : points) {
        double y = 0, dy = 0;
        act::value_and_derivative(x, y, dy);
        BOOST_TEST(act::value(x) == y);
        BOOST_TEST(relative_error(y, reference(x)) < 1e-15);
        const double fd = nn_test::central_difference([](double v) { return act::value(v); }, x);
        BOOST_TEST(relative_error(dy, fd) < 1e-6, "act'(" << x << ") = " << dy << ", FD " << fd);
        // The reverse sweep and the symbolic derivative give the same number.
        const double symbolic =
            cg::evaluate(cg::derivative(A::formula, cg::variable<"z">{}), cg::variable<"z">{} = x);
        BOOST_TEST(relative_error(dy, symbolic) < 1e-15);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(activations)

BOOST_AUTO_TEST_CASE(identity) {
    check_activation<nn::identity>([](double x) { return x; });
}
BOOST_AUTO_TEST_CASE(relu) {
    check_activation<nn::relu>([](double x) { return x > 0 ? x : 0.0; });
}
BOOST_AUTO_TEST_CASE(leaky_relu) {
    check_activation<nn::leaky_relu>([](double x) { return x > 0 ? x : 0.01 * x; });
}
BOOST_AUTO_TEST_CASE(tanh) {
    check_activation<nn::tanh>([](double x) { return std::tanh(x); });
}
BOOST_AUTO_TEST_CASE(sigmoid) {
    check_activation<nn::sigmoid>([](double x) { return 1 / (1 + std::exp(-x)); });
}
BOOST_AUTO_TEST_CASE(user_swish) {
    check_activation<swish>([](double x) { return x / (1 + std::exp(-x)); });
}
BOOST_AUTO_TEST_CASE(user_softplus) {
    check_activation<softplus>([](double x) { return std::log(1 + std::exp(x)); });
}

BOOST_AUTO_TEST_CASE(user_leaky_relu_with_constant) {
    check_activation<leaky_02>([](double x) { return x > 0 ? x : 0.2 * x; });
}

BOOST_AUTO_TEST_CASE(user_leaky_relu_function) {
    check_activation<prelu_02>([](double x) { return x > 0 ? x : 0.2 * x; });
}

// leaky_relu'(0) = the slope (PyTorch's convention, and the runtime tape's), on every path a
// layer takes: the scalar sweep (constexpr and non-packable types) and the packed one (run
// time, float and double: whole packs and the scalar tail).
template <class A, class T>
void check_leaky_at_zero(T slope) {
    using act = cg::detail::nn_activation<A>;
    const T tiny = std::numeric_limits<T>::denorm_min();
    const std::array<T, 6> z0{T(0), -T(0), tiny, -tiny, T(1e-3), T(-1e-3)};
    const std::array<T, 6> y0{T(0), -T(0), tiny, slope * -tiny, T(1e-3), slope * T(-1e-3)};
    const std::array<T, 6> d0{slope, slope, T(1), slope, T(1), slope};
    for (std::size_t k = 0; k < z0.size(); ++k) {
        T y{1}, dy{1};
        act::value_and_derivative(z0[k], y, dy);
        BOOST_TEST(y == y0[k]);
        BOOST_TEST(std::signbit(y) == std::signbit(y0[k]));
        BOOST_TEST(dy == d0[k], "scalar act'(" << z0[k] << ") = " << dy);
        BOOST_TEST(act::value(z0[k]) == y0[k]);
    }
    // 41 elements: the six values repeated, so each falls in several lanes and in the tail.
    std::array<T, 41> z{}, y{}, d{}, y_only{};
    for (std::size_t k = 0; k < z.size(); ++k) z[k] = z0[k % z0.size()];
    act::map_recording(z, y, d);
    act::map(z, y_only);
    for (std::size_t k = 0; k < z.size(); ++k) {
        BOOST_TEST(y[k] == y0[k % z0.size()]);
        BOOST_TEST(y_only[k] == y0[k % z0.size()]);
        BOOST_TEST(d[k] == d0[k % z0.size()], "packed act'(" << z[k] << ") = " << d[k] << " at " << k);
    }
}

BOOST_AUTO_TEST_CASE(leaky_relu_derivative_at_zero_is_the_slope) {
    BOOST_TEST(cg::detail::nn_activation<nn::leaky_relu>::packed<double>);
    BOOST_TEST(cg::detail::nn_activation<nn::leaky_relu>::packed<float>);
    BOOST_TEST(cg::detail::nn_activation<prelu_02>::packed<float>);
    check_leaky_at_zero<nn::leaky_relu>(0.01);
    check_leaky_at_zero<nn::leaky_relu>(0.01f);
    // long double: not packable, the scalar sweep throughout; the constant 0.01 is a double.
    check_leaky_at_zero<nn::leaky_relu>(static_cast<long double>(0.01));
    check_leaky_at_zero<prelu_02>(0.2);
    check_leaky_at_zero<prelu_02>(0.2f);
}

BOOST_AUTO_TEST_CASE(leaky_relu_network_at_zero) {
    // Hidden pre-activations exactly 0 (first layer zero): dLoss/dW1[o][i] = 0.01 W2[o] dy x[i]
    // and dLoss/db1[o] = 0.01 W2[o] dy, nonzero only with leaky_relu'(0) = slope. Width 17:
    // packs and a tail. Per sample, the batch (blocks of columns) and the fused SGD step.
    using net = nn::network<nn::dense<2, 17, nn::leaky_relu>, nn::dense<17, 1>>;
    auto p = net::init(nn::seed{3});
    p.layer<0>() = {};
    p.layer<1>().b[0] = 0.25;
    const std::array<double, 2> x{0.75, -1.5};
    const std::array<double, 1> y{1.0};
    const double dy = 2 * (0.25 - 1.0);  // squared error at output b2 = 0.25
    const auto g = net::gradient(nn::squared_error, p, x, y);
    std::array<net::sample_type<double>, 3> batch{{{x, y}, {x, y}, {x, y}}};
    const auto gb = net::gradient(nn::squared_error, p, std::span(batch));
    auto q = p;
    net::descend(nn::squared_error, q, 1.0, x, y);
    for (std::size_t o = 0; o < 17; ++o) {
        const double w2 = p.layer<1>().w[0][o];
        BOOST_TEST(w2 != 0.0);
        BOOST_TEST(relative_error(g.layer<0>().b[o], 0.01 * w2 * dy) < 1e-15);
        BOOST_TEST(relative_error(gb.layer<0>().b[o], 3 * 0.01 * w2 * dy) < 1e-15);
        BOOST_TEST(relative_error(-q.layer<0>().b[o], 0.01 * w2 * dy) < 1e-15);
        for (std::size_t i = 0; i < 2; ++i) {
            BOOST_TEST(relative_error(g.layer<0>().w[o][i], 0.01 * w2 * dy * x[i]) < 1e-15);
            BOOST_TEST(relative_error(gb.layer<0>().w[o][i], 3 * 0.01 * w2 * dy * x[i]) < 1e-15);
            BOOST_TEST(relative_error(-q.layer<0>().w[o][i], 0.01 * w2 * dy * x[i]) < 1e-15);
        }
    }
}

BOOST_AUTO_TEST_CASE(relu_derivative_at_zero_is_zero) {
    double y = 1, dy = 1;
    cg::detail::nn_activation<nn::relu>::value_and_derivative(0.0, y, dy);
    BOOST_TEST(y == 0.0);
    BOOST_TEST(dy == 0.0);  // PyTorch's convention, documented on nn::relu
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

template <class L>
void check_loss(const L& loss, double (*reference)(double, double)) {
    for (double target : {-1.0, 1.0, 0.3}) {
        for (double x : points) {
            double v = 0, d = 0;
            loss.value_and_derivative(x, target, v, d);
            BOOST_TEST(relative_error(v, reference(x, target)) < 1e-15);
            BOOST_TEST(loss.value(x, target) == v);
            if (std::fabs(1 - x * target) < 1e-3) continue;  // hinge's kink
            const double fd =
                nn_test::central_difference([&](double q) { return loss.value(q, target); }, x);
            BOOST_TEST(relative_error(d, fd) < 1e-6,
                       "dl/dp(" << x << ", " << target << ") = " << d << ", FD " << fd);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(losses)

BOOST_AUTO_TEST_CASE(squared_error) {
    check_loss(nn::squared_error, [](double q, double y) { return (q - y) * (q - y); });
    BOOST_TEST((nn::squared_error.reduce == nn::reduction::sum));
}
BOOST_AUTO_TEST_CASE(mse) {
    check_loss(nn::mse, [](double q, double y) { return (q - y) * (q - y); });
    BOOST_TEST((nn::mse.reduce == nn::reduction::mean));
}
BOOST_AUTO_TEST_CASE(hinge) {
    check_loss(nn::hinge, [](double q, double y) { return std::max(0.0, 1 - q * y); });
    BOOST_TEST((nn::hinge.reduce == nn::reduction::mean));
}
BOOST_AUTO_TEST_CASE(user_cauchy) {
    check_loss(cauchy, [](double q, double y) { return std::log(1 + (q - y) * (q - y)); });
}

// The reductions, by hand: outputs (2, -1) against targets (0, 1): errors 2 and -2.
BOOST_AUTO_TEST_CASE(reductions_over_outputs_and_batch) {
    using net = nn::network<nn::dense<1, 2>>;
    net::parameters<double> q{};
    q.layer<0>().b = {2.0, -1.0};  // zero weights: output = bias
    const std::array<nn::sample<double, 1, 2>, 2> batch{
        {{{0.5}, {0.0, 1.0}}, {{-0.5}, {0.0, 1.0}}}};
    BOOST_TEST(net::loss(nn::squared_error, q, batch[0].x, batch[0].y) == 8.0);  // 4 + 4
    BOOST_TEST(net::loss(nn::mse, q, batch[0].x, batch[0].y) == 4.0);            // (4 + 4) / 2
    BOOST_TEST(net::loss(nn::squared_error, q, batch) == 16.0);
    BOOST_TEST(net::loss(nn::mse, q, batch) == 4.0);
    // d/db of Σ (b - y)^2 over 2 samples = 2 * 2 * (b - y); the mean divides by 4 elements.
    const auto g_sum = net::gradient(nn::squared_error, q, batch);
    BOOST_TEST(g_sum.layer<0>().b[0] == 8.0);
    BOOST_TEST(g_sum.layer<0>().b[1] == -8.0);
    const auto g_mean = net::gradient(nn::mse, q, batch);
    BOOST_TEST(g_mean.layer<0>().b[0] == 2.0);
    BOOST_TEST(g_mean.layer<0>().b[1] == -2.0);
}

BOOST_AUTO_TEST_CASE(l2_term_and_gradient) {
    using net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
    const auto q = net::init(nn::seed{5}, nn::normal_init{0.0, 1.0, 0.25});
    double sum_sq = 0;
    for (double v : nn::flatten(q)) sum_sq += v * v;
    const auto loss = nn::squared_error + nn::l2{0.01};
    const std::array x{0.3, -0.8};
    const std::array y{0.5};
    BOOST_TEST(relative_error(net::loss(loss, q, x, y),
                              net::loss(nn::squared_error, q, x, y) + 0.01 * sum_sq) < 1e-15);
    const auto g = net::gradient(loss, q, x, y);
    BOOST_TEST(nn_test::max_gradient_error(
                   q, g, [&](const auto& r) { return net::loss(loss, r, x, y); }) < 1e-6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(networks)

// shared/oracles/README.md: x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432.
BOOST_AUTO_TEST_CASE(tanh_neuron_oracle) {
    using net = nn::network<nn::neuron<2, nn::tanh>>;
    net::parameters<double> q{};
    q.layer<0>().w[0] = {-3.0, 1.0};
    q.layer<0>().b[0] = 6.8813735870195432;
    const std::array x{2.0, 0.0};
    const std::array unused{0.0};
    BOOST_TEST(std::fabs(net::forward(q, x)[0] - 0.70710678118654768) < 1e-12);
    const auto g = net::gradient(identity_loss, q, x, unused);
    BOOST_TEST(std::fabs(g.layer<0>().w[0][0] - 1.0) < 1e-12);  // do/dw1
    BOOST_TEST(std::fabs(g.layer<0>().w[0][1] - 0.0) < 1e-12);  // do/dw2
    BOOST_TEST(std::fabs(g.layer<0>().b[0] - 0.5) < 1e-12);     // do/db
    const auto dx = net::input_gradient(identity_loss, q, x, unused);
    BOOST_TEST(std::fabs(dx[0] - -1.5) < 1e-12);  // do/dx1
    BOOST_TEST(std::fabs(dx[1] - 0.5) < 1e-12);   // do/dx2
}

namespace {

// FD over every parameter and every input, for one sample and for a batch.
template <class Net, class L>
void check_network(const L& loss, std::uint64_t seed) {
    using T = double;
    const auto q = Net::template init<T>(nn::seed{seed}, nn::normal_init{0.0, 0.8, 0.1});
    nn::rng r{nn::seed{seed + 1}};
    std::array<typename Net::template sample_type<T>, 5> batch{};
    for (auto& s : batch) {
        for (auto& v : s.x) v = r.uniform(-1.5, 1.5);
        for (auto& v : s.y) v = r.uniform(0.0, 1.0) < 0.5 ? -1.0 : 1.0;
    }
    const auto& s0 = batch[0];
    const auto g = Net::gradient(loss, q, s0.x, s0.y);
    const double sample_error = nn_test::max_gradient_error(
        q, g, [&](const auto& w) { return Net::loss(loss, w, s0.x, s0.y); });
    BOOST_TEST(sample_error < 1e-6);

    const auto gb = Net::gradient(loss, q, batch);
    const double batch_error = nn_test::max_gradient_error(
        q, gb, [&](const auto& w) { return Net::loss(loss, w, batch); });
    BOOST_TEST(batch_error < 1e-6);

    const auto dx = Net::input_gradient(loss, q, s0.x, s0.y);
    for (std::size_t i = 0; i < Net::input_size; ++i) {
        auto x = s0.x;
        const double fd = nn_test::central_difference(
            [&](double v) {
                x[i] = v;
                return Net::loss(loss, q, x, s0.y);
            },
            s0.x[i]);
        BOOST_TEST(relative_error(dx[i], fd) < 1e-6);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_layer) {
    check_network<nn::network<nn::dense<3, 2, nn::tanh>>>(nn::mse, 11);
}

BOOST_AUTO_TEST_CASE(two_layers) {
    check_network<nn::network<nn::dense<2, 5, nn::sigmoid>, nn::dense<5, 3>>>(nn::squared_error,
                                                                              12);
}

BOOST_AUTO_TEST_CASE(three_layers) {
    using net = nn::network<nn::dense<4, 6, nn::relu>, nn::dense<6, 5, nn::leaky_relu>,
                            nn::dense<5, 2, nn::tanh>>;
    check_network<net>(nn::hinge + nn::l2{1e-3}, 13);
}

BOOST_AUTO_TEST_CASE(four_layers_user_activation_and_loss) {
    using net = nn::network<nn::dense<3, 4, swish>, nn::dense<4, 4, nn::tanh>,
                            nn::dense<4, 3, softplus>, nn::dense<3, 2>>;
    check_network<net>(cauchy, 14);
}

BOOST_AUTO_TEST_CASE(batch_gradient_is_the_reduced_sum_of_sample_gradients) {
    using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
    const auto q = net::init(nn::seed{3});
    const std::array<net::sample_type<double>, 3> batch{
        {{{0.1, 0.2}, {1.0}}, {{-0.4, 0.9}, {0.0}}, {{0.7, -0.3}, {0.5}}}};
    const auto gb = nn::flatten(net::gradient(nn::mse, q, batch));
    auto sum = nn::flatten(net::gradient(nn::mse, q, batch[0].x, batch[0].y));
    for (std::size_t k = 1; k < batch.size(); ++k) {
        const auto gk = nn::flatten(net::gradient(nn::mse, q, batch[k].x, batch[k].y));
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += gk[i];
    }
    for (std::size_t i = 0; i < sum.size(); ++i)
        BOOST_TEST(relative_error(gb[i], sum[i] / 3) < 1e-14);
}

BOOST_AUTO_TEST_CASE(float_network_matches_double) {
    using net = nn::network<nn::dense<2, 8, nn::tanh>, nn::dense<8, 1, nn::sigmoid>>;
    const auto qd = net::init<double>(nn::seed{9});
    const auto qf = net::init<float>(nn::seed{9});
    const auto fd = nn::flatten(qd);
    const auto ff = nn::flatten(qf);
    for (std::size_t i = 0; i < fd.size(); ++i)
        BOOST_TEST(ff[i] == static_cast<float>(fd[i]));  // same draws
    const auto gd =
        nn::flatten(net::gradient(nn::squared_error, qd, std::array{0.25, -0.5}, std::array{1.0}));
    const auto gf = nn::flatten(
        net::gradient(nn::squared_error, qf, std::array{0.25f, -0.5f}, std::array{1.0f}));
    for (std::size_t i = 0; i < gd.size(); ++i)
        BOOST_TEST(std::fabs(gf[i] - gd[i]) <= 1e-5 * (1 + std::fabs(gd[i])));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Whole-output losses: softmax cross-entropy and binary cross-entropy from logits ----------

namespace {

// The parameters of shared/oracles/torch_layers.json: the k-th scalar in PyTorch's
// named_parameters() order (0.weight, 0.bias, 2.weight, 2.bias: our layout) is 0.5 sin(k + 1).
template <class P>
P oracle_parameters() {
    std::array<typename P::scalar_type, P::size> flat{};
    for (std::size_t k = 0; k < flat.size(); ++k)
        flat[k] = static_cast<typename P::scalar_type>(0.5 * std::sin(static_cast<double>(k + 1)));
    return nn::unflatten<P>(flat);
}

// Linear(2, 3) -> tanh -> Linear(3, 3) logits: O1_softmax_ce_2_3_3.
using o1_net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 3>>;

// The gradient of O1 (x = (0.8, -1.2), class 2), quoted from torch_layers.json in layout order:
// d0.weight (3 x 2), d0.bias, d2.weight (3 x 3), d2.bias.
constexpr std::array<double, 21> o1_gradient{
    0.14252502945195597,  -0.2137875441779339,   0.18539660532283866,  -0.27809490798425796,
    0.33623245886012976,  -0.5043486882901945,   0.17815628681494494,  0.23174575665354832,
    0.42029057357516214,  0.020678432936088672,  0.13278920577906786,  -0.0017144024446085816,
    0.06818979969741586,  0.4378895331207967,    -0.005653463183595179, -0.08886823263350455,
    -0.5706787388998646,  0.007367865628203762,  0.17385952239605143,  0.5733241993876927,
    -0.7471837217837443};
constexpr std::array<double, 3> o1_logits{-0.3366508942001164, 0.8565528249252445,
                                          0.03776452709117012};
constexpr double o1_loss = 1.375092227104263;

// |a - b| / max(|a|, |b|) with no floor (nn_test::relative_error calls differences below
// 1e-9 zero): for the oracles, whose values are all far from 0 or exactly 0.
double strict_error(double a, double b) {
    const double scale = std::max(std::fabs(a), std::fabs(b));
    return scale == 0 ? 0.0 : std::fabs(a - b) / scale;
}

// The largest relative error between a gradient and the oracle's.
template <class P>
double oracle_error(const P& g) {
    const auto flat = nn::flatten(g);
    double worst = 0;
    for (std::size_t k = 0; k < flat.size(); ++k)
        worst = std::max(worst, strict_error(flat[k], o1_gradient[k]));
    return worst;
}

// A user whole-output loss: the multiclass hinge (Crammer-Singer) on a class index,
// max(0, 1 + max_{k != c} z_k - z_c), its reverse rule written once.
struct multiclass_hinge {
    nn::reduction reduce = nn::reduction::mean;
    template <std::size_t Out>
    static constexpr std::size_t target_size = 1;
    template <class T, std::size_t Out>
    constexpr T value(const std::array<T, Out>& z, const std::array<T, 1>& y) const noexcept {
        std::array<T, Out> unused{};
        return value_and_gradient(z, y, unused);
    }
    template <class T, std::size_t Out>
    constexpr T value_and_gradient(const std::array<T, Out>& z, const std::array<T, 1>& y,
                                   std::array<T, Out>& dz) const noexcept {
        const auto c = static_cast<std::size_t>(y[0]);
        std::size_t rival = c == 0 ? 1 : 0;
        for (std::size_t k = 0; k < Out; ++k)
            if (k != c && z[k] > z[rival]) rival = k;
        dz.fill(T(0));
        const T margin = T(1) + z[rival] - z[c];
        if (margin <= T(0)) return T(0);
        dz[rival] = T(1);
        dz[c] = T(-1);
        return margin;
    }
};
static_assert(nn::WholeOutputLoss<multiclass_hinge>);

// FD over every parameter and input for one sample and for a batch, with targets made by
// `target(rng)`; and the batch gradient (blocked at run time) against the reduced sum of the
// per-sample gradients.
template <class Net, std::size_t Batch, class L, class MakeTarget>
void check_whole_output(const L& loss, std::uint64_t seed, MakeTarget target) {
    const auto q = Net::template init<double>(nn::seed{seed}, nn::normal_init{0.0, 0.8, 0.1});
    nn::rng r{nn::seed{seed + 1}};
    using Y = decltype(target(r));
    std::array<nn::sample<double, Net::input_size, std::tuple_size_v<Y>>, Batch> batch{};
    for (auto& s : batch) {
        for (auto& v : s.x) v = r.uniform(-1.5, 1.5);
        s.y = target(r);
    }
    const auto& s0 = batch[0];
    const auto g = Net::gradient(loss, q, s0.x, s0.y);
    BOOST_TEST(nn_test::max_gradient_error(
                   q, g, [&](const auto& w) { return Net::loss(loss, w, s0.x, s0.y); }) < 1e-6);
    const auto gb = Net::gradient(loss, q, batch);
    BOOST_TEST(nn_test::max_gradient_error(
                   q, gb, [&](const auto& w) { return Net::loss(loss, w, batch); }) < 1e-6);
    const auto dx = Net::input_gradient(loss, q, s0.x, s0.y);
    for (std::size_t i = 0; i < Net::input_size; ++i) {
        auto x = s0.x;
        const double fd = nn_test::central_difference(
            [&](double v) {
                x[i] = v;
                return Net::loss(loss, q, x, s0.y);
            },
            s0.x[i]);
        BOOST_TEST(relative_error(dx[i], fd) < 1e-6);
    }
    // The batch path (blocks of batch_columns samples at run time) against per sample.
    auto sum = nn::flatten(typename Net::template parameters<double>{});
    double loss_sum = 0;
    for (const auto& s : batch) {
        const auto gk = nn::flatten(Net::gradient(loss, q, s.x, s.y));
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += gk[i];
        loss_sum += Net::loss(loss, q, s.x, s.y);
    }
    const double k = Net::template batch_scale<L>(loss, Batch);
    const auto flat_gb = nn::flatten(gb);
    double worst = 0;
    for (std::size_t i = 0; i < sum.size(); ++i)
        worst = std::max(worst, relative_error(flat_gb[i], k * sum[i]));
    BOOST_TEST(worst < 1e-13);
    BOOST_TEST(relative_error(Net::loss(loss, q, batch), k * loss_sum) < 1e-13);
    // gradient_into with and without a workspace: the same gradient and loss, bit for bit.
    typename Net::template parameters<double> g1{}, g2{};
    typename Net::template batch_workspace<double> workspace;
    const double l1 = Net::gradient_into(g1, loss, q, std::span(batch));
    const double l2 = Net::gradient_into(g2, loss, q, std::span(batch), workspace);
    BOOST_TEST((g1 == g2));
    BOOST_TEST(l1 == l2);
    BOOST_TEST(relative_error(l1, Net::loss(loss, q, batch)) < 1e-13);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(whole_output_losses)

// torch_layers.json O1_softmax_ce_2_3_3: logits (-0.3366508942001164, 0.8565528249252445,
// 0.03776452709117012), loss 1.375092227104263, every parameter's gradient (o1_gradient).
BOOST_AUTO_TEST_CASE(softmax_cross_entropy_oracle_o1) {
    const auto q = oracle_parameters<o1_net::parameters<double>>();
    const std::array x{0.8, -1.2};
    const auto z = o1_net::forward(q, x);
    for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(strict_error(z[k], o1_logits[k]) < 1e-14);
    // The class as an index (std::size_t or std::array<T, 1>) and as a one-hot probability.
    const std::array one_hot{0.0, 0.0, 1.0};
    const std::array index{2.0};
    BOOST_TEST(strict_error(o1_net::loss(nn::sparse_softmax_cross_entropy, q, x, std::size_t{2}),
                              o1_loss) < 1e-14);
    BOOST_TEST(strict_error(o1_net::loss(nn::sparse_softmax_cross_entropy, q, x, index), o1_loss) <
               1e-14);
    BOOST_TEST(strict_error(o1_net::loss(nn::softmax_cross_entropy, q, x, one_hot), o1_loss) <
               1e-14);
    const double e1 = oracle_error(o1_net::gradient(nn::sparse_softmax_cross_entropy, q, x, std::size_t{2}));
    const double e2 = oracle_error(o1_net::gradient(nn::softmax_cross_entropy, q, x, one_hot));
    BOOST_TEST_MESSAGE("O1: loss relative error "
                       << strict_error(o1_net::loss(nn::sparse_softmax_cross_entropy, q, x,
                                                    std::size_t{2}),
                                       o1_loss)
                       << ", gradient max relative error " << e1 << " (index), " << e2
                       << " (one-hot)");
    BOOST_TEST(e1 < 1e-13);
    BOOST_TEST(e2 < 1e-13);
    // A batch of the same sample twice, mean: the same gradient (batch path, two samples).
    const std::array<nn::sample<double, 2, 1>, 2> twice{{{x, index}, {x, index}}};
    BOOST_TEST(oracle_error(o1_net::gradient(nn::sparse_softmax_cross_entropy, q, twice)) < 1e-13);
    // Float: the same numbers within float rounding.
    const auto qf = oracle_parameters<o1_net::parameters<float>>();
    BOOST_TEST_MESSAGE("O1 float: gradient max relative error "
                       << oracle_error(o1_net::gradient(nn::sparse_softmax_cross_entropy, qf,
                                                        std::array{0.8f, -1.2f}, std::size_t{2})));
    const auto gf = nn::flatten(
        o1_net::gradient(nn::sparse_softmax_cross_entropy, qf, std::array{0.8f, -1.2f}, std::size_t{2}));
    for (std::size_t k = 0; k < gf.size(); ++k)
        BOOST_TEST(std::fabs(gf[k] - o1_gradient[k]) < 1e-6);
}

// O1b_softmax_ce_large_logits: logits (1000, 0, -1000), class 1: loss exactly 1000, dlogits
// (1, -1, 0), in double and in float.
BOOST_AUTO_TEST_CASE(softmax_cross_entropy_large_logits_o1b) {
    std::array<double, 3> dz{};
    const std::array z{1000.0, 0.0, -1000.0};
    BOOST_TEST(nn::sparse_softmax_cross_entropy.value_and_gradient(z, std::array{1.0}, dz) == 1000.0);
    BOOST_TEST((dz == std::array{1.0, -1.0, 0.0}));
    BOOST_TEST(nn::softmax_cross_entropy.value(z, std::array{0.0, 1.0, 0.0}) == 1000.0);
    std::array<float, 3> dzf{};
    const std::array zf{1000.0f, 0.0f, -1000.0f};
    BOOST_TEST(nn::softmax_cross_entropy.value_and_gradient(zf, std::array{0.0f, 1.0f, 0.0f}, dzf) ==
               1000.0f);
    BOOST_TEST((dzf == std::array{1.0f, -1.0f, 0.0f}));
    // Through a network whose logits are its biases (zero weights).
    using net = nn::network<nn::dense<1, 3>>;
    net::parameters<float> q{};
    q.layer<0>().b = zf;
    BOOST_TEST(net::loss(nn::sparse_softmax_cross_entropy, q, std::array{0.5f}, std::size_t{1}) ==
               1000.0f);
    const auto g = net::gradient(nn::sparse_softmax_cross_entropy, q, std::array{0.5f}, std::size_t{1});
    BOOST_TEST((g.layer<0>().b == std::array{1.0f, -1.0f, 0.0f}));
    // An index outside [0, Out) or not an integer: NaN, not a wrong number.
    BOOST_TEST(std::isnan(nn::sparse_softmax_cross_entropy.value(z, std::array{3.0})));
    BOOST_TEST(std::isnan(nn::sparse_softmax_cross_entropy.value(z, std::array{0.5})));
    BOOST_TEST(std::isnan(nn::sparse_softmax_cross_entropy.value(z, std::array{-1.0})));
}

// O2_bce_with_logits_sum: z = (0.7, -3, 40), t = (1, 0, 0): loss 40.4517734004592, dz
// (-0.33181222783183384, 0.04742587317756678, 1.0).
BOOST_AUTO_TEST_CASE(binary_cross_entropy_with_logits_oracle_o2) {
    const auto sum = nn::binary_cross_entropy_with_logits.with(nn::reduction::sum);
    const std::array z{0.7, -3.0, 40.0};
    const std::array t{1.0, 0.0, 0.0};
    const std::array expected{-0.33181222783183384, 0.04742587317756678, 1.0};
    std::array<double, 3> dz{};
    const double v = sum.value_and_gradient(z, t, dz);
    BOOST_TEST_MESSAGE("O2: loss " << v << ", relative error " << strict_error(v, 40.4517734004592));
    BOOST_TEST(strict_error(v, 40.4517734004592) < 1e-15);
    BOOST_TEST(sum.value(z, t) == v);
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST_MESSAGE("O2: dz[" << k << "] relative error " << strict_error(dz[k], expected[k]));
        BOOST_TEST(strict_error(dz[k], expected[k]) < 1e-15);
    }
    // The mean (default) divides by the outputs; through a network whose outputs are its biases.
    using net = nn::network<nn::dense<1, 3>>;
    net::parameters<double> q{};
    q.layer<0>().b = z;
    BOOST_TEST(strict_error(net::loss(nn::binary_cross_entropy_with_logits, q, std::array{1.0}, t),
                              40.4517734004592 / 3) < 1e-15);
    BOOST_TEST(strict_error(net::loss(sum, q, std::array{1.0}, t), 40.4517734004592) < 1e-15);
    const auto g = net::gradient(sum, q, std::array{1.0}, t);
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(strict_error(g.layer<0>().b[k], expected[k]) < 1e-15);
        BOOST_TEST(strict_error(g.layer<0>().w[k][0], expected[k]) < 1e-15);  // x = 1
    }
    // Stable at large |z| in float as well: no overflow, no log(0).
    std::array<float, 2> dzf{};
    const float vf = sum.value_and_gradient(std::array{100.0f, -100.0f}, std::array{0.0f, 1.0f}, dzf);
    BOOST_TEST(vf == 200.0f);
    BOOST_TEST((dzf == std::array{1.0f, -1.0f}));
}

BOOST_AUTO_TEST_CASE(finite_differences_and_batch_path) {
    // 37 samples: two full blocks of 16 doubles and a partial one on the blocked path.
    using net = nn::network<nn::dense<3, 6, nn::tanh>, nn::dense<6, 5, nn::relu>, nn::dense<5, 4>>;
    const auto class_index = [](nn::rng& r) { return std::array{static_cast<double>(r.below(4))}; };
    const auto distribution = [](nn::rng& r) {
        std::array<double, 4> t{};
        double total = 0;
        for (auto& v : t) total += (v = r.uniform(0.0, 1.0));
        for (auto& v : t) v /= total;
        return t;
    };
    const auto bits = [](nn::rng& r) {
        std::array<double, 4> t{};
        for (auto& v : t) v = r.uniform(0.0, 1.0) < 0.5 ? 0.0 : 1.0;
        return t;
    };
    check_whole_output<net, 37>(nn::sparse_softmax_cross_entropy, 21, class_index);
    check_whole_output<net, 37>(nn::sparse_softmax_cross_entropy.with(nn::reduction::sum), 22,
                                class_index);
    check_whole_output<net, 37>(nn::softmax_cross_entropy, 23, distribution);
    check_whole_output<net, 37>(nn::softmax_cross_entropy + nn::l2{1e-3}, 24, distribution);
    check_whole_output<net, 37>(nn::binary_cross_entropy_with_logits, 25, bits);
    check_whole_output<net, 37>(nn::binary_cross_entropy_with_logits.with(nn::reduction::sum), 26,
                                bits);
    check_whole_output<net, 37>(multiclass_hinge{}, 27, class_index);
    check_whole_output<net, 1>(nn::sparse_softmax_cross_entropy + nn::l2{1e-3}, 28, class_index);
    // A smaller network and batch (one partial block).
    check_whole_output<nn::network<nn::dense<2, 8, nn::tanh>, nn::dense<8, 3>>, 5>(
        nn::sparse_softmax_cross_entropy, 29,
        [](nn::rng& r) { return std::array{static_cast<double>(r.below(3))}; });
}

BOOST_AUTO_TEST_CASE(descend_equals_gradient_step) {
    using net = nn::network<nn::dense<2, 5, nn::tanh>, nn::dense<5, 3>>;
    const auto q = net::init(nn::seed{31});
    const std::array x{0.4, -0.9};
    for (int loss_and_target = 0; loss_and_target < 2; ++loss_and_target) {
        auto p = q;
        auto r = q;
        double before = 0;
        if (loss_and_target == 0) {
            before = net::descend(nn::sparse_softmax_cross_entropy, p, 0.3, x, std::size_t{1});
            const auto g = net::gradient(nn::sparse_softmax_cross_entropy, r, x, std::size_t{1});
            net::parameters<double>::zip([](double& w, const double& d) { w -= 0.3 * d; }, r, g);
            BOOST_TEST(relative_error(before, net::loss(nn::sparse_softmax_cross_entropy, q, x,
                                                        std::size_t{1})) < 1e-15);
        } else {
            const auto loss = nn::binary_cross_entropy_with_logits + nn::l2{1e-2};
            const std::array t{1.0, 0.0, 1.0};
            net::parameters<double> buffer{};
            before = net::descend(loss, p, 0.3, x, t, buffer);
            const auto g = net::gradient(loss, r, x, t);
            net::parameters<double>::zip([](double& w, const double& d) { w -= 0.3 * d; }, r, g);
            BOOST_TEST(relative_error(before, net::loss(loss, q, x, t)) < 1e-15);
        }
        const auto a = nn::flatten(p);
        const auto b = nn::flatten(r);
        for (std::size_t k = 0; k < a.size(); ++k) BOOST_TEST(std::fabs(a[k] - b[k]) < 1e-15);
    }
}

BOOST_AUTO_TEST_CASE(argmax_and_accuracy) {
    BOOST_TEST(nn::argmax(std::array{0.1, 0.7, 0.2}) == 1U);
    BOOST_TEST(nn::argmax(std::array{0.5, 0.5, 0.2}) == 0U);  // the first on ties
    BOOST_TEST(nn::argmax(std::array{-3.0f}) == 0U);
    using net = nn::network<nn::dense<1, 3>>;
    net::parameters<double> q{};
    q.layer<0>().w = {{{1.0}, {0.0}, {-1.0}}};  // x > 0: class 0; x < 0: class 2
    q.layer<0>().b = {0.0, 0.5, 0.0};            // |x| < 0.5: class 1
    const std::array<nn::sample<double, 1, 1>, 4> by_index{
        {{{2.0}, {0.0}}, {{0.1}, {1.0}}, {{-2.0}, {2.0}}, {{-2.0}, {1.0}}}};
    BOOST_TEST(net::accuracy(q, by_index) == 0.75);
    const std::array<nn::sample<double, 1, 3>, 2> one_hot{
        {{{2.0}, {1.0, 0.0, 0.0}}, {{0.1}, {0.0, 0.0, 1.0}}}};
    BOOST_TEST(net::accuracy(q, one_hot) == 0.5);
    BOOST_TEST(net::accuracy(q, std::span(by_index).subspan(0, 0)) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
