// Shared checks of the frame-wise sequence-layer tests: a window of S sequences through a layer's
// contract functions, central differences for every parameter and input, streaming vs window.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/sequence/layer.hpp>

namespace layers_check {

namespace nn = constgrad::nn;

// Deterministic test values in [-0.5, 0.5], rounded to float first so that the float and the
// double runs of a check see exactly the same numbers.
inline double value(std::size_t k) {
    return static_cast<double>(static_cast<float>(0.5 * std::sin(1.7 * static_cast<double>(k) + 0.3)));
}
// The same kept 0.05 away from 0: inputs of layers with a kink at 0 (ELU, PReLU), so that no
// central difference straddles it.
inline double off_zero(std::size_t k) {
    const double v = value(k);
    return v >= 0 ? v + 0.05 : v - 0.05;
}

// Everything a window of S sequences of F frames needs, for layer L in scalar type T. The
// parameters, a warm-up window (so that states and buffers are not the zero ones: state carry
// and running statistics take part) and the window's inputs come from `inputs`/value; the loss
// is Σ weights ⊙ y, so dLoss/dy = weights.
template <class L, std::size_t S, std::size_t F, class T>
struct window {
    using parameters = typename L::template parameters<T>;
    using buffers = typename L::template buffers<T>;
    using state = typename L::template state<T>;
    using workspace = typename L::template workspace<T, S * F>;
    using in_frames = std::array<std::array<T, L::inputs>, S * F>;
    using out_frames = std::array<std::array<T, L::outputs>, S * F>;

    parameters p{};
    buffers b{};                    // before the window (after the warm-up)
    std::array<state, S> states{};  // before the window
    in_frames xs{};
    out_frames weights{};
    std::unique_ptr<workspace> ws = std::make_unique<workspace>();

    template <class Inputs>
    window(Inputs inputs, nn::mode m, std::size_t parameter_offset = 0) {
        std::size_t k = parameter_offset;
        auto set = [&](T& x) { x = static_cast<T>(value(k++)); };
        parameters::zip(set, p);
        in_frames warm{};
        for (std::size_t n = 0; n < S * F; ++n)
            for (std::size_t i = 0; i < L::inputs; ++i) {
                warm[n][i] = static_cast<T>(inputs(1000 + n * L::inputs + i));
                xs[n][i] = static_cast<T>(inputs(5000 + n * L::inputs + i));
            }
        for (std::size_t n = 0; n < S * F; ++n)
            for (std::size_t o = 0; o < L::outputs; ++o) weights[n][o] = static_cast<T>(2 * value(9000 + n * L::outputs + o));
        out_frames ys{};
        L::forward_window(p, b, std::span<state>(states), F, std::span<const std::array<T, L::inputs>>(warm),
                          std::span<std::array<T, L::outputs>>(ys), *ws, m);
    }

    // Σ weights ⊙ y of the window from the saved states and buffers (left untouched).
    double loss(const parameters& q, const in_frames& x, nn::mode m) const {
        buffers b2 = b;
        std::array<state, S> s2 = states;
        out_frames ys{};
        L::forward_window(q, b2, std::span<state>(s2), F, std::span<const std::array<T, L::inputs>>(x),
                          std::span<std::array<T, L::outputs>>(ys), *ws, m);
        double sum = 0;
        for (std::size_t n = 0; n < S * F; ++n)
            for (std::size_t o = 0; o < L::outputs; ++o) sum += static_cast<double>(weights[n][o]) * ys[n][o];
        return sum;
    }

    // The layer's own gradient: forward_window, then backward_window with dys = weights.
    void gradient(nn::mode m, parameters& g, in_frames& dxs) const {
        buffers b2 = b;
        std::array<state, S> s2 = states;
        out_frames ys{};
        L::forward_window(p, b2, std::span<state>(s2), F, std::span<const std::array<T, L::inputs>>(xs),
                          std::span<std::array<T, L::outputs>>(ys), *ws, m);
        out_frames dys = weights;
        g = parameters{};
        L::template backward_window<true>(p, b2, S, F, std::span<const std::array<T, L::inputs>>(xs), *ws,
                                          std::span<std::array<T, L::outputs>>(dys), g,
                                          std::span<std::array<T, L::inputs>>(dxs));
    }
};

// Every parameter and every input of the window: the layer's gradient in T against central
// differences of the loss in double (h = 1e-5). Error analysis of the reference: truncation
// h²/6·|f'''| ≲ 1e-10 for these O(1) smooth functions, rounding u·Σ|w y|/h ≈ 2e-16·50/1e-5 ≈
// 1e-9; so in double |a - n| <= 1e-6·|n| + 1e-8 checks the 1e-6 relative. Float: the
// gradient's own rounding, u_f·(sum length)·|terms| with sums over <= 24 frames and batch
// norm's cancellation N dy - Σ dy - x̂ Σ dy x̂, stays below 1e-4·|n| + 1e-5.
template <class L, std::size_t S, std::size_t F, class T, class Inputs>
void check_gradients(Inputs inputs, nn::mode m) {
    const window<L, S, F, T> w(inputs, m);
    const window<L, S, F, double> d(inputs, m);
    typename window<L, S, F, T>::parameters g;
    typename window<L, S, F, T>::in_frames dxs{};
    w.gradient(m, g, dxs);

    const double relative = std::is_same_v<T, double> ? 1e-6 : 1e-4;
    const double absolute = std::is_same_v<T, double> ? 1e-8 : 1e-5;
    constexpr double h = 1e-5;

    std::array<double, window<L, S, F, double>::parameters::size + 1> analytic{};
    std::size_t count = 0;
    auto collect = [&](const T& x) { analytic[count++] = static_cast<double>(x); };
    window<L, S, F, T>::parameters::zip(collect, g);
    for (std::size_t k = 0; k < count; ++k) {
        auto plus = d.p, minus = d.p;
        std::size_t j = 0;
        auto nudge_plus = [&](double& x) { x += (j++ == k) ? h : 0.0; };
        window<L, S, F, double>::parameters::zip(nudge_plus, plus);
        j = 0;
        auto nudge_minus = [&](double& x) { x -= (j++ == k) ? h : 0.0; };
        window<L, S, F, double>::parameters::zip(nudge_minus, minus);
        const double numeric = (d.loss(plus, d.xs, m) - d.loss(minus, d.xs, m)) / (2 * h);
        BOOST_TEST(std::abs(analytic[k] - numeric) <= relative * std::abs(numeric) + absolute,
                   "parameter " << k << ": layer " << analytic[k] << ", central difference " << numeric);
    }
    for (std::size_t n = 0; n < S * F; ++n)
        for (std::size_t i = 0; i < L::inputs; ++i) {
            auto plus = d.xs, minus = d.xs;
            plus[n][i] += h;
            minus[n][i] -= h;
            const double numeric = (d.loss(d.p, plus, m) - d.loss(d.p, minus, m)) / (2 * h);
            BOOST_TEST(std::abs(static_cast<double>(dxs[n][i]) - numeric) <= relative * std::abs(numeric) + absolute,
                       "input frame " << n << " channel " << i << ": layer " << dxs[n][i]
                                      << ", central difference " << numeric);
        }
}

// Streaming equals the window: S sequences through two consecutive windows of F frames
// (forward_window in mode `m`, state carried) against `step` frame by frame from the zero
// state. Both run the same kernels on the same numbers (the batch-norm window in eval mode
// normalises exactly as step does), so they agree to a few roundings: 8 u relative.
template <class L, std::size_t S, std::size_t F, class T, class Inputs>
void check_streaming(Inputs inputs, nn::mode m = nn::mode::eval) {
    using state = typename L::template state<T>;
    typename L::template parameters<T> p{};
    std::size_t k = 0;
    auto set = [&](T& x) { x = static_cast<T>(value(k++)); };
    L::template parameters<T>::zip(set, p);
    typename L::template buffers<T> b{};
    auto ws = std::make_unique<typename L::template workspace<T, S * F>>();
    std::array<state, S> states{};
    std::array<std::array<std::array<T, L::outputs>, S * F>, 2> ys{};
    std::array<std::array<std::array<T, L::inputs>, S * F>, 2> xs{};
    for (std::size_t window = 0; window < 2; ++window) {
        for (std::size_t n = 0; n < S * F; ++n)
            for (std::size_t i = 0; i < L::inputs; ++i)
                xs[window][n][i] = static_cast<T>(inputs(window * 100000 + n * L::inputs + i));
        L::forward_window(p, b, std::span<state>(states), F, std::span<const std::array<T, L::inputs>>(xs[window]),
                          std::span<std::array<T, L::outputs>>(ys[window]), *ws, m);
    }
    const double u = std::is_same_v<T, double> ? 0x1p-53 : 0x1p-24;
    for (std::size_t s = 0; s < S; ++s) {
        state st{};
        for (std::size_t window = 0; window < 2; ++window)
            for (std::size_t t = 0; t < F; ++t) {
                std::array<T, L::outputs> y{};
                L::step(p, b, st, xs[window][s * F + t], y);
                for (std::size_t o = 0; o < L::outputs; ++o) {
                    const double want = ys[window][s * F + t][o];
                    BOOST_TEST(std::abs(y[o] - want) <= 8 * u * (std::abs(want) + 1),
                               "sequence " << s << " window " << window << " frame " << t << " output " << o
                                           << ": step " << y[o] << ", window " << want);
                }
            }
    }
}

}  // namespace layers_check
