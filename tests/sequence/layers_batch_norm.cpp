// nn::batch_norm: PyTorch's oracles (batch and (N, C, L)), central differences in train and eval
// mode, running statistics, streaming in eval mode.
#include <array>
#include <cmath>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/init.hpp>
#include <constgrad/sequence/batch_norm.hpp>

#include "layers_check.hpp"

namespace nn = constgrad::nn;

namespace {

using layer = nn::batch_norm<2>;

// The oracles' parameters: gamma, beta = 0.5 sin(k + 1), k = 0..3; fresh running statistics.
layer::parameters<double> oracle_parameters() {
    layer::parameters<double> p{};
    std::size_t k = 0;
    auto set = [&](double& x) { x = 0.5 * std::sin(static_cast<double>(k++) + 1.0); };
    layer::parameters<double>::zip(set, p);
    return p;
}

// One train-mode window of S sequences of F frames, loss Σ y ⊙ W: y, gradients, buffers after.
template <std::size_t S, std::size_t F>
struct oracle_run {
    std::array<std::array<double, 2>, S * F> ys{}, dxs{};
    layer::parameters<double> g{};
    layer::buffers<double> b{};

    oracle_run(const std::array<std::array<double, 2>, S * F>& xs, std::array<std::array<double, 2>, S * F> dys) {
        const auto p = oracle_parameters();
        std::array<layer::state<double>, S> states{};
        auto ws = std::make_unique<layer::workspace<double, S * F>>();
        layer::forward_window(p, b, std::span<layer::state<double>>(states), F,
                              std::span<const std::array<double, 2>>(xs), std::span<std::array<double, 2>>(ys), *ws,
                              nn::mode::train);
        layer::backward_window<true>(p, b, S, F, std::span<const std::array<double, 2>>(xs), *ws,
                                     std::span<std::array<double, 2>>(dys), g, std::span<std::array<double, 2>>(dxs));
    }
};

}  // namespace

// Constant evaluation, hand-derived: one channel, gamma 1, beta 0, frames 1 and 3 in train mode:
// mean 2, biased variance 1, x̂ = ∓1/sqrt(1 + 1e-5); running mean 0.1·2 = 0.2, running variance
// 0.9·1 + 0.1·2 (unbiased) = 1.1; dLoss/dx for dy = (1, 0): gamma/(2σ)·(2·1 - 1 - x̂0·x̂0) and
// gamma/(2σ)·(0 - 1 - x̂1·x̂0), i.e. ±1e-5/(2 (1 + 1e-5)^1.5) (the eps keeps x̂² below 1).
// Tolerances: a few roundings of O(1) values.
constexpr bool constant_evaluation() {
    using one = nn::batch_norm<1>;
    one::parameters<double> p{{1.0}, {0.0}};
    one::buffers<double> b{};
    std::array<nn::no_buffers, 1> states{};
    one::workspace<double, 2> ws{};
    std::array<std::array<double, 1>, 2> xs{{{1.0}, {3.0}}}, ys{}, dys{{{1.0}, {0.0}}}, dxs{};
    one::forward_window(p, b, std::span<nn::no_buffers>(states), 2, std::span<const std::array<double, 1>>(xs),
                        std::span<std::array<double, 1>>(ys), ws, nn::mode::train);
    one::parameters<double> g{};
    one::backward_window<true>(p, b, 1, 2, std::span<const std::array<double, 1>>(xs), ws,
                               std::span<std::array<double, 1>>(dys), g, std::span<std::array<double, 1>>(dxs));
    const double s = 1.0 + 1e-5, x0 = -1.0 / constgrad::math::sqrt(s);
    const double d = 1e-5 / (2.0 * s * constgrad::math::sqrt(s));
    auto near = [](double a, double b, double tol) { return a - b <= tol && b - a <= tol; };
    return near(ys[0][0], x0, 1e-15) && near(ys[1][0], -x0, 1e-15) && near(b.running_mean[0], 0.2, 1e-16) &&
           near(b.running_var[0], 1.1, 1e-15) && near(dxs[0][0], d, 1e-15) && near(dxs[1][0], -d, 1e-15) &&
           near(g.weight[0], x0, 1e-15) && g.bias[0] == 1.0;
}
static_assert(constant_evaluation());

BOOST_AUTO_TEST_SUITE(batch_norm)

// Oracle O6_batchnorm1d_train (torch_layers.json): BatchNorm1d(2), batch of 4, train mode.
// Taken as 4 sequences of 1 frame and as 1 sequence of 4 frames: the statistics cover all
// frames of the window either way. Tolerance 1e-12: O(10) roundings of O(1) values, divided
// by a standard deviation ~0.8.
BOOST_AUTO_TEST_CASE(pytorch_oracle_batch) {
    const std::array<std::array<double, 2>, 4> xs{{{0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.5}, {0.0, 2.0}}};
    const std::array<std::array<double, 2>, 4> W{{{1.0, 2.0}, {-1.0, 0.5}, {0.25, -3.0}, {2.0, 1.0}}};
    const double y[4][2] = {{0.1670826232793867, -0.9913940818043987},
                            {0.6818699259431366, -0.45835683471706423},
                            {-0.4764015050503006, -0.3517493852995973},
                            {-0.09031102805248822, 0.28789531120520406}};
    const double dx[4][2] = {{0.2935180535981134, 0.5846942931818401},
                             {-0.3717973054215314, 0.13188575098065752},
                             {-0.5478964812845178, -1.3232513100031553},
                             {0.6261757331079357, 0.6066712658406578}};
    const double dgamma[2] = {-2.3132580009775254, -1.4948298983070576}, dbeta[2] = {2.25, 0.5};
    const double mean_after[2] = {0.03125, 0.043750000000000004}, var_after[2] = {0.9890625000000001, 1.0515625};
    const oracle_run<4, 1> a(xs, W);
    const oracle_run<1, 4> b(xs, W);
    for (const auto* run : {&a.ys, &b.ys})
        for (std::size_t n = 0; n < 4; ++n)
            for (std::size_t c = 0; c < 2; ++c) BOOST_TEST(std::abs((*run)[n][c] - y[n][c]) <= 1e-12);
    for (const auto* run : {&a.dxs, &b.dxs})
        for (std::size_t n = 0; n < 4; ++n)
            for (std::size_t c = 0; c < 2; ++c) BOOST_TEST(std::abs((*run)[n][c] - dx[n][c]) <= 1e-12);
    for (std::size_t c = 0; c < 2; ++c) {
        BOOST_TEST(std::abs(a.g.weight[c] - dgamma[c]) <= 1e-12);
        BOOST_TEST(std::abs(a.g.bias[c] - dbeta[c]) <= 1e-12);
        BOOST_TEST(std::abs(a.b.running_mean[c] - mean_after[c]) <= 1e-15);
        BOOST_TEST(std::abs(a.b.running_var[c] - var_after[c]) <= 1e-15);
        BOOST_TEST(std::abs(b.g.weight[c] - dgamma[c]) <= 1e-12);
        BOOST_TEST(std::abs(b.b.running_var[c] - var_after[c]) <= 1e-15);
    }
}

// Oracle O6b_batchnorm1d_train_NCL: (N, C, L) = (2, 2, 3), statistics over N and L: two
// sequences of three frames, frame t of sequence s = x_NCL[s][:][t].
BOOST_AUTO_TEST_CASE(pytorch_oracle_sequences) {
    const double x[2][2][3] = {{{0.5, -1.0, 2.0}, {1.0, 0.0, -0.5}}, {{1.5, 0.25, -0.75}, {0.75, 0.25, -1.5}}};
    const double W[2][2][3] = {{{1.0, -1.0, 0.5}, {2.0, 0.25, -3.0}}, {{-0.5, 1.5, 1.0}, {0.5, -2.0, 1.0}}};
    const double y[2][2][3] = {{{0.10282880658628207, -0.4780096394279904, 0.6836672526005545},
                                {0.1699217441235843, -0.3784012476539641, -0.6525627435427384}},
                               {{0.4900544372624637, 0.00602239891723666, -0.381203231758945},
                                {0.032840996179197196, -0.241320499709577, -1.2008857353202866}}};
    const double dx[2][2][3] = {{{0.22436309887218403, -0.5227548200795844, 0.0034169411334983744},
                                 {0.9616458418634183, 0.25131470456470967, -1.4061179695563217}},
                                {{-0.3746975754091517, 0.4225314712770406, 0.24714088420601305},
                                 {0.20146987877509595, -1.0447205515127744, 1.0364080958658726}}};
    const double dgamma[2] = {0.30678469621828014, 2.2613186384392963}, dbeta[2] = {2.5, -1.25};
    const double mean_after[2] = {0.04166666666666667, 0.0}, var_after[2] = {1.0416666666666667, 0.9825};
    std::array<std::array<double, 2>, 6> xs{}, dys{};
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t c = 0; c < 2; ++c)
            for (std::size_t t = 0; t < 3; ++t) {
                xs[s * 3 + t][c] = x[s][c][t];
                dys[s * 3 + t][c] = W[s][c][t];
            }
    const oracle_run<2, 3> r(xs, dys);
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t c = 0; c < 2; ++c)
            for (std::size_t t = 0; t < 3; ++t) {
                BOOST_TEST(std::abs(r.ys[s * 3 + t][c] - y[s][c][t]) <= 1e-12);
                BOOST_TEST(std::abs(r.dxs[s * 3 + t][c] - dx[s][c][t]) <= 1e-12);
            }
    for (std::size_t c = 0; c < 2; ++c) {
        BOOST_TEST(std::abs(r.g.weight[c] - dgamma[c]) <= 1e-12);
        BOOST_TEST(std::abs(r.g.bias[c] - dbeta[c]) <= 1e-12);
        BOOST_TEST(std::abs(r.b.running_mean[c] - mean_after[c]) <= 1e-15);
        BOOST_TEST(std::abs(r.b.running_var[c] - var_after[c]) <= 1e-15);
    }
}

// Central differences, train mode (the statistics depend on every frame: the window-level
// gradient) and eval mode (running statistics from a warm-up window).
BOOST_AUTO_TEST_CASE(gradients_double) {
    layers_check::check_gradients<nn::batch_norm<3>, 2, 5, double>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::batch_norm<3>, 2, 5, double>(layers_check::value, nn::mode::eval);
    layers_check::check_gradients<nn::batch_norm<2>, 4, 1, double>(layers_check::value, nn::mode::train);
}
BOOST_AUTO_TEST_CASE(gradients_float) {
    layers_check::check_gradients<nn::batch_norm<3>, 2, 5, float>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::batch_norm<3>, 2, 5, float>(layers_check::value, nn::mode::eval);
}

// step (eval, running statistics) equals forward_window in eval mode; a fresh buffers{} is
// PyTorch's (mean 0, variance 1) and init() sets gamma 1, beta 0.
BOOST_AUTO_TEST_CASE(streaming_and_init) {
    layers_check::check_streaming<nn::batch_norm<3>, 2, 4, double>(layers_check::value);
    layers_check::check_streaming<nn::batch_norm<5>, 3, 2, float>(layers_check::value);
    nn::rng r{nn::seed{1}};
    nn::batch_norm<2>::parameters<float> p{};
    nn::batch_norm<2>::buffers<float> b{};
    b.running_mean[0] = 3.0f;
    nn::batch_norm<2>::init(r, nn::uniform_init{}, p, b);
    BOOST_TEST((p.weight == std::array<float, 2>{1.0f, 1.0f} && p.bias == std::array<float, 2>{0.0f, 0.0f}));
    BOOST_TEST((b.running_mean == std::array<float, 2>{0.0f, 0.0f} && b.running_var == std::array<float, 2>{1.0f, 1.0f}));
}

BOOST_AUTO_TEST_SUITE_END()
