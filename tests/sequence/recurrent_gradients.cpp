// Every parameter of GRU and LSTM layers (alone, stacked, in batches, with carried state, per
// frame and last-frame losses) against central differences, in double and float; a GRU step
// in a constant expression.
#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;

namespace {

// A GRU step in a constant expression: all parameters 0 but b_in of unit 0 = 1, so r = z = 1/2,
// n = tanh(1) and h' = (1 - 1/2)·tanh(1) + 1/2·0 = 0.5·tanh(1) = 0.38079707797788231 (by hand).
constexpr double constexpr_gru_step() {
    using L = nn::gru<2, 3>;
    L::parameters<double> p{};
    p.bias_ih[6] = 1.0;
    L::state<double> s{};
    std::array<double, 3> y{};
    nn::no_buffers b;
    L::step<double>(p, b, s, std::array<double, 2>{0.7, -0.2}, y);
    return y[0];
}
static_assert(constexpr_gru_step() > 0.38079707797788231 - 1e-15 &&
              constexpr_gru_step() < 0.38079707797788231 + 1e-15);

template <class Net, class T>
typename Net::template parameters<T> random_parameters(std::uint64_t seed) {
    typename Net::template parameters<T> p{};
    typename Net::template buffers<T> b{};
    nn::rng r{nn::seed{seed}};
    Net::template init<T>(r, nn::recurrent_uniform{}, p, b);
    return p;
}

// The window loss from given initial states (copied: the window must not carry them here).
template <class Net, class T, std::size_t MaxFrames, class Loss, std::size_t W, std::size_t S>
T window_loss(const typename Net::template parameters<T>& p,
              std::array<typename Net::template state<T>, S> states, std::size_t frames,
              std::span<const std::array<T, Net::inputs>> xs,
              std::span<const std::array<T, W>> targets, const Loss& loss, nn::scored which,
              typename Net::template workspace<T, MaxFrames>& ws,
              typename Net::template parameters<T>& g) {
    typename Net::template buffers<T> b{};
    return Net::gradient_into(p, b, std::span<typename Net::template state<T>>(states), frames, xs,
                              targets, loss, g, ws, which);
}

// Checks every parameter's gradient against (L(p + h e_k) - L(p - h e_k)) / 2h.
template <class Net, class T, std::size_t MaxFrames, class Loss, std::size_t W, std::size_t S>
void check_against_central_differences(const std::array<typename Net::template state<T>, S>& states,
                                       std::size_t frames,
                                       std::span<const std::array<T, Net::inputs>> xs,
                                       std::span<const std::array<T, W>> targets, const Loss& loss,
                                       nn::scored which, T h, T bound, T floor) {
    using P = typename Net::template parameters<T>;
    static typename Net::template workspace<T, MaxFrames> ws;
    const P p = random_parameters<Net, T>(42);
    P g{};
    window_loss<Net, T, MaxFrames>(p, states, frames, xs, targets, loss, which, ws, g);
    std::size_t k = 0, checked = 0;
    T worst = 0;
    auto each = [&](const T& analytic) {
        P plus = p, minus = p;
        std::size_t j = 0;
        auto nudge = [&](T& a, T& m) {
            if (j++ == k) {
                a += h;
                m -= h;
            }
        };
        P::zip(nudge, plus, minus);
        P unused{};
        const T lp = window_loss<Net, T, MaxFrames>(plus, states, frames, xs, targets, loss, which,
                                                    ws, unused);
        const T lm = window_loss<Net, T, MaxFrames>(minus, states, frames, xs, targets, loss, which,
                                                    ws, unused);
        const T numeric = (lp - lm) / (2 * h);
        const T err =
            std::abs(analytic - numeric) / std::max({std::abs(numeric), std::abs(analytic), floor});
        worst = std::max(worst, err);
        BOOST_TEST(err <= bound,
                   "parameter " << k << ": analytic " << analytic << " numeric " << numeric);
        ++k;
        ++checked;
    };
    P::zip(each, g);
    BOOST_TEST(checked == P::size);
    BOOST_TEST_MESSAGE("worst relative error " << worst);
}

template <class Net, class T, std::size_t N>
std::array<std::array<T, Net::inputs>, N> wave_inputs() {
    std::array<std::array<T, Net::inputs>, N> xs{};
    for (std::size_t t = 0; t < N; ++t)
        for (std::size_t i = 0; i < Net::inputs; ++i)
            xs[t][i] = static_cast<T>(std::sin(0.7 * t + 1.3 * i + 0.2));
    return xs;
}

// Non-zero initial states, as truncated BPTT carries them from the previous window.
template <class Net, class T, std::size_t S>
std::array<typename Net::template state<T>, S>
carried_states(const typename Net::template parameters<T>& p) {
    std::array<typename Net::template state<T>, S> states{};
    typename Net::template buffers<T> b{};
    for (std::size_t s = 0; s < S; ++s)
        for (std::size_t t = 0; t < 2 + s; ++t) {
            std::array<T, Net::inputs> x{};
            for (std::size_t i = 0; i < Net::inputs; ++i)
                x[i] = static_cast<T>(std::cos(1.1 * t + i + s));
            std::array<T, Net::outputs> y;
            Net::step(p, b, states[s], x, y);
        }
    return states;
}

// Double: h = 1e-5: truncation h²·|L'''|/6 ~ 1e-11, rounding u·|L|/h ~ 1e-11, both far under
// 1e-6 relative (floor 1e-4: parameters whose gradient is ~0 are compared absolutely).
constexpr double dh = 1e-5, dbound = 1e-6, dfloor = 1e-4;
// Float: h = 1e-2: rounding u·|L|/h ~ 6e-6·|L|, truncation ~1e-5; windows of a few frames
// lose a few ulps per frame: 2e-2 relative with a floor of 0.05.
constexpr float fh = 1e-2f, fbound = 2e-2f, ffloor = 5e-2f;

}  // namespace

BOOST_AUTO_TEST_SUITE(recurrent_gradients)

BOOST_AUTO_TEST_CASE(gru_then_lstm_batch_every_frame_double) {
    using net = nn::sequence_network<nn::gru<2, 5>, nn::lstm<5, 3>>;
    const auto xs = wave_inputs<net, double, 6>();
    std::array<std::array<double, 3>, 6> targets{};
    for (std::size_t t = 0; t < 6; ++t) targets[t] = {0.3, -0.2 + 0.1 * t, 0.1};
    const auto states = carried_states<net, double, 2>(random_parameters<net, double>(42));
    check_against_central_differences<net, double, 8>(
        states, 3, std::span<const std::array<double, 2>>(xs),
        std::span<const std::array<double, 3>>(targets), nn::mse, nn::scored::every_frame, dh,
        dbound, dfloor);
}

BOOST_AUTO_TEST_CASE(lstm_then_gru_last_frame_cross_entropy_double) {
    using net = nn::sequence_network<nn::lstm<3, 4>, nn::gru<4, 3>>;
    const auto xs = wave_inputs<net, double, 8>();
    const std::array<std::array<double, 1>, 2> classes{{{2.0}, {0.0}}};
    const auto states = carried_states<net, double, 2>(random_parameters<net, double>(42));
    check_against_central_differences<net, double, 8>(
        states, 4, std::span<const std::array<double, 3>>(xs),
        std::span<const std::array<double, 1>>(classes), nn::sparse_softmax_cross_entropy,
        nn::scored::last_frame, dh, dbound, dfloor);
}

BOOST_AUTO_TEST_CASE(gru_16_float) {
    using net = nn::sequence_network<nn::gru<1, 16>>;
    const auto xs = wave_inputs<net, float, 5>();
    std::array<std::array<float, 16>, 5> targets{};
    for (std::size_t t = 0; t < 5; ++t)
        for (std::size_t k = 0; k < 16; ++k) targets[t][k] = 0.05f * static_cast<float>(k) - 0.3f;
    const std::array<net::state<float>, 1> states{};
    check_against_central_differences<net, float, 5>(
        states, 5, std::span<const std::array<float, 1>>(xs),
        std::span<const std::array<float, 16>>(targets), nn::squared_error, nn::scored::every_frame,
        fh, fbound, ffloor);
}

BOOST_AUTO_TEST_CASE(lstm_float_two_layers) {
    using net = nn::sequence_network<nn::lstm<2, 8>, nn::lstm<8, 2>>;
    const auto xs = wave_inputs<net, float, 8>();
    std::array<std::array<float, 2>, 8> targets{};
    for (std::size_t t = 0; t < 8; ++t) targets[t] = {0.2f, -0.1f};
    const auto states = carried_states<net, float, 2>(random_parameters<net, float>(42));
    check_against_central_differences<net, float, 8>(
        states, 4, std::span<const std::array<float, 2>>(xs),
        std::span<const std::array<float, 2>>(targets), nn::squared_error, nn::scored::every_frame,
        fh, fbound, ffloor);
}

// A batch's gradient (reduction::sum) is the sum of its sequences' gradients, and gradient_into
// adds into g: exact up to the order of the additions (relative 1e-12).
BOOST_AUTO_TEST_CASE(batch_is_sum_of_sequences_and_gradient_accumulates) {
    using net = nn::sequence_network<nn::gru<2, 4>>;
    using P = net::parameters<double>;
    static net::workspace<double, 8> ws;
    const P p = random_parameters<net, double>(7);
    const auto xs = wave_inputs<net, double, 8>();
    std::array<std::array<double, 4>, 8> targets{};
    for (std::size_t t = 0; t < 8; ++t) targets[t] = {0.1, 0.2, -0.3, 0.4 - 0.1 * t};
    net::buffers<double> b{};
    P batch{}, separate{};
    std::array<net::state<double>, 2> two{};
    const double l2 = net::gradient_into(
        p, b, std::span<net::state<double>>(two), 4, std::span<const std::array<double, 2>>(xs),
        std::span<const std::array<double, 4>>(targets), nn::squared_error, batch, ws);
    double l1 = 0;
    for (std::size_t s = 0; s < 2; ++s) {
        std::array<net::state<double>, 1> one{};
        l1 += net::gradient_into(p, b, std::span<net::state<double>>(one), 4,
                                 std::span<const std::array<double, 2>>(xs).subspan(4 * s),
                                 std::span<const std::array<double, 4>>(targets).subspan(4 * s),
                                 nn::squared_error, separate, ws);
        for (std::size_t k = 0; k < 4; ++k)
            BOOST_TEST(std::abs(one[0].layer<0>().h[k] - two[s].layer<0>().h[k]) <= 1e-15);
    }
    BOOST_TEST(std::abs(l1 - l2) <= 1e-12 * std::abs(l1));
    auto compare = [](const double& a, const double& c) {
        BOOST_TEST(std::abs(a - c) <= 1e-12 * std::max(1.0, std::abs(a)));
    };
    P::zip(compare, batch, separate);
    // A window that does not fit: NaN, nothing touched.
    std::array<net::state<double>, 3> three{};
    P untouched{};
    const double bad = net::gradient_into(
        p, b, std::span<net::state<double>>(three), 3, std::span<const std::array<double, 2>>(xs),
        std::span<const std::array<double, 4>>(targets), nn::squared_error, untouched, ws);
    BOOST_TEST(std::isnan(bad));
    BOOST_TEST((untouched == P{}));
    // Two sequences where the workspace has room for the state of one: NaN, nothing touched.
    static net::workspace<double, 8, 1> one_sequence;
    const double no_room = net::gradient_into(
        p, b, std::span<net::state<double>>(two), 4, std::span<const std::array<double, 2>>(xs),
        std::span<const std::array<double, 4>>(targets), nn::squared_error, untouched, one_sequence);
    BOOST_TEST(std::isnan(no_room));
    BOOST_TEST((untouched == P{}));
    BOOST_TEST(!net::forward_window(p, b, std::span<net::state<double>>(two), 4,
                                    std::span<const std::array<double, 2>>(xs), one_sequence));
}

BOOST_AUTO_TEST_SUITE_END()
