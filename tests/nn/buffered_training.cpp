// Training networks with buffers (nn::batch_norm) through nn::fit and network::train_step:
// running statistics after one step against hand-computed values, a toy regression learned
// with the loss below a stated value, evaluation in eval mode (network::eval_loss against
// network::forward(p, buffers, x)), the run-time refusals, the left-out last mini-batch, and
// buffers/workspace/gradient placed by the caller in static storage.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <tuple>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

// Identity first layer (w = I, b = 0): the batch norm sees the inputs themselves.
using id_net = nn::network<nn::dense<2, 2>, nn::batch_norm<2>, nn::dense<2, 1>>;

id_net::parameters<double> identity_first_layer() {
    auto p = id_net::init(nn::seed{3});
    p.layer<0>().w = {{{1.0, 0.0}, {0.0, 1.0}}};
    p.layer<0>().b = {0.0, 0.0};
    return p;
}

// Four samples; both features have mean (2, 1) and Σ (x - mean)² = 20, unbiased variance 20/3.
constexpr std::array<nn::sample<double, 2, 1>, 4> four{{{{1.0, 2.0}, {1.0}},
                                                       {{3.0, -2.0}, {0.0}},
                                                       {{-1.0, 0.0}, {1.0}},
                                                       {{5.0, 4.0}, {0.0}}}};

}  // namespace

BOOST_AUTO_TEST_SUITE(buffered_training)

// One full-batch step of fit: running mean = 0.9·0 + 0.1·mean, running var = 0.9·1 + 0.1·20/3
// (PyTorch's momentum 0.1 with the unbiased variance), one batch tracked. A handful of roundings
// of O(1) values: 1e-15.
BOOST_AUTO_TEST_CASE(fit_one_step_moves_running_statistics) {
    auto p = identity_first_layer();
    id_net::buffers<double> b{};
    id_net::parameters<double> g{};
    static id_net::workspace<double, 4> ws;
    optim::sgd opt{.learning_rate = 0.1};
    const auto report = nn::fit<id_net>(p, b, g, ws, opt, nn::mse, four, {.epochs = 1});
    const auto& bn = std::get<1>(b);
    BOOST_TEST(report.steps == 1u);
    BOOST_TEST(std::abs(bn.running_mean[0] - 0.2) <= 1e-15);
    BOOST_TEST(std::abs(bn.running_mean[1] - 0.1) <= 1e-15);
    BOOST_TEST(std::abs(bn.running_var[0] - (0.9 + 2.0 / 3.0)) <= 1e-15);
    BOOST_TEST(std::abs(bn.running_var[1] - (0.9 + 2.0 / 3.0)) <= 1e-15);
    BOOST_TEST(bn.num_batches_tracked == 1);
    // The step itself: the same as gradient_into in train mode then sgd, bit for bit.
    auto q = identity_first_layer();
    id_net::buffers<double> c{};
    id_net::parameters<double> h{};
    const double loss = id_net::gradient_into(h, nn::mse, q, c, std::span(four), ws, nn::mode::train);
    optim::sgd reference{.learning_rate = 0.1};
    reference.step(q, h);
    BOOST_TEST((p == q));
    BOOST_TEST((b == c));
    BOOST_TEST(report.loss == loss);
}

// train_step is gradient_into (mode::train) then the optimizer's step; a refused batch (one
// sample: no variance) takes no step and leaves everything alone.
BOOST_AUTO_TEST_CASE(train_step_is_gradient_then_step) {
    auto p = identity_first_layer();
    auto q = p;
    id_net::buffers<double> b{}, c{};
    id_net::parameters<double> g{}, h{};
    static id_net::workspace<double, 4> ws;
    optim::sgd opt{.learning_rate = 0.05}, reference{.learning_rate = 0.05};
    const double loss = id_net::train_step(opt, g, nn::mse, p, b, std::span(four), ws);
    const double expected = id_net::gradient_into(h, nn::mse, q, c, std::span(four), ws, nn::mode::train);
    reference.step(q, h);
    BOOST_TEST(loss == expected);
    BOOST_TEST((p == q));
    BOOST_TEST((b == c));
    const auto before = p;
    const double refused = id_net::train_step(opt, g, nn::mse, p, b, std::span(four).first(1), ws);
    BOOST_TEST(std::isnan(refused));
    BOOST_TEST((p == before));
    BOOST_TEST(opt.steps == 1u);
}

// A toy regression, y = x0·x1 on a 8 x 8 grid of [-1, 1]² (target variance 1/9·(9/7)² ≈ 0.18),
// learned by 2-16-bn-16-1 (tanh) through fit with mini-batches of 16, shuffled: the epoch's
// train-mode loss falls from above 0.1 to below 0.05 (batch statistics of 16 samples are
// noisy: measured 0.45 -> 0.032 with g++ 12), and in eval mode (running statistics) the loss
// on the same points is below 0.01 (measured 0.0050). Eval-mode loss equals the mean of (forward(p, b,
// x) - y)² computed sample by sample (the same arithmetic: 1e-15 relative).
BOOST_AUTO_TEST_CASE(fit_learns_a_toy_task_and_evaluates_in_eval_mode) {
    using net = nn::network<nn::dense<2, 16, nn::tanh>, nn::batch_norm<16>, nn::dense<16, 16, nn::tanh>,
                            nn::dense<16, 1>>;
    static std::array<nn::sample<double, 2, 1>, 64> data;
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 8; ++j) {
            const double x0 = -1.0 + 2.0 * static_cast<double>(i) / 7.0;
            const double x1 = -1.0 + 2.0 * static_cast<double>(j) / 7.0;
            data[8 * i + j] = {{x0, x1}, {x0 * x1}};
        }
    static net::parameters<double> p, g;
    static net::buffers<double> b;
    static net::workspace<double, 16> ws;
    net::init_into(p, nn::seed{11});
    optim::sgd opt{.learning_rate = 0.1};
    double first = 0, last = 0;
    nn::fit<net>(p, b, g, ws, opt, nn::mse, data,
                 {.epochs = 400, .batch_size = 16, .shuffle = true, .shuffle_seed = nn::seed{5}},
                 [&](const auto& r) {
                     if (r.epoch == 1) first = r.loss;
                     last = r.loss;
                 });
    BOOST_TEST_MESSAGE("train-mode loss " << first << " -> " << last);
    BOOST_TEST(first > 0.1);
    BOOST_TEST(last < 0.05);
    BOOST_TEST(std::get<1>(b).num_batches_tracked == 400 * 4);
    const double eval = net::eval_loss(nn::mse, p, b, std::span(data));
    double by_hand = 0;
    for (const auto& s : data) {
        const double d = net::forward(p, b, s.x)[0] - s.y[0];
        by_hand += d * d;
    }
    by_hand /= 64.0;
    BOOST_TEST_MESSAGE("eval-mode loss " << eval);
    BOOST_TEST(std::abs(eval - by_hand) <= 1e-15 * by_hand);
    BOOST_TEST(eval < 0.01);
}

// A last mini-batch of one sample (5 = 2 + 2 + 1) is left out: two steps an epoch, two batches
// tracked; the report averages over the four samples used.
BOOST_AUTO_TEST_CASE(last_single_sample_batch_is_left_out) {
    const std::array<nn::sample<double, 2, 1>, 5> five{{four[0], four[1], four[2], four[3], four[0]}};
    auto p = identity_first_layer();
    id_net::buffers<double> b{};
    id_net::parameters<double> g{};
    static id_net::workspace<double, 2> ws;
    optim::sgd opt{.learning_rate = 0.0};  // no motion: the losses are of the initial parameters
    const auto report = nn::fit<id_net>(p, b, g, ws, opt, nn::mse, five, {.epochs = 1, .batch_size = 2});
    BOOST_TEST(report.steps == 2u);
    BOOST_TEST(std::get<1>(b).num_batches_tracked == 2);
    id_net::buffers<double> c{};
    auto q = identity_first_layer();
    id_net::parameters<double> h{};
    const double l1 = id_net::gradient_into(h, nn::mse, q, c, std::span(five).first(2), ws, nn::mode::train);
    const double l2 = id_net::gradient_into(h, nn::mse, q, c, std::span(five).subspan(2, 2), ws, nn::mode::train);
    // fit sums the per-sample losses and divides by the 4 samples used: (2·l1 + 2·l2) / 4.
    BOOST_TEST(std::abs(report.loss - (l1 + l2) / 2) <= 1e-15 * report.loss);
}

// Refused before anything changes: a mini-batch of 1 (no variance), larger than the
// workspace's MaxBatch, a dataset of one sample.
BOOST_AUTO_TEST_CASE(refusals) {
    auto p = identity_first_layer();
    const auto before = p;
    id_net::buffers<double> b{};
    id_net::parameters<double> g{};
    static id_net::workspace<double, 2> ws;
    optim::sgd opt{.learning_rate = 0.1};
    BOOST_CHECK_THROW(nn::fit<id_net>(p, b, g, ws, opt, nn::mse, four, {.batch_size = 1}), nn::fit_error);
    BOOST_CHECK_THROW(nn::fit<id_net>(p, b, g, ws, opt, nn::mse, four, {.batch_size = 3}), nn::fit_error);
    BOOST_CHECK_THROW(nn::fit<id_net>(p, b, g, ws, opt, nn::mse, std::span(four).first(1)), nn::fit_error);
    BOOST_TEST((p == before));
    BOOST_TEST((b == id_net::buffers<double>{}));
    BOOST_TEST(opt.steps == 0u);
}

// The buffered fit works for any network: on a buffer-free one it gives the parameters the
// per-sample fit gives, bit for bit (each layer's gradient receives the same per-sample terms
// in the same order), shuffled mini-batches of 8 included; the reported loss sums the samples
// in another grouping (per batch, then the epoch): equal within 1e-14 relative (a few
// roundings of 40 positive terms).
BOOST_AUTO_TEST_CASE(buffered_fit_of_a_buffer_free_network_equals_fit) {
    using plain = nn::network<nn::dense<2, 6, nn::tanh>, nn::dense<6, 1>>;
    std::array<plain::sample_type<double>, 40> data{};
    for (std::size_t k = 0; k < data.size(); ++k)
        data[k] = {{std::sin(0.3 * double(k)), std::cos(0.7 * double(k))}, {0.1 * double(k % 5)}};
    const nn::fit_options options{.epochs = 3, .batch_size = 8, .shuffle = true, .shuffle_seed = nn::seed{4}};
    auto p = plain::init(nn::seed{9});
    auto q = p;
    plain::parameters<double> g{};
    plain::buffers<double> b{};
    static plain::workspace<double, 8> ws;
    optim::sgd a{.learning_rate = 0.1}, c{.learning_rate = 0.1};
    const auto ra = nn::fit<plain>(p, a, nn::mse, data, options);
    const auto rb = nn::fit<plain>(q, b, g, ws, c, nn::mse, data, options);
    BOOST_TEST((p == q));
    BOOST_TEST(ra.steps == rb.steps);
    BOOST_TEST(std::abs(ra.loss - rb.loss) <= 1e-14 * ra.loss);
}

BOOST_AUTO_TEST_SUITE_END()
