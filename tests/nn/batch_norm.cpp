// Layers with buffers in nn::network: nn::batch_norm between dense layers (whole-batch forward
// and backward, running statistics, train/eval mode) against /work/shared/oracles/
// torch_layers.json (key O6_batchnorm1d_train), hand-derived values and central differences
// of the batch loss; the one-sample train batch refused; the sequence layer's
// num_batches_tracked and its one-frame window.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <tuple>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/sequence/network.hpp>

#include "nn_test_support.hpp"

namespace nn = constgrad::nn;

namespace {

using bn2 = nn::network<nn::batch_norm<2>>;

// O6_batchnorm1d_train: BatchNorm1d(2) in training mode on x (N = 4, C = 2); gamma, beta =
// 0.5 sin(k + 1), k = 0..3 (params_rule); fresh running statistics; loss Σ W ⊙ y.
constexpr std::array<std::array<double, 2>, 4> o6_x{{{0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.5}, {0.0, 2.0}}};
constexpr std::array<std::array<double, 2>, 4> o6_w{{{1.0, 2.0}, {-1.0, 0.5}, {0.25, -3.0}, {2.0, 1.0}}};
constexpr std::array<std::array<double, 2>, 4> o6_y{{{0.1670826232793867, -0.9913940818043987},
                                                    {0.6818699259431366, -0.45835683471706423},
                                                    {-0.4764015050503006, -0.3517493852995973},
                                                    {-0.09031102805248822, 0.28789531120520406}}};
constexpr std::array<double, 2> o6_dgamma{-2.3132580009775254, -1.4948298983070576};
constexpr std::array<double, 2> o6_dbeta{2.25, 0.5};
constexpr std::array<std::array<double, 2>, 4> o6_dx{{{0.2935180535981134, 0.5846942931818401},
                                                     {-0.3717973054215314, 0.13188575098065752},
                                                     {-0.5478964812845178, -1.3232513100031553},
                                                     {0.6261757331079357, 0.6066712658406578}}};
constexpr std::array<double, 2> o6_running_mean{0.03125, 0.043750000000000004};
constexpr std::array<double, 2> o6_running_var{0.9890625000000001, 1.0515625};

bn2::parameters<double> o6_parameters() {
    bn2::parameters<double> p{};
    auto& l = p.layer<0>();
    l.weight = {0.5 * std::sin(1.0), 0.5 * std::sin(2.0)};
    l.bias = {0.5 * std::sin(3.0), 0.5 * std::sin(4.0)};
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(batch_norm_in_network)

// The layer's whole-batch functions on O6: y, dgamma, dbeta, dx and the running statistics
// after (values of a few roundings of O(1) terms: 1e-14 absolute).
BOOST_AUTO_TEST_CASE(layer_batch_matches_torch_oracle) {
    using L = nn::batch_norm<2>;
    const auto p = o6_parameters().layer<0>();
    L::buffers<double> b{};
    L::workspace<double, 4> ws;
    std::array<std::array<double, 2>, 4> y{}, dy = o6_w, dx{};
    L::forward_batch(p, b, std::span<const std::array<double, 2>>(o6_x), std::span<std::array<double, 2>>(y), ws,
                     nn::mode::train);
    L::parameters<double> g{};
    L::backward_batch<true>(p, std::as_const(b), std::span<const std::array<double, 2>>(o6_x), ws,
                            std::span<std::array<double, 2>>(dy), g, std::span<std::array<double, 2>>(dx));
    for (std::size_t c = 0; c < 2; ++c) {
        for (std::size_t j = 0; j < 4; ++j) {
            BOOST_TEST(std::abs(y[j][c] - o6_y[j][c]) <= 1e-14);
            BOOST_TEST(std::abs(dx[j][c] - o6_dx[j][c]) <= 1e-14);
        }
        BOOST_TEST(std::abs(g.weight[c] - o6_dgamma[c]) <= 1e-14);
        BOOST_TEST(std::abs(g.bias[c] - o6_dbeta[c]) <= 1e-14);
        BOOST_TEST(std::abs(b.running_mean[c] - o6_running_mean[c]) <= 1e-15);
        BOOST_TEST(std::abs(b.running_var[c] - o6_running_var[c]) <= 1e-15);
    }
    BOOST_TEST(b.num_batches_tracked == 1);
}

// The same through network::gradient_into: squared_error (sum) with targets t = y_O6 - W/2
// makes dLoss/dy = 2 (y - t) = W at the oracle's y, so the gradient is O6's dgamma, dbeta and
// the loss Σ (W/2)^2 (1e-13: the y's rounding, ~1e-16, times |2 W| summed over 8 terms).
BOOST_AUTO_TEST_CASE(network_gradient_matches_torch_oracle) {
    const auto p = o6_parameters();
    auto b = bn2::buffers<double>{};
    static bn2::workspace<double, 8> ws;
    std::array<nn::sample<double, 2, 2>, 4> batch{};
    double expected_loss = 0;
    for (std::size_t j = 0; j < 4; ++j) {
        batch[j].x = o6_x[j];
        for (std::size_t c = 0; c < 2; ++c) {
            batch[j].y[c] = o6_y[j][c] - o6_w[j][c] / 2;
            expected_loss += o6_w[j][c] * o6_w[j][c] / 4;
        }
    }
    bn2::parameters<double> g{};
    const double loss = bn2::gradient_into(g, nn::squared_error, p, b, std::span(batch), ws, nn::mode::train);
    BOOST_TEST(std::abs(loss - expected_loss) <= 1e-13);
    for (std::size_t c = 0; c < 2; ++c) {
        BOOST_TEST(std::abs(g.layer<0>().weight[c] - o6_dgamma[c]) <= 1e-13);
        BOOST_TEST(std::abs(g.layer<0>().bias[c] - o6_dbeta[c]) <= 1e-13);
        BOOST_TEST(std::abs(std::get<0>(b).running_mean[c] - o6_running_mean[c]) <= 1e-15);
        BOOST_TEST(std::abs(std::get<0>(b).running_var[c] - o6_running_var[c]) <= 1e-15);
    }
}

// By hand, one feature x = 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3; running
// mean 0.1 · 2.5 = 0.25, running variance 0.9 · 1 + 0.1 · 5/3 = 16/15; y = (x - 2.5) /
// sqrt(1.25 + 1e-5) with gamma 1, beta 0 (init). Then eval mode: forward(p, b, x) normalises
// with those running statistics, and an eval-mode gradient leaves b alone.
BOOST_AUTO_TEST_CASE(running_statistics_and_eval_mode) {
    using net = nn::network<nn::batch_norm<1>>;
    const auto p = net::init(nn::seed{1});
    auto b = net::buffers<double>{};
    static net::workspace<double, 4> ws;
    std::array<nn::sample<double, 1, 1>, 4> batch{};
    for (std::size_t j = 0; j < 4; ++j) batch[j] = {{double(j + 1)}, {0.0}};
    net::parameters<double> g{};
    // Σ y² = Σ (x - 2.5)² / (1.25 + 1e-5) = 5 / (1.25 + 1e-5)
    const double loss = net::gradient_into(g, nn::squared_error, p, b, std::span(batch), ws, nn::mode::train);
    BOOST_TEST(std::abs(loss - 5.0 / (1.25 + 1e-5)) <= 1e-14);
    const auto& running = std::get<0>(b);
    BOOST_TEST(std::abs(running.running_mean[0] - 0.25) <= 1e-16);
    BOOST_TEST(std::abs(running.running_var[0] - 16.0 / 15.0) <= 1e-15);
    BOOST_TEST(running.num_batches_tracked == 1);
    // dLoss/dgamma = Σ 2 y x̂ = 2 Σ x̂² = 2 · 5 / (1.25 + 1e-5); dLoss/dbeta = Σ 2 y = 0.
    BOOST_TEST(std::abs(g.layer<0>().weight[0] - 10.0 / (1.25 + 1e-5)) <= 1e-13);
    BOOST_TEST(std::abs(g.layer<0>().bias[0]) <= 1e-14);

    const double x = 3.0;
    const auto y = net::forward(p, std::as_const(b), std::array{x});
    BOOST_TEST(std::abs(y[0] - (x - 0.25) / std::sqrt(16.0 / 15.0 + 1e-5)) <= 1e-15);

    const auto before = b;
    net::gradient_into(g, nn::squared_error, p, b, std::span(batch), ws, nn::mode::eval);
    BOOST_TEST((b == before));
    // eval: y_j = (x_j - 0.25) s, s = 1 / sqrt(16/15 + 1e-5); dLoss/dbeta = Σ 2 y_j.
    const double s = 1.0 / std::sqrt(16.0 / 15.0 + 1e-5);
    BOOST_TEST(std::abs(g.layer<0>().bias[0] - 2 * s * (10.0 - 4 * 0.25)) <= 1e-14);
}

// A dense-tanh, batch-norm, dense network's whole-batch gradient in mode::train against
// central differences of the batch loss (each evaluation on a fresh copy of the buffers: the
// train-mode loss reads them not, but moves them). h = 1e-5: truncation ~1e-10 and rounding
// ~1e-11 relative for these O(1) losses; bound 1e-6 relative (nn_test::relative_error).
BOOST_AUTO_TEST_CASE(network_gradient_matches_finite_differences) {
    using net = nn::network<nn::dense<3, 4, nn::tanh>, nn::batch_norm<4>, nn::dense<4, 2>>;
    const auto p = net::init(nn::seed{7});
    static net::workspace<double, 8> ws;
    std::array<nn::sample<double, 3, 2>, 6> batch{};
    for (std::size_t j = 0; j < batch.size(); ++j) {
        const double t = static_cast<double>(j);
        batch[j] = {{std::sin(t), 0.5 * std::cos(2 * t), 0.3 * t - 0.7}, {std::cos(t), 0.2 * t}};
    }
    const auto fresh = net::buffers<double>{};
    auto b = fresh;
    net::parameters<double> g{}, scratch{};
    net::gradient_into(g, nn::mse, p, b, std::span(batch), ws, nn::mode::train);
    const double worst = nn_test::max_gradient_error(p, g, [&](const net::parameters<double>& q) {
        auto copy = fresh;
        return net::gradient_into(scratch, nn::mse, q, copy, std::span(batch), ws, nn::mode::train);
    });
    BOOST_TEST(worst <= 1e-6);
    // The batch-norm layer's own parameters: dLoss/dbeta of a batch-normalised feature is not
    // zero through the next dense layer; and the gradient is not the per-sample sum (the
    // per-sample mode::eval gradient from the same buffers differs).
    auto eval_b = fresh;
    net::parameters<double> g_eval{};
    net::gradient_into(g_eval, nn::mse, p, eval_b, std::span(batch), ws, nn::mode::eval);
    BOOST_TEST(std::abs(g_eval.layer<0>().w[0][0] - g.layer<0>().w[0][0]) > 1e-6);
}

// A train-mode batch of one sample has no variance (PyTorch raises "Expected more than 1 value
// per channel when training"): NaN, g and buffers untouched; so do an empty batch and one
// larger than the workspace. Eval mode takes one sample.
BOOST_AUTO_TEST_CASE(refused_batches) {
    using net = nn::network<nn::dense<2, 2>, nn::batch_norm<2>>;
    const auto p = net::init(nn::seed{3});
    auto b = net::buffers<double>{};
    static net::workspace<double, 2> ws;
    std::array<nn::sample<double, 2, 2>, 3> batch{};
    net::parameters<double> g{};
    g.layer<1>().bias[0] = 42;
    const auto before = b;
    BOOST_TEST(std::isnan(net::gradient_into(g, nn::mse, p, b, std::span(batch).first(1), ws, nn::mode::train)));
    BOOST_TEST(std::isnan(net::gradient_into(g, nn::mse, p, b, std::span(batch).first(0), ws, nn::mode::train)));
    BOOST_TEST(std::isnan(net::gradient_into(g, nn::mse, p, b, std::span(batch), ws, nn::mode::train)));
    BOOST_TEST((b == before));
    BOOST_TEST(g.layer<1>().bias[0] == 42.0);
    BOOST_TEST(!std::isnan(net::gradient_into(g, nn::mse, p, b, std::span(batch).first(1), ws, nn::mode::eval)));
    static_assert(net::min_train_batch == 2 && nn::network<nn::dense<2, 2>>::min_train_batch == 1);
}

// The sequence layer: num_batches_tracked counts train windows (not eval ones); a one-frame
// train window writes NaN and leaves the buffers alone, and sequence_network refuses it.
BOOST_AUTO_TEST_CASE(sequence_batch_norm_windows) {
    using L = nn::batch_norm<1>;
    L::parameters<double> p{};
    nn::rng r{nn::seed{1}};
    L::buffers<double> b{};
    L::init(r, nn::glorot_uniform{}, p, b);
    L::workspace<double, 4> ws;
    std::array<nn::no_buffers, 2> state_store{};
    const std::span<nn::no_buffers> states(state_store);
    const std::array<std::array<double, 1>, 2> x_store{{{1.0}, {3.0}}};
    const std::span<const std::array<double, 1>> xs(x_store);
    std::array<std::array<double, 1>, 2> y_store{};
    const std::span<std::array<double, 1>> ys(y_store);
    L::forward_window(p, b, states, 1, xs, ys, ws,
                      nn::mode::train);
    L::forward_window(p, b, states, 1, xs, ys, ws,
                      nn::mode::eval);
    BOOST_TEST(b.num_batches_tracked == 1);
    const auto before = b;
    L::forward_window(p, b, states.first(1), 1, xs, ys,
                      ws, nn::mode::train);
    BOOST_TEST(std::isnan(ys[0][0]));
    BOOST_TEST((b == before));

    using seq = nn::sequence_network<nn::batch_norm<1>>;
    seq::parameters<double> sp{};
    seq::buffers<double> sb{};
    nn::rng sr{nn::seed{1}};
    seq::init(sr, nn::glorot_uniform{}, sp, sb);
    static seq::workspace<double, 4, 2> sws;
    std::array<seq::state<double>, 1> one_store{};
    const std::span<seq::state<double>> one(one_store);
    BOOST_TEST(!seq::forward_window(sp, sb, one, 1, xs, sws,
                                    nn::mode::train));
    BOOST_TEST(seq::forward_window(sp, sb, one, 2, xs, sws,
                                   nn::mode::train));
}

// The whole-batch path in constant evaluation: the hand example's running mean.
BOOST_AUTO_TEST_CASE(constexpr_running_mean) {
    using net = nn::network<nn::batch_norm<1>>;
    constexpr double mean = [] {
        const auto p = net::init(nn::seed{1});
        auto b = net::buffers<double>{};
        net::workspace<double, 4> ws{};
        std::array<nn::sample<double, 1, 1>, 4> batch{};
        for (std::size_t j = 0; j < 4; ++j) batch[j] = {{double(j + 1)}, {0.0}};
        net::parameters<double> g{};
        net::gradient_into(g, nn::squared_error, p, b, std::span(batch), ws, nn::mode::train);
        return std::get<0>(b).running_mean[0];
    }();
    static_assert(mean == 0.25);
    BOOST_TEST(mean == 0.25);
}

BOOST_AUTO_TEST_SUITE_END()
