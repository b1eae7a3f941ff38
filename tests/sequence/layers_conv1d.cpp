// nn::conv1d: PyTorch's oracle, central differences, streaming vs window, long dilations, constexpr.
#include <array>
#include <cmath>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/sequence/conv1d.hpp>

#include "layers_check.hpp"

namespace nn = constgrad::nn;

BOOST_AUTO_TEST_SUITE(conv1d)

// A hand-derived case, checked at compile time: kernel 2, dilation 1, weight (2, 3) (tap 0
// reads x[t-1], tap 1 reads x[t]), bias 1. Inputs 1, 2: y0 = 1 + 3·1 + 2·0 = 4, y1 = 1 + 3·2 +
// 2·1 = 9. Window backward with dy = (1, 1): dW = (x[-1] + x[0], x[0] + x[1]) = (1, 3), db = 2,
// dx = (3 + 2, 3) = (5, 3).
constexpr std::array<double, 8> small_case() {
    using layer = nn::conv1d<1, 1, 2, 1>;
    layer::parameters<double> p{};
    p.at(0, 0, 0) = 2.0;
    p.at(0, 0, 1) = 3.0;
    p.bias[0] = 1.0;
    nn::no_buffers b{};
    layer::state<double> s{};
    std::array<double, 1> y0{}, y1{};
    layer::step(p, b, s, {1.0}, y0);
    layer::step(p, b, s, {2.0}, y1);
    std::array<layer::state<double>, 1> states{};
    layer::workspace<double, 2> ws{};
    std::array<std::array<double, 1>, 2> xs{{{1.0}, {2.0}}}, ys{}, dys{{{1.0}, {1.0}}}, dxs{};
    layer::forward_window(p, b, std::span<layer::state<double>>(states), 2,
                          std::span<const std::array<double, 1>>(xs), std::span<std::array<double, 1>>(ys), ws,
                          nn::mode::train);
    layer::parameters<double> g{};
    layer::backward_window<true>(p, b, 1, 2, std::span<const std::array<double, 1>>(xs), ws,
                                 std::span<std::array<double, 1>>(dys), g, std::span<std::array<double, 1>>(dxs));
    return {y0[0], y1[0], ys[1][0], g.at(0, 0, 0), g.at(0, 0, 1), g.bias[0], dxs[0][0], dxs[1][0]};
}
static_assert(small_case() == std::array<double, 8>{4.0, 9.0, 9.0, 1.0, 3.0, 2.0, 5.0, 3.0});

// Oracle O5_causal_conv1d_2_3_k3_d2 (../shared/oracles/torch_layers.json, PyTorch 1.13 float64):
// Conv1d(2, 3, 3, dilation 2), 4 zeros on the left, parameter k = 0.5 sin(k + 1) in PyTorch's
// order; loss Σ w_c y[c][t], w = (1, -2, 0.5). Tolerance 1e-12: a dozen roundings of O(1) values.
BOOST_AUTO_TEST_CASE(pytorch_oracle_causal_dilated) {
    using layer = nn::conv1d<2, 3, 3, 2>;
    layer::parameters<double> p{};
    std::size_t k = 0;
    auto set = [&](double& x) { x = 0.5 * std::sin(static_cast<double>(k++) + 1.0); };
    layer::parameters<double>::zip(set, p);
    const double x[2][6] = {{0.5, -1.0, 0.25, 2.0, -0.5, 1.0}, {1.0, 0.0, -0.5, 0.75, 0.25, -1.5}};
    const double y[3][6] = {
        {-0.029489142253019962, 0.004378600801542565, -0.08970530023645773, -0.3433709123460946, 0.1900914111086485, 0.4840255639336607},
        {0.2912157876740355, 0.25041338274293556, 0.3894751238996359, 0.17269714304371642, 0.5522748160039312, 1.350830176292492},
        {0.20540615592146916, 0.09318389918946962, 0.45431370396452586, 0.2916917640383312, 0.4871478466881649, 1.7267119522520595}};
    const double dweight[18] = {-0.5, 1.75, 2.25, 1.0, 1.25, 0.0, 1.0, -3.5, -4.5, -2.0, -2.5, 0.0, -0.25, 0.875, 1.125, 0.5, 0.625, 0.0};
    const double dbias[3] = {6.0, -12.0, 3.0};
    const double dx[2][6] = {
        {-0.5972535625675477, -0.5972535625675477, -0.46604421545936714, -0.46604421545936714, -0.17898652117254377, -0.17898652117254377},
        {0.5829410875264374, 0.5829410875264374, 0.48929705345729807, 0.48929705345729807, 0.209118357208053, 0.209118357208053}};
    const double w[3] = {1.0, -2.0, 0.5};

    std::array<std::array<double, 2>, 6> xs{}, dxs{};
    std::array<std::array<double, 3>, 6> ys{}, dys{};
    for (std::size_t t = 0; t < 6; ++t) {
        for (std::size_t c = 0; c < 2; ++c) xs[t][c] = x[c][t];
        for (std::size_t c = 0; c < 3; ++c) dys[t][c] = w[c];
    }
    std::array<layer::state<double>, 1> states{};
    nn::no_buffers b{};
    auto ws = std::make_unique<layer::workspace<double, 6>>();
    layer::forward_window(p, b, std::span<layer::state<double>>(states), 6,
                          std::span<const std::array<double, 2>>(xs), std::span<std::array<double, 3>>(ys), *ws,
                          nn::mode::train);
    layer::parameters<double> g{};
    layer::backward_window<true>(p, b, 1, 6, std::span<const std::array<double, 2>>(xs), *ws,
                                 std::span<std::array<double, 3>>(dys), g, std::span<std::array<double, 2>>(dxs));
    for (std::size_t t = 0; t < 6; ++t) {
        for (std::size_t c = 0; c < 3; ++c) BOOST_TEST(std::abs(ys[t][c] - y[c][t]) <= 1e-12);
        for (std::size_t c = 0; c < 2; ++c) BOOST_TEST(std::abs(dxs[t][c] - dx[c][t]) <= 1e-12);
    }
    std::array<double, 21> flat{};
    k = 0;
    auto collect = [&](const double& v) { flat[k++] = v; };
    layer::parameters<double>::zip(collect, g);
    for (std::size_t i = 0; i < 18; ++i) BOOST_TEST(std::abs(flat[i] - dweight[i]) <= 1e-12);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(std::abs(flat[18 + i] - dbias[i]) <= 1e-12);
}

// Central differences for every weight, bias and input, with 3 sequences whose states come from
// a warm-up window (taps reaching before the window read the previous window's frames).
BOOST_AUTO_TEST_CASE(gradients_double) {
    layers_check::check_gradients<nn::conv1d<2, 3, 3, 2>, 3, 5, double>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::conv1d<4, 6, 2, 3, 2>, 2, 7, double>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::conv1d<3, 2, 1, 1>, 2, 3, double>(layers_check::value, nn::mode::train);
}
BOOST_AUTO_TEST_CASE(gradients_float) {
    layers_check::check_gradients<nn::conv1d<2, 3, 3, 2>, 3, 5, float>(layers_check::value, nn::mode::train);
    layers_check::check_gradients<nn::conv1d<4, 6, 2, 3, 2>, 2, 7, float>(layers_check::value, nn::mode::train);
}

// Streaming (step, ring buffer) equals the window forward over two windows with carried state,
// including windows shorter than the history (frames 3 < (3-1)·4).
BOOST_AUTO_TEST_CASE(streaming_equals_window) {
    layers_check::check_streaming<nn::conv1d<2, 3, 3, 2>, 3, 6, double>(layers_check::value);
    layers_check::check_streaming<nn::conv1d<2, 3, 3, 4>, 2, 3, double>(layers_check::value);
    layers_check::check_streaming<nn::conv1d<4, 6, 3, 2, 2>, 2, 9, float>(layers_check::value);
    layers_check::check_streaming<nn::conv1d<8, 4, 3, 1, 4>, 1, 5, float>(layers_check::value);
}

// Dilation 512, 16 channels: a 64 KB ring buffer and a window workspace in static storage (the
// library puts nothing of that size on the stack). Output t against the definition summed
// directly from the input history.
BOOST_AUTO_TEST_CASE(dilation_512_sixteen_channels) {
    using layer = nn::conv1d<16, 16, 3, 512>;
    constexpr std::size_t frames = 1200;
    static layer::parameters<float> p{};
    static layer::state<float> s{};
    static std::array<std::array<float, 16>, frames> xs{}, ys{}, window_ys{};
    static layer::workspace<float, frames> ws{};
    std::size_t k = 0;
    auto set = [&](float& x) { x = static_cast<float>(layers_check::value(k++)); };
    layer::parameters<float>::zip(set, p);
    for (std::size_t t = 0; t < frames; ++t)
        for (std::size_t c = 0; c < 16; ++c) xs[t][c] = static_cast<float>(layers_check::value(7 * t + c));
    nn::no_buffers b{};
    for (std::size_t t = 0; t < frames; ++t) layer::step(p, b, s, xs[t], ys[t]);
    static std::array<layer::state<float>, 1> states{};
    layer::forward_window(p, b, std::span<layer::state<float>>(states), frames,
                          std::span<const std::array<float, 16>>(xs), std::span<std::array<float, 16>>(window_ys), ws,
                          nn::mode::train);
    // Both left holding the same last 1024 frames (at other ring positions): the next frames agree.
    for (std::size_t t = 0; t < 600; ++t) {
        std::array<float, 16> a{}, c{};
        layer::step(p, b, s, xs[t], a);
        layer::step(p, b, states[0], xs[t], c);
        BOOST_TEST((a == c));
    }
    // Float sums of 49 terms of size <= 0.25: within 49·2^-24·(Σ|terms| <= 12.5) ≈ 4e-5.
    for (std::size_t t : {std::size_t{0}, std::size_t{511}, std::size_t{512}, std::size_t{1023}, std::size_t{1024}, std::size_t{1199}}) {
        for (std::size_t o = 0; o < 16; ++o) {
            double want = p.bias[o];
            for (std::size_t kk = 0; kk < 3; ++kk) {
                const std::size_t back = (2 - kk) * 512;
                if (t < back) continue;
                for (std::size_t i = 0; i < 16; ++i) want += static_cast<double>(p.at(o, i, kk)) * xs[t - back][i];
            }
            BOOST_TEST(std::abs(ys[t][o] - want) <= 4e-5, "frame " << t << " output " << o);
            BOOST_TEST(std::abs(window_ys[t][o] - want) <= 4e-5, "frame " << t << " output " << o);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
