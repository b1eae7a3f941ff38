// Bad data and settings refused before training; a diverging run stopped at the last good epoch.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/checked_fit.hpp>
#include <constgrad/io/parse_csv.hpp>
#include <constgrad/io/training_error.hpp>
#include <constgrad/io/validate_dataset.hpp>
#include <constgrad/io/validate_optimizer.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/neuron.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/schedule.hpp>
#include <constgrad/optim/sgd.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
namespace optim = constgrad::optim;
using namespace io_test;
using reason = io::training_error::reason;

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_inf = std::numeric_limits<double>::infinity();

using line_net = nn::network<nn::neuron<1>>;  // y = w x + b
using line_params = line_net::parameters<double>;

const std::array<nn::sample<double, 2, 1>, 4> xor_data{
    {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};
// y = 2x: gradient descent on its squared error diverges for learning rates above ~0.15 (the
// Hessian's largest eigenvalue is 2 (3.5 + sqrt(11.25)) = 13.7, stable below 2 / 13.7).
const std::array<nn::sample<double, 1, 1>, 2> line_data{{{{1}, {2}}, {{2}, {4}}}};

template <class F>
void expect_training_error(F&& f, reason why, const std::string& needle) {
    try {
        f();
        BOOST_FAIL("no training_error");
    } catch (const io::training_error& e) {
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(why), e.what());
        BOOST_TEST(std::string(e.what()).find(needle) != std::string::npos, e.what()
                                                                                << " / " << needle);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(dataset_with_nan_or_infinity_names_the_sample) {
    auto data = xor_data;
    io::validate_dataset(data);
    data[2].x[1] = k_nan;
    try {
        io::validate_dataset(data);
        BOOST_FAIL("accepted NaN");
    } catch (const io::training_error& e) {
        BOOST_TEST((e.why() == reason::invalid_data));
        BOOST_TEST(e.sample() == 2u);
        BOOST_TEST(std::string(e.what()) ==
                   "constgrad::io::validate_dataset: data[2].x[1] is NaN (sample 2 of 4)");
    }
    data = xor_data;
    data[3].y[0] = -k_inf;
    expect_training_error([&] { io::validate_dataset(std::span(data)); }, reason::invalid_data,
                          "data[3].y[0] is infinite");
    std::vector<nn::sample<double, 2, 1>> none;
    expect_training_error([&] { io::validate_dataset(none); }, reason::invalid_data,
                          "the dataset is empty");
}

BOOST_AUTO_TEST_CASE(learning_rates_that_are_not_positive_and_finite) {
    for (double lr : {0.0, -0.1, k_nan, k_inf}) {
        expect_training_error([&] { io::validate_optimizer(optim::sgd{.learning_rate = lr}); },
                              reason::invalid_setting, "optimizer.learning_rate is ");
    }
    expect_training_error(
        [&] { io::validate_optimizer(optim::sgd{.learning_rate = -0.1}); }, reason::invalid_setting,
        "optimizer.learning_rate is -0.1 at step 0; it must be positive and finite");
    // Linear decay to 0 over 100 steps: fine for 100 steps (the last is 0.01), not for 101.
    const optim::sgd decaying{.learning_rate = optim::linear_decay(1.0, 0.0, 100)};
    io::validate_optimizer(decaying, 100);
    expect_training_error([&] { io::validate_optimizer(decaying, 101); }, reason::invalid_setting,
                          "is 0 at step 100");
    // A negative factor flips the sign at the first decay, step 10.
    expect_training_error(
        [&] {
            io::validate_optimizer(optim::sgd{.learning_rate = optim::step_decay(1.0, -0.5, 10)},
                                   20);
        },
        reason::invalid_setting, "is -0.5 at step 10");
    // An optimizer that already took 50 steps is checked from step 50 on.
    const optim::sgd resumed{.learning_rate = optim::linear_decay(1.0, 0.0, 60), .steps = 50};
    io::validate_optimizer(resumed, 10);
    expect_training_error([&] { io::validate_optimizer(resumed, 11); }, reason::invalid_setting,
                          "at step 60");
}

BOOST_AUTO_TEST_CASE(momentum_and_adam_settings) {
    using P = net_2_4_1::parameters<double>;
    io::validate_optimizer(optim::momentum<P>{}, 10);
    io::validate_optimizer(optim::adam<P>{}, 10);
    expect_training_error([] { io::validate_optimizer(optim::momentum<P>{.beta = 1.0}); },
                          reason::invalid_setting, "optimizer.beta is 1; it must be in [0, 1)");
    expect_training_error([] { io::validate_optimizer(optim::momentum<P>{.beta = -0.5}); },
                          reason::invalid_setting, "optimizer.beta is -0.5");
    expect_training_error([] { io::validate_optimizer(optim::adam<P>{.beta1 = 1.0}); },
                          reason::invalid_setting, "optimizer.beta1 is 1");
    expect_training_error([] { io::validate_optimizer(optim::adam<P>{.beta2 = k_nan}); },
                          reason::invalid_setting, "optimizer.beta2 is nan");
    expect_training_error([] { io::validate_optimizer(optim::adam<P>{.epsilon = 0.0}); },
                          reason::invalid_setting,
                          "optimizer.epsilon is 0; it must be positive and finite");
    expect_training_error([] { io::validate_optimizer(optim::adam<P>{.learning_rate = -1e-3}); },
                          reason::invalid_setting, "optimizer.learning_rate is -0.001");
}

// Refusals happen before the first step: parameters and optimizer unchanged.
BOOST_AUTO_TEST_CASE(checked_fit_refuses_before_training) {
    using P = net_2_4_1::parameters<double>;
    const P initial = net_2_4_1::init(nn::seed{1});
    P p = initial;
    optim::sgd opt{.learning_rate = 0.1};
    auto data = xor_data;
    data[1].y[0] = k_nan;
    expect_training_error(
        [&] { io::checked_fit<net_2_4_1>(p, opt, nn::squared_error, data, {.epochs = 5}); },
        reason::invalid_data, "data[1].y[0] is NaN");
    optim::sgd zero{.learning_rate = 0.0};
    expect_training_error(
        [&] { io::checked_fit<net_2_4_1>(p, zero, nn::squared_error, xor_data, {.epochs = 5}); },
        reason::invalid_setting, "optimizer.learning_rate is 0 at step 0");
    // 5 epochs of 4 one-sample steps: steps 0 to 19 are checked, and the decay reaches 0 at 19.
    optim::sgd decaying{.learning_rate = optim::linear_decay(0.1, 0.0, 19)};
    expect_training_error(
        [&] {
            io::checked_fit<net_2_4_1>(p, decaying, nn::squared_error, xor_data,
                                       {.epochs = 5, .batch_size = 1});
        },
        reason::invalid_setting, "is 0 at step 19");
    BOOST_TEST((p == initial));
    BOOST_TEST(opt.steps == 0u);
    BOOST_TEST(decaying.steps == 0u);

    P bad = initial;
    bad.layer<1>().w[0][2] = k_inf;
    expect_training_error(
        [&] { io::checked_fit<net_2_4_1>(bad, opt, nn::squared_error, xor_data); },
        reason::invalid_parameters, "parameter 14 (layer 1, w[0][2]) is NaN or infinite");
}

// Nothing goes wrong: exactly what nn::fit computes, bit for bit.
BOOST_AUTO_TEST_CASE(checked_fit_is_fit_when_all_is_well) {
    auto a = net_2_4_1::init(nn::seed{4});
    auto b = a;
    optim::sgd opt_a{.learning_rate = 0.2}, opt_b{.learning_rate = 0.2};
    const nn::fit_options options{.epochs = 50,
                                  .batch_size = 1,
                                  .shuffle = true,
                                  .shuffle_seed = nn::seed{9},
                                  .accuracy = nn::accuracy::round};
    const auto ra = nn::fit<net_2_4_1>(a, opt_a, nn::squared_error, xor_data, options);
    const auto rb = io::checked_fit<net_2_4_1>(b, opt_b, nn::squared_error, xor_data, options);
    BOOST_TEST((a == b));
    BOOST_TEST(ra.loss == rb.loss);
    BOOST_TEST(ra.epoch == rb.epoch);
    BOOST_TEST(opt_a.steps == opt_b.steps);
}

BOOST_AUTO_TEST_CASE(checked_fit_takes_a_vector_from_the_csv_reader) {
    auto data = io::parse_csv<2, 1>("0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    auto p = net_2_4_1::init(nn::seed{4});
    optim::sgd opt{.learning_rate = 0.2};
    const auto report = io::checked_fit<net_2_4_1>(p, opt, nn::squared_error, data, {.epochs = 3});
    BOOST_TEST(report.epoch == 3u);
    BOOST_TEST(opt.steps == 3u);
}

// Diverges after a few hundred epochs (the error grows ~12.7x per full-batch step): the
// parameters come back as they were at the end of the last good epoch, which an unchecked
// run of exactly that many epochs reproduces bit for bit.
BOOST_AUTO_TEST_CASE(diverging_run_stops_with_the_last_good_parameters) {
    const line_params initial = line_net::init(nn::seed{2});
    line_params p = initial;
    optim::sgd opt{.learning_rate = 1.0};
    std::size_t callbacks = 0;
    std::size_t bad_epoch = 0;
    try {
        io::checked_fit<line_net>(p, opt, nn::squared_error, line_data, {.epochs = 100000},
                                  [&](const nn::epoch_report<double>& r) {
                                      BOOST_TEST(std::isfinite(r.loss));
                                      ++callbacks;
                                  });
        BOOST_FAIL("did not diverge");
    } catch (const io::training_error& e) {
        BOOST_TEST((e.why() == reason::diverged));
        bad_epoch = e.epoch();
        const std::string what = e.what();
        BOOST_TEST(what.find("training diverged in epoch " + std::to_string(bad_epoch)) !=
                       std::string::npos,
                   what);
        BOOST_TEST(what.find("back to their values at the end of epoch " +
                             std::to_string(bad_epoch - 1)) != std::string::npos,
                   what);
    }
    BOOST_TEST(bad_epoch > 100u);
    BOOST_TEST(bad_epoch < 1000u);
    BOOST_TEST(callbacks == bad_epoch - 1);
    BOOST_TEST(opt.steps == bad_epoch - 1);  // the optimizer is restored too

    line_params replay = initial;
    optim::sgd replay_opt{.learning_rate = 1.0};
    nn::fit<line_net>(replay, replay_opt, nn::squared_error, line_data, {.epochs = bad_epoch - 1});
    BOOST_TEST((p == replay));
    BOOST_TEST(std::isfinite(line_net::loss(nn::squared_error, p, line_data)));
}

BOOST_AUTO_TEST_CASE(divergence_in_the_first_epoch_restores_the_initial_parameters) {
    const line_params initial = line_net::init(nn::seed{2});
    line_params p = initial;
    optim::sgd opt{.learning_rate = 1e308};
    expect_training_error(
        [&] { io::checked_fit<line_net>(p, opt, nn::squared_error, line_data, {.epochs = 10}); },
        reason::diverged, "back to their values before training");
    BOOST_TEST((p == initial));
    BOOST_TEST(opt.steps == 0u);
}

// An optimizer that corrupts a parameter on its 5th step (epoch 2, step 1 with 4 one-sample
// steps per epoch): caught at that step, parameters back to the end of epoch 1.
struct faulty_optimizer {
    std::size_t steps = 0;
    void step(line_params& p, const line_params& g) {
        line_params::zip([](double& w, const double& d) { w -= 0.01 * d; }, p, g);
        if (++steps == 5) p.layer<0>().b[0] = k_nan;
    }
};

BOOST_AUTO_TEST_CASE(a_step_that_produces_nan_is_caught) {
    const std::array<nn::sample<double, 1, 1>, 4> data{
        {{{1}, {2}}, {{2}, {4}}, {{3}, {6}}, {{4}, {8}}}};
    line_params p = line_net::init(nn::seed{3});
    line_params after_epoch_1 = p;
    faulty_optimizer reference;
    nn::fit<line_net>(after_epoch_1, reference, nn::squared_error, data,
                      {.epochs = 1, .batch_size = 1});
    faulty_optimizer opt;
    expect_training_error(
        [&] {
            io::checked_fit<line_net>(p, opt, nn::squared_error, data,
                                      {.epochs = 3, .batch_size = 1});
        },
        reason::diverged,
        "epoch 2 (step 1 of 4: the update made parameter 1 (layer 0, b[0]) non-finite)");
    BOOST_TEST((p == after_epoch_1));
    BOOST_TEST(opt.steps == 4u);
}

BOOST_AUTO_TEST_CASE(a_callback_returning_false_still_stops_training) {
    auto p = net_2_4_1::init(nn::seed{4});
    optim::sgd opt{.learning_rate = 0.2};
    const auto report =
        io::checked_fit<net_2_4_1>(p, opt, nn::squared_error, xor_data, {.epochs = 10},
                                   [](const nn::epoch_report<double>& r) { return r.epoch < 3; });
    BOOST_TEST(report.epoch == 3u);
    BOOST_TEST(opt.steps == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
