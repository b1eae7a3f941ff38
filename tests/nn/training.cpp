// Random numbers, initialisation, schedules, optimizers and the training helper.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/init.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/rng.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/momentum.hpp>
#include <constgrad/optim/schedule.hpp>
#include <constgrad/optim/sgd.hpp>

#include "support/error_bound.hpp"

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

BOOST_AUTO_TEST_SUITE(random_numbers)

// SplitMix64's published reference output for state 0 (Vigna's splitmix64.c).
BOOST_AUTO_TEST_CASE(splitmix64_reference_values) {
    nn::rng r{nn::seed{0}};
    BOOST_TEST(r.next_bits() == 0xE220A8397B1DCDAFULL);
    BOOST_TEST(r.next_bits() == 0x6E789E6AA1B965F4ULL);
    BOOST_TEST(r.next_bits() == 0x06C45D188009454FULL);
}

BOOST_AUTO_TEST_CASE(uniform_and_normal_moments) {
    nn::rng r{nn::seed{123}};
    constexpr int n = 200000;
    double su = 0, su2 = 0, sn = 0, sn2 = 0, lo = 1, hi = -1;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform(-1.0, 1.0);
        lo = std::min(lo, u);
        hi = std::max(hi, u);
        su += u;
        su2 += u * u;
        const double g = r.normal(2.0, 0.5);
        sn += g;
        sn2 += (g - 2.0) * (g - 2.0);
    }
    BOOST_TEST(lo >= -1.0);
    BOOST_TEST(hi < 1.0);
    // U(-1,1): mean 0, variance 1/3; N(2, 0.25). Standard errors are ~0.0013 and ~0.0011:
    // the bounds below are more than 5 of them.
    BOOST_TEST(std::fabs(su / n) < 0.01);
    BOOST_TEST(std::fabs(su2 / n - 1.0 / 3) < 0.01);
    BOOST_TEST(std::fabs(sn / n - 2.0) < 0.01);
    BOOST_TEST(std::fabs(sn2 / n - 0.25) < 0.01);
}

BOOST_AUTO_TEST_CASE(below_is_in_range_and_uniform) {
    nn::rng r{nn::seed{7}};
    std::array<int, 6> counts{};
    for (int i = 0; i < 60000; ++i) ++counts[r.below(6)];
    for (int c : counts) BOOST_TEST(std::abs(c - 10000) < 500);  // sd ~ 91
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(initialisation)

using net = nn::network<nn::dense<3, 4, nn::tanh>, nn::dense<4, 2>>;

BOOST_AUTO_TEST_CASE(documented_draw_order) {
    const auto p = net::init(nn::seed{77}, nn::uniform_init{-1.0, 1.0, 0.5});
    nn::rng r{nn::seed{77}};
    for (std::size_t o = 0; o < 4; ++o)
        for (std::size_t i = 0; i < 3; ++i)
            BOOST_TEST(p.layer<0>().w[o][i] == r.uniform(-1.0, 1.0));
    for (std::size_t o = 0; o < 2; ++o)
        for (std::size_t i = 0; i < 4; ++i)
            BOOST_TEST(p.layer<1>().w[o][i] == r.uniform(-1.0, 1.0));
    for (double b : p.layer<0>().b) BOOST_TEST(b == 0.5);
    for (double b : p.layer<1>().b) BOOST_TEST(b == 0.5);
}

BOOST_AUTO_TEST_CASE(same_seed_same_parameters) {
    BOOST_TEST((net::init(nn::seed{1}) == net::init(nn::seed{1})));
    BOOST_TEST(!(net::init(nn::seed{1}) == net::init(nn::seed{2})));
    BOOST_TEST(
        (net::init(nn::seed{1}, nn::he_normal{}) == net::init(nn::seed{1}, nn::he_normal{})));
}

BOOST_AUTO_TEST_CASE(scheme_scales) {
    using wide = nn::network<nn::dense<64, 64>>;
    auto spread = [](const auto& p) {
        double s = 0, m = 0;
        for (const auto& row : p.template layer<0>().w)
            for (double v : row) {
                s += v * v;
                m = std::max(m, std::fabs(v));
            }
        return std::pair{std::sqrt(s / (64 * 64)), m};
    };
    // Glorot uniform: |w| <= sqrt(6 / 128), sd = sqrt(2 / 128) = 0.125.
    const auto [gsd, gmax] = spread(wide::init(nn::seed{3}, nn::glorot_uniform{}));
    BOOST_TEST(gmax <= std::sqrt(6.0 / 128));
    BOOST_TEST(std::fabs(gsd - 0.125) < 0.125 * 0.05);
    // Glorot normal: sd = 0.125; He uniform: |w| <= sqrt(6 / 64), sd = sqrt(2 / 64);
    // He normal: sd = sqrt(2 / 64). 4096 draws: the sd's relative standard error is ~1.1%.
    BOOST_TEST(std::fabs(spread(wide::init(nn::seed{4}, nn::glorot_normal{})).first - 0.125) <
               0.125 * 0.05);
    const auto [hsd, hmax] = spread(wide::init(nn::seed{5}, nn::he_uniform{}));
    BOOST_TEST(hmax <= std::sqrt(6.0 / 64));
    BOOST_TEST(std::fabs(hsd - std::sqrt(2.0 / 64)) < std::sqrt(2.0 / 64) * 0.05);
    BOOST_TEST(std::fabs(spread(wide::init(nn::seed{6}, nn::he_normal{})).first -
                         std::sqrt(2.0 / 64)) < std::sqrt(2.0 / 64) * 0.05);
    BOOST_TEST(std::fabs(spread(wide::init(nn::seed{8}, nn::normal_init{0.0, 0.3})).first - 0.3) <
               0.3 * 0.05);
}

BOOST_AUTO_TEST_CASE(layout_is_w_row_major_then_b_layer_by_layer) {
    net::parameters<double> p{};
    p.layer<0>().w[1][2] = 1.0;  // layer 0, row 1, column 2: index 1 * 3 + 2
    p.layer<0>().b[3] = 2.0;     // after the 12 weights
    p.layer<1>().w[0][1] = 3.0;  // after layer 0's 16 scalars
    p.layer<1>().b[1] = 4.0;     // last: 16 + 8 + 1
    const auto flat = nn::flatten(p);
    BOOST_TEST(flat.size() == 3 * 4 + 4 + 4 * 2 + 2);
    BOOST_TEST(flat[5] == 1.0);
    BOOST_TEST(flat[15] == 2.0);
    BOOST_TEST(flat[17] == 3.0);
    BOOST_TEST(flat[25] == 4.0);
    BOOST_TEST((nn::unflatten<net::parameters<double>>(flat) == p));
    // The same order in memory.
    const auto* raw = reinterpret_cast<const double*>(&p);
    BOOST_TEST(raw[5] == 1.0);
    BOOST_TEST(raw[25] == 4.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optimizers)

BOOST_AUTO_TEST_CASE(schedules) {
    BOOST_TEST(optim::constant_rate(0.1)(1000) == 0.1);
    const optim::schedule plain = 0.05;
    BOOST_TEST(plain(7) == 0.05);
    BOOST_TEST(optim::step_decay(1.0, 0.5, 10)(9) == 1.0);
    BOOST_TEST(optim::step_decay(1.0, 0.5, 10)(25) == 0.25);
    const auto lin = optim::linear_decay(1.0, 0.1, 100);  // the micrograd demo's 1 - 0.9 k / 100
    for (std::size_t k : {0, 1, 37, 50, 99})
        BOOST_TEST(std::fabs(lin(k) - (1.0 - 0.9 * k / 100)) < 1e-15);
    BOOST_TEST(lin(100) == 0.1);
    BOOST_TEST(lin(1000) == 0.1);
    BOOST_TEST(std::fabs(optim::exponential_decay(2.0, 0.9)(3) - 2.0 * 0.729) < 1e-15);
}

using one = nn::network<nn::dense<1, 1>>;
using P = one::parameters<double>;

P filled(double w, double b) {
    P p{};
    p.layer<0>().w[0][0] = w;
    p.layer<0>().b[0] = b;
    return p;
}

BOOST_AUTO_TEST_CASE(sgd_step) {
    optim::sgd opt{.learning_rate = optim::step_decay(0.5, 0.1, 1)};
    P p = filled(1.0, -1.0);
    opt.step(p, filled(2.0, 4.0));
    BOOST_TEST(p.layer<0>().w[0][0] == 0.0);  // 1 - 0.5 * 2
    BOOST_TEST(p.layer<0>().b[0] == -3.0);    // -1 - 0.5 * 4
    opt.step(p, filled(2.0, 4.0));            // lr now 0.05
    BOOST_TEST(std::fabs(p.layer<0>().w[0][0] - -0.1) < 1e-15);
    BOOST_TEST(opt.steps == 2U);
}

// The fused step (gradient folded into the reverse sweep) equals the unfused one within
// rounding, for every activation, float and double, with and without a regulariser. Not bit
// for bit: the run-time kernels may sum in another order and contract to FMA. Both steps are
// within the a-priori bound E of tests/support/error_bound.hpp of the exact step
// p - lr dLoss/dθ (dot products of length n within γ_{n+1} Σ|w||x|, activations within 4 ulp,
// errors propagated through the layers with |W| and sup|act'|, one rounding of r g and one of
// the subtraction), so they are within 2E of each other, parameter by parameter; likewise the
// returned loss and Net::loss. Each step starts both from the same parameters (the unfused
// result), so that the errors of one step do not compound into the next.
template <class Net, class T, class L>
void check_fused_matches_unfused(const L& loss, const error_bound::loss_model& model) {
    auto unfused = Net::template init<T>(nn::seed{7});
    optim::sgd fused_opt{.learning_rate = optim::linear_decay(0.2, 0.02, 10)};
    optim::sgd unfused_opt = fused_opt;
    nn::rng r{nn::seed{11}};
    for (int step = 0; step < 12; ++step) {
        typename Net::template input<T> x;
        typename Net::template output<T> y;
        for (auto& v : x) v = r.uniform(T(-1), T(1));
        for (auto& v : y) v = r.uniform(T(-1), T(1));
        const auto before = unfused;
        const T rate = static_cast<T>(unfused_opt.learning_rate(unfused_opt.steps));
        const auto analysis = error_bound::analyse_sample<Net>(before, x, y, model);
        const T expected_loss = Net::loss(loss, before, x, y);
        unfused_opt.step(unfused, Net::gradient(loss, before, x, y));
        auto fused = before;
        const T loss_before = fused_opt.template train<Net>(loss, fused, x, y);
        BOOST_TEST(std::fabs(static_cast<double>(loss_before) - expected_loss) <=
                       2 * static_cast<double>(analysis.loss.error),
                   "step " << step << ": loss " << loss_before << " vs " << expected_loss);
        const auto c = error_bound::compare(
            nn::flatten(fused), nn::flatten(unfused), error_bound::step(before, analysis.gradient, rate),
            [&](std::size_t k) {
                return "step " + std::to_string(step) + ": " + error_bound::parameter_name<Net>(k);
            });
        BOOST_TEST(c.violations == 0u, c.violations << " parameters outside the bound:" << c.failures);
    }
}

BOOST_AUTO_TEST_CASE(fused_descent_equals_gradient_then_step_within_rounding) {
    using tanh_net = nn::network<nn::dense<3, 5, nn::tanh>, nn::dense<5, 4, nn::relu>,
                                 nn::dense<4, 2, nn::sigmoid>>;
    using relu_net = nn::network<nn::dense<2, 8, nn::leaky_relu>, nn::dense<8, 1>>;
    check_fused_matches_unfused<tanh_net, double>(nn::squared_error, error_bound::squared_error);
    check_fused_matches_unfused<tanh_net, float>(nn::mse, error_bound::mse);
    check_fused_matches_unfused<relu_net, double>(
        nn::squared_error + nn::l2{1e-3},
        error_bound::loss_model{error_bound::loss_model::kind::squared, false, 1e-3L});
    check_fused_matches_unfused<relu_net, float>(nn::hinge, error_bound::hinge);
}

BOOST_AUTO_TEST_CASE(momentum_steps) {
    optim::momentum<P> opt{.learning_rate = 0.1, .beta = 0.9};
    P p = filled(0.0, 0.0);
    opt.step(p, filled(1.0, 0.0));  // v = 1, w = -0.1
    opt.step(p, filled(1.0, 0.0));  // v = 1.9, w = -0.29
    BOOST_TEST(std::fabs(p.layer<0>().w[0][0] - -0.29) < 1e-15);
    optim::momentum<P> nesterov{.learning_rate = 0.1, .beta = 0.9, .nesterov = true};
    P q = filled(0.0, 0.0);
    nesterov.step(q, filled(1.0, 0.0));  // v = 1, w = -0.1 (1 + 0.9)
    BOOST_TEST(std::fabs(q.layer<0>().w[0][0] - -0.19) < 1e-15);
}

BOOST_AUTO_TEST_CASE(adam_steps) {
    optim::adam<P> opt{.learning_rate = 0.01};
    P p = filled(0.0, 0.0);
    // First step: m̂ = g, v̂ = g², so the step is lr * g / (|g| + ε) ≈ lr * sign(g).
    opt.step(p, filled(3.0, -0.5));
    BOOST_TEST(std::fabs(p.layer<0>().w[0][0] - -0.01) < 1e-9);
    BOOST_TEST(std::fabs(p.layer<0>().b[0] - 0.01) < 1e-9);
    // Second step with g = 1: m = 0.9*0.3 + 0.1 = 0.37, v = 0.999*0.009 + 0.001 = 0.009991;
    // m̂ = 0.37 / 0.19, v̂ = 0.009991 / 0.001999.
    opt.step(p, filled(1.0, 0.0));
    const double first = -0.01 * 3.0 / (3.0 + 1e-8);
    const double expected = first - 0.01 * (0.37 / 0.19) / (std::sqrt(0.009991 / 0.001999) + 1e-8);
    BOOST_TEST(std::fabs(p.layer<0>().w[0][0] - expected) < 1e-12);
}

// PyTorch 1.13's float32 Adam (../shared/oracles/torch_layers.json, O8_adam_float32, computed
// outside this project): minimise Σ(w - target)² from w = 0, lr 0.01, betas 0.9/0.999, eps
// 1e-8. The three scalars of a 2-1 dense layer (w[0][0], w[0][1], b[0]) hold w. Step 1 moves
// every weight by exactly 0.01f; forming 1 - β in float (1 - 0.999f is 1.3e-5 low) moved it by
// 0.0100000678, 73 ulps away. Within one ulp per step of PyTorch's values.
BOOST_AUTO_TEST_CASE(adam_float_matches_pytorch) {
    using tiny = nn::network<nn::dense<2, 1>>;
    using F = tiny::parameters<float>;
    constexpr std::array<float, 3> target{0.5f, -0.25f, 2.0f};
    // torch_layers.json: w_after_step_1, w_after_step_5, w_after_step_20 (float32 values
    // printed as doubles).
    constexpr std::array<std::array<double, 3>, 3> torch{{
        {0.009999999776482582, -0.009999999776482582, 0.009999999776482582},
        {0.049901705235242844, -0.04977753385901451, 0.04997764527797699},
        {0.1939660757780075, -0.18437212705612183, 0.1987440437078476},
    }};
    constexpr std::array<int, 3> checkpoints{1, 5, 20};
    // Distance in ulps between two floats of the same sign.
    const auto ulps = [](float a, float b) {
        std::int64_t d = 0;
        for (float x = std::min(a, b); x < std::max(a, b); x = std::nextafter(x, 1e30f)) ++d;
        return d;
    };
    const auto run = [&](auto& opt) {
        F w{};
        std::size_t next = 0;
        for (int step = 1; step <= 20; ++step) {
            const auto flat = nn::flatten(w);
            std::array<float, 3> g{};
            for (std::size_t k = 0; k < 3; ++k) g[k] = 2.0f * (flat[k] - target[k]);
            opt.step(w, nn::unflatten<F>(g));
            if (step == checkpoints[next]) {
                const auto now = nn::flatten(w);
                for (std::size_t k = 0; k < 3; ++k) {
                    const auto expected = static_cast<float>(torch[next][k]);
                    BOOST_TEST(ulps(now[k], expected) <= step,
                               "step " << step << ", w[" << k << "] = " << now[k] << ", PyTorch "
                                       << expected << ": " << ulps(now[k], expected) << " ulps");
                }
                ++next;
            }
        }
        return w;
    };
    optim::adam<F> owning{.learning_rate = 0.01};
    const F a = run(owning);
    optim::adam_state<F> state;
    optim::adam_ref<F> by_reference{.state = state, .learning_rate = 0.01};
    const F b = run(by_reference);
    BOOST_TEST((a == b));  // the same arithmetic, wherever the moments live
    BOOST_TEST((state.m == owning.m && state.v == owning.v));
}

// The optimizers whose state the caller places step exactly like those that own it.
BOOST_AUTO_TEST_CASE(caller_placed_optimizer_state_steps_like_owned_state) {
    using net = nn::network<nn::dense<3, 4, nn::tanh>, nn::dense<4, 2>>;
    using Q = net::parameters<double>;
    nn::rng r{nn::seed{9}};
    std::array<Q, 4> grads{};
    for (auto& g : grads) Q::zip([&](double& x) { x = r.uniform(-1.0, 1.0); }, g);
    for (const bool nesterov : {false, true}) {
        auto p1 = net::init(nn::seed{3});
        auto p2 = p1;
        optim::momentum<Q> owning{.learning_rate = 0.05, .beta = 0.8, .nesterov = nesterov};
        Q velocity{};
        optim::momentum_ref<Q> by_reference{
            .velocity = velocity, .learning_rate = 0.05, .beta = 0.8, .nesterov = nesterov};
        for (const auto& g : grads) {
            owning.step(p1, g);
            by_reference.step(p2, g);
        }
        BOOST_TEST((p1 == p2));
        BOOST_TEST((velocity == owning.velocity));
        BOOST_TEST(by_reference.steps == 4U);
    }
    auto p1 = net::init(nn::seed{4});
    auto p2 = p1;
    optim::adam<Q> owning{.learning_rate = optim::linear_decay(0.01, 0.001, 3), .beta2 = 0.99};
    optim::adam_state<Q> state;
    optim::adam_ref<Q> by_reference{
        .state = state, .learning_rate = optim::linear_decay(0.01, 0.001, 3), .beta2 = 0.99};
    for (const auto& g : grads) {
        owning.step(p1, g);
        by_reference.step(p2, g);
    }
    BOOST_TEST((p1 == p2));
    BOOST_TEST((state.m == owning.m && state.v == owning.v));
    BOOST_TEST(by_reference.steps == 4U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fit)

using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
using sample = net::sample_type<double>;
constexpr std::array<sample, 4> xor_data{
    {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};

BOOST_AUTO_TEST_CASE(steps_per_epoch) {
    auto p = net::init(nn::seed{1});
    optim::sgd opt{.learning_rate = 0.1};
    BOOST_TEST(nn::fit<net>(p, opt, nn::mse, xor_data, {.epochs = 1}).steps == 1U);
    BOOST_TEST(nn::fit<net>(p, opt, nn::mse, xor_data, {.epochs = 1, .batch_size = 1}).steps == 4U);
    BOOST_TEST(nn::fit<net>(p, opt, nn::mse, xor_data, {.epochs = 1, .batch_size = 3}).steps == 2U);
    BOOST_TEST(opt.steps == 7U);
}

BOOST_AUTO_TEST_CASE(full_batch_epoch_is_one_gradient_step) {
    const auto loss = nn::mse + nn::l2{1e-3};
    auto p = net::init(nn::seed{2});
    auto q = p;
    optim::sgd a{.learning_rate = 0.3};
    optim::sgd b{.learning_rate = 0.3};
    const auto report = nn::fit<net>(p, a, loss, xor_data, {.epochs = 1});
    BOOST_TEST(std::fabs(report.loss - net::loss(loss, q, xor_data)) <
               1e-15);  // measured before the step
    // The same step within rounding (fit may accumulate the batch with other kernels than
    // net::gradient): both within the a-priori bound E of the exact step, so within 2E.
    const auto analysis = error_bound::analyse_batch<net>(
        q, xor_data, error_bound::loss_model{error_bound::loss_model::kind::squared, true, 1e-3L});
    const auto bound = error_bound::step(q, analysis.gradient, 0.3);
    b.step(q, net::gradient(loss, q, xor_data));
    const auto c = error_bound::compare(nn::flatten(p), nn::flatten(q), bound,
                                        [](std::size_t k) { return error_bound::parameter_name<net>(k); });
    BOOST_TEST(c.violations == 0u, c.violations << " parameters outside the bound:" << c.failures);
}

BOOST_AUTO_TEST_CASE(per_sample_epoch_is_four_steps) {
    auto p = net::init(nn::seed{2});
    auto q = p;
    optim::sgd a{.learning_rate = 0.3};
    optim::sgd b{.learning_rate = 0.3};
    nn::fit<net>(p, a, nn::squared_error, xor_data, {.epochs = 1, .batch_size = 1});
    for (const auto& [x, y] : xor_data) b.step(q, net::gradient(nn::squared_error, q, x, y));
    BOOST_TEST((p == q));
}

BOOST_AUTO_TEST_CASE(shuffling) {
    // The same seed gives the same run; the data of a std::array is not touched.
    auto data = xor_data;
    auto p1 = net::init(nn::seed{3});
    auto p2 = p1;
    auto p3 = p1;
    optim::sgd o1{.learning_rate = 0.2}, o2{.learning_rate = 0.2}, o3{.learning_rate = 0.2};
    const nn::fit_options opts{
        .epochs = 5, .batch_size = 1, .shuffle = true, .shuffle_seed = nn::seed{9}};
    nn::fit<net>(p1, o1, nn::mse, data, opts);
    nn::fit<net>(p2, o2, nn::mse, data, opts);
    nn::fit<net>(p3, o3, nn::mse, data, {.epochs = 5, .batch_size = 1});
    BOOST_TEST((p1 == p2));
    BOOST_TEST(!(p1 == p3));  // another order, another result
    BOOST_TEST((data == xor_data));

    // A span of run-time extent is permuted in place: still the same four samples.
    std::vector<sample> v(xor_data.begin(), xor_data.end());
    auto p4 = net::init(nn::seed{3});
    optim::sgd o4{.learning_rate = 0.2};
    nn::fit<net>(p4, o4, nn::mse, std::span<sample>(v), opts);
    BOOST_TEST(std::is_permutation(v.begin(), v.end(), xor_data.begin()));
    // ... and a read-only one cannot be.
    const std::vector<sample> cv(xor_data.begin(), xor_data.end());
    BOOST_CHECK_THROW(nn::fit<net>(p4, o4, nn::mse, std::span<const sample>(cv), opts),
                      nn::fit_error);
}

BOOST_AUTO_TEST_CASE(callback_sees_every_epoch_and_can_stop) {
    auto p = net::init(nn::seed{4});
    optim::sgd opt{.learning_rate = 0.1};
    std::size_t seen = 0;
    nn::fit<net>(p, opt, nn::mse, xor_data, {.epochs = 10}, [&](const nn::epoch_report<double>& r) {
        BOOST_TEST(r.epoch == ++seen);
        BOOST_TEST(std::isnan(r.accuracy));
    });
    BOOST_TEST(seen == 10U);
    const auto last = nn::fit<net>(p, opt, nn::mse, xor_data, {.epochs = 10},
                                   [](const auto& r) { return r.epoch < 3; });
    BOOST_TEST(last.epoch == 3U);
}

BOOST_AUTO_TEST_CASE(accuracy_rules) {
    using nn::detail_fit::correct;
    BOOST_TEST(correct(nn::accuracy::sign, std::array{0.3, -2.0}, std::array{1.0, -1.0}));
    BOOST_TEST(!correct(nn::accuracy::sign, std::array{0.3, 2.0}, std::array{1.0, -1.0}));
    BOOST_TEST(correct(nn::accuracy::round, std::array{0.7}, std::array{1.0}));
    BOOST_TEST(!correct(nn::accuracy::round, std::array{0.4}, std::array{1.0}));
    BOOST_TEST(correct(nn::accuracy::argmax, std::array{0.1, 0.7, 0.2}, std::array{0.0, 1.0, 0.0}));
    BOOST_TEST(
        !correct(nn::accuracy::argmax, std::array{0.8, 0.7, 0.2}, std::array{0.0, 1.0, 0.0}));
    // A class index (targets one wide): argmax against it; the other rules say no.
    BOOST_TEST(correct(nn::accuracy::argmax, std::array{0.1, 0.7, 0.2}, std::array{1.0}));
    BOOST_TEST(!correct(nn::accuracy::argmax, std::array{0.1, 0.7, 0.2}, std::array{2.0}));
    BOOST_TEST(!correct(nn::accuracy::argmax, std::array{0.1, 0.7, 0.2}, std::array{-1.0}));
    BOOST_TEST(!correct(nn::accuracy::round, std::array{0.1, 0.7, 0.2}, std::array{1.0}));
    // Logits against 0/1 labels.
    BOOST_TEST(correct(nn::accuracy::threshold, std::array{2.0, -0.1}, std::array{1.0, 0.0}));
    BOOST_TEST(!correct(nn::accuracy::threshold, std::array{2.0, 0.1}, std::array{1.0, 0.0}));
}

// Whole-output losses in fit: class indexes (samples one wide) with argmax accuracy, one-hot
// targets, and logits against 0/1 labels with accuracy::threshold.
BOOST_AUTO_TEST_CASE(classification_with_whole_output_losses) {
    using net3 = nn::network<nn::dense<2, 8, nn::tanh>, nn::dense<8, 3>>;
    // Three clusters around (1, 0), (-1, 1), (0, -1).
    std::array<nn::sample<double, 2, 1>, 30> by_index{};
    std::array<nn::sample<double, 2, 3>, 30> one_hot{};
    std::array<nn::sample<double, 2, 3>, 30> bits{};
    constexpr std::array<std::array<double, 2>, 3> centres{{{1.0, 0.0}, {-1.0, 1.0}, {0.0, -1.0}}};
    nn::rng r{nn::seed{5}};
    for (std::size_t k = 0; k < by_index.size(); ++k) {
        const std::size_t c = k % 3;
        const std::array x{centres[c][0] + r.normal(0.0, 0.2), centres[c][1] + r.normal(0.0, 0.2)};
        by_index[k] = {x, {static_cast<double>(c)}};
        one_hot[k] = {x, {c == 0 ? 1.0 : 0.0, c == 1 ? 1.0 : 0.0, c == 2 ? 1.0 : 0.0}};
        bits[k] = one_hot[k];
    }
    const auto p0 = net3::init(nn::seed{6});

    // One full-batch epoch is one gradient step; its loss is the loss before the step.
    auto p = p0;
    auto q = p0;
    optim::sgd a{.learning_rate = 0.5};
    const auto first = nn::fit<net3>(p, a, nn::sparse_softmax_cross_entropy, by_index,
                                     {.epochs = 1, .accuracy = nn::accuracy::argmax});
    BOOST_TEST(std::fabs(first.loss - net3::loss(nn::sparse_softmax_cross_entropy, q, by_index)) <
               1e-14);
    BOOST_TEST(first.accuracy == net3::accuracy(q, by_index));
    const auto g = net3::gradient(nn::sparse_softmax_cross_entropy, q, by_index);
    net3::parameters<double>::zip([](double& w, const double& d) { w -= 0.5 * d; }, q, g);
    const auto fp = nn::flatten(p);
    const auto fq = nn::flatten(q);
    for (std::size_t k = 0; k < fp.size(); ++k) BOOST_TEST(std::fabs(fp[k] - fq[k]) < 1e-14);

    // Training: every loss learns the three clusters.
    optim::adam<net3::parameters<double>> o1{.learning_rate = 0.05};
    p = p0;
    const auto r1 = nn::fit<net3>(p, o1, nn::sparse_softmax_cross_entropy, by_index,
                                  {.epochs = 100, .batch_size = 8, .accuracy = nn::accuracy::argmax});
    BOOST_TEST(net3::accuracy(p, by_index) == 1.0);
    BOOST_TEST(r1.accuracy == 1.0);
    BOOST_TEST(r1.loss < 0.1);
    optim::adam<net3::parameters<double>> o2{.learning_rate = 0.05};
    p = p0;
    const auto r2 = nn::fit<net3>(p, o2, nn::softmax_cross_entropy + nn::l2{1e-5}, one_hot,
                                  {.epochs = 100, .batch_size = 1, .accuracy = nn::accuracy::argmax});
    BOOST_TEST(net3::accuracy(p, one_hot) == 1.0);
    BOOST_TEST(r2.accuracy == 1.0);
    optim::adam<net3::parameters<double>> o3{.learning_rate = 0.05};
    p = p0;
    const auto r3 = nn::fit<net3>(p, o3, nn::binary_cross_entropy_with_logits, bits,
                                  {.epochs = 200, .accuracy = nn::accuracy::threshold});
    BOOST_TEST(r3.accuracy == 1.0);
    BOOST_TEST(r3.loss < 0.1);
}

BOOST_AUTO_TEST_CASE(xor_learns_with_every_optimizer) {
    auto run = [](auto& opt, nn::seed s) {
        auto p = net::init(s);
        return nn::fit<net>(p, opt, nn::squared_error, xor_data,
                            {.epochs = 500, .accuracy = nn::accuracy::round});
    };
    optim::sgd sgd{.learning_rate = 0.1};
    BOOST_TEST(run(sgd, nn::seed{1}).accuracy == 1.0);
    optim::momentum<net::parameters<double>> mom{.learning_rate = 0.05, .beta = 0.9};
    BOOST_TEST(run(mom, nn::seed{1}).accuracy == 1.0);
    optim::adam<net::parameters<double>> adam{.learning_rate = 0.05};
    BOOST_TEST(run(adam, nn::seed{1}).accuracy == 1.0);
}

BOOST_AUTO_TEST_CASE(float_training) {
    using fsample = net::sample_type<float>;
    constexpr std::array<fsample, 4> data{
        {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};
    auto p = net::init<float>(nn::seed{1});
    optim::sgd opt{.learning_rate = 0.1};
    const auto r = nn::fit<net>(p, opt, nn::squared_error, data,
                                {.epochs = 500, .accuracy = nn::accuracy::round});
    BOOST_TEST(r.accuracy == 1.0);
    BOOST_TEST(r.loss < 0.05f);
}

BOOST_AUTO_TEST_SUITE_END()

// Parameters, gradient and optimizer state placed by the caller (nn/stack_budget.hpp): the
// calls that write into a caller-placed buffer give what the calls returning a value give.
BOOST_AUTO_TEST_SUITE(caller_placed_buffers)

using net = nn::network<nn::dense<3, 6, nn::tanh>, nn::dense<6, 5, nn::relu>, nn::dense<5, 2>>;
using P = net::parameters<double>;
using sample = net::sample_type<double>;

std::array<sample, 40> make_data() {
    nn::rng r{nn::seed{17}};
    std::array<sample, 40> data{};
    for (auto& s : data) {
        for (auto& v : s.x) v = r.uniform(-1.0, 1.0);
        for (auto& v : s.y) v = r.uniform(-1.0, 1.0);
    }
    return data;
}

BOOST_AUTO_TEST_CASE(init_into_equals_init) {
    auto p = std::make_unique<P>();
    P::zip([](double& x) { x = 7.0; }, *p);  // overwritten, not added to
    net::init_into(*p, nn::seed{5});
    BOOST_TEST((*p == net::init(nn::seed{5})));
    auto q = std::make_unique<net::parameters<float>>();
    net::init_into(*q, nn::seed{5}, nn::uniform_init{-0.5, 0.5});
    BOOST_TEST((*q == net::init<float>(nn::seed{5}, nn::uniform_init{-0.5, 0.5})));
}

BOOST_AUTO_TEST_CASE(gradient_into_equals_gradient) {
    const auto data = make_data();
    const auto p = net::init(nn::seed{6});
    const auto loss = nn::mse + nn::l2{1e-3};
    auto g = std::make_unique<P>();
    P::zip([](double& x) { x = 7.0; }, *g);  // overwritten, not added to
    // One sample.
    const double l1 = net::gradient_into(*g, loss, p, data[0].x, data[0].y);
    BOOST_TEST((*g == net::gradient(loss, p, data[0].x, data[0].y)));
    BOOST_TEST(l1 == net::loss(loss, p, data[0].x, data[0].y));
    // A batch (several blocks of the batched kernels, and a partial one).
    const double lb = net::gradient_into(*g, loss, p, data);
    BOOST_TEST((*g == net::gradient(loss, p, data)));
    BOOST_TEST(std::fabs(lb - net::loss(loss, p, data)) <= 1e-12 * std::fabs(lb));
    // With a caller-placed batch workspace: the same, bit for bit.
    auto workspace = std::make_unique<net::batch_workspace<double>>();
    auto h = std::make_unique<P>();
    const double lw = net::gradient_into(*h, loss, p, data, *workspace);
    BOOST_TEST((*h == *g));
    BOOST_TEST(lw == lb);
    net::gradient_into(*h, loss, p, std::span(data).first(5), *workspace);  // reused: stale columns
    BOOST_TEST((*h == net::gradient(loss, p, std::span(data).first(5))));
    const double ls = net::gradient_into(*g, nn::squared_error, p, std::span(data).first(7));
    BOOST_TEST((*g == net::gradient(nn::squared_error, p, std::span(data).first(7))));
    BOOST_TEST(std::fabs(ls - net::loss(nn::squared_error, p, std::span(data).first(7))) <=
               1e-12 * std::fabs(ls));
}

BOOST_AUTO_TEST_CASE(descend_and_input_gradient_with_a_buffer) {
    const auto data = make_data();
    auto g = std::make_unique<P>();
    for (const bool regularized : {false, true}) {
        auto p = net::init(nn::seed{7});
        auto q = p;
        for (std::size_t k = 0; k < 5; ++k) {
            const auto& s = data[k];
            if (regularized) {
                const double a = net::descend(nn::squared_error + nn::l2{1e-2}, p, 0.1, s.x, s.y);
                const double b =
                    net::descend(nn::squared_error + nn::l2{1e-2}, q, 0.1, s.x, s.y, *g);
                BOOST_TEST(a == b);
            } else {
                const double a = net::descend(nn::squared_error, p, 0.1, s.x, s.y);
                const double b = net::descend(nn::squared_error, q, 0.1, s.x, s.y, *g);
                BOOST_TEST(a == b);
            }
        }
        BOOST_TEST((p == q));
    }
    const auto p = net::init(nn::seed{8});
    BOOST_TEST((net::input_gradient(nn::mse, p, data[3].x, data[3].y) ==
                net::input_gradient(nn::mse, p, data[3].x, data[3].y, *g)));
}

BOOST_AUTO_TEST_CASE(fit_with_a_gradient_buffer_equals_fit) {
    auto data = make_data();
    for (const std::size_t batch : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        const nn::fit_options options{.epochs = 3, .batch_size = batch, .shuffle = true,
                                      .shuffle_seed = nn::seed{2}, .accuracy = nn::accuracy::sign};
        auto p = net::init(nn::seed{10});
        auto q = p;
        optim::adam<P> a{.learning_rate = 0.01};
        optim::adam_state<P> state;
        optim::adam_ref<P> b{.state = state, .learning_rate = 0.01};
        auto g = std::make_unique<P>();
        std::size_t calls = 0;
        const auto ra = nn::fit<net>(p, a, nn::mse + nn::l2{1e-4}, data, options);
        const auto rb = nn::fit<net>(q, *g, b, nn::mse + nn::l2{1e-4}, data, options,
                                     [&](const auto&) { ++calls; });
        BOOST_TEST((p == q));
        BOOST_TEST(ra.loss == rb.loss);
        BOOST_TEST(ra.steps == rb.steps);
        BOOST_TEST(ra.accuracy == rb.accuracy);
        BOOST_TEST(calls == 3U);
        // A span of run-time extent (shuffled in place) too.
        auto copy_a = data, copy_b = data;
        optim::sgd sa{.learning_rate = 0.05}, sb{.learning_rate = 0.05};
        nn::fit<net>(p, sa, nn::mse, std::span<sample>(copy_a), options);
        nn::fit<net>(q, *g, sb, nn::mse, std::span<sample>(copy_b), options);
        BOOST_TEST((p == q));
    }
}

BOOST_AUTO_TEST_SUITE_END()
