// Hand-written streaming loops of the four networks: plain arrays, std::tanh, std::exp, as a
// careful user writes them once (weights stored by columns so every product is a sum of scaled
// columns, which compilers vectorise without -ffast-math; LSTM biases pre-summed). Frozen: the
// baseline of issue 11's target, do not tune. Templated on the scalar: float is timed, double
// is the reference every engine is checked against.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <tuple>
#include <utility>

#include "sequences.hpp"

namespace constgrad_bench::seq::hand {

template <class T>
T logistic(T x) {
    return T(1) / (T(1) + std::exp(-x));
}

/// Reads one float at p as T, advancing p.
template <class T>
T take(const float*& p) {
    return static_cast<T>(*p++);
}

/// LSTM(In -> H), gates i, f, g, o.
template <class T, std::size_t In, std::size_t H>
struct lstm_layer {
    static constexpr std::size_t G = 4 * H;
    std::array<std::array<T, G>, In> wx;  // wx[i][g] = weight_ih[g][i]
    std::array<std::array<T, G>, H> wh;   // wh[j][g] = weight_hh[g][j]
    std::array<T, G> b;                   // bias_ih + bias_hh
    std::array<T, H> h{}, c{};

    void load(const float*& p) {
        for (std::size_t g = 0; g < G; ++g)
            for (std::size_t i = 0; i < In; ++i) wx[i][g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g)
            for (std::size_t j = 0; j < H; ++j) wh[j][g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g) b[g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g) b[g] += take<T>(p);
    }
    void reset() {
        h = {};
        c = {};
    }
    void step(const T* x) {
        std::array<T, G> z = b;
        for (std::size_t i = 0; i < In; ++i)
            for (std::size_t g = 0; g < G; ++g) z[g] += wx[i][g] * x[i];
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t g = 0; g < G; ++g) z[g] += wh[j][g] * h[j];
        for (std::size_t k = 0; k < H; ++k) {
            const T i = logistic(z[k]), f = logistic(z[H + k]), g = std::tanh(z[2 * H + k]),
                    o = logistic(z[3 * H + k]);
            c[k] = f * c[k] + i * g;
            h[k] = o * std::tanh(c[k]);
        }
    }
};

/// GRU(In -> H), gates r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
template <class T, std::size_t In, std::size_t H>
struct gru_layer {
    static constexpr std::size_t G = 3 * H;
    std::array<std::array<T, G>, In> wx;
    std::array<std::array<T, G>, H> wh;
    std::array<T, G> bx, bh;
    std::array<T, H> h{};

    void load(const float*& p) {
        for (std::size_t g = 0; g < G; ++g)
            for (std::size_t i = 0; i < In; ++i) wx[i][g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g)
            for (std::size_t j = 0; j < H; ++j) wh[j][g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g) bx[g] = take<T>(p);
        for (std::size_t g = 0; g < G; ++g) bh[g] = take<T>(p);
    }
    void reset() { h = {}; }
    void step(const T* x) {
        std::array<T, G> ax = bx, ah = bh;
        for (std::size_t i = 0; i < In; ++i)
            for (std::size_t g = 0; g < G; ++g) ax[g] += wx[i][g] * x[i];
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t g = 0; g < G; ++g) ah[g] += wh[j][g] * h[j];
        for (std::size_t k = 0; k < H; ++k) {
            const T r = logistic(ax[k] + ah[k]), z = logistic(ax[H + k] + ah[H + k]);
            const T n = std::tanh(ax[2 * H + k] + r * ah[2 * H + k]);
            h[k] = (T(1) - z) * n + z * h[k];
        }
    }
};

/// Dense H -> 1.
template <class T, std::size_t H>
struct dense_out {
    std::array<T, H> w;
    T b;
    void load(const float*& p) {
        for (auto& v : w) v = take<T>(p);
        b = take<T>(p);
    }
    T operator()(const std::array<T, H>& h) const {
        T y = b;
        for (std::size_t j = 0; j < H; ++j) y += w[j] * h[j];
        return y;
    }
};

/// Causal conv1d In -> Out, kernel K, dilation D: y_t = b + sum_k W[:, :, k] x_{t - (K-1-k) D}
/// (PyTorch's conv1d with (K-1) D zeros padded on the left). History: a ring of the last
/// (K-1) D + 1 input frames, its size rounded up to a power of two (index by mask).
template <class T, std::size_t In, std::size_t Out, std::size_t K, std::size_t D>
struct conv_layer {
    static constexpr std::size_t ring = std::bit_ceil((K - 1) * D + 1);
    std::array<std::array<std::array<T, Out>, In>, K> w;  // w[k][i][o] = weight[o][i][k]
    std::array<T, Out> b;
    std::array<std::array<T, In>, ring> history{};
    std::size_t pos = 0;

    void load(const float*& p) {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i)
                for (std::size_t k = 0; k < K; ++k) w[k][i][o] = take<T>(p);
        for (auto& v : b) v = take<T>(p);
    }
    void reset() {
        history = {};
        pos = 0;
    }
    void step(const T* x, T* y) {
        for (std::size_t i = 0; i < In; ++i) history[pos][i] = x[i];
        for (std::size_t o = 0; o < Out; ++o) y[o] = b[o];
        for (std::size_t k = 0; k < K; ++k) {
            const auto& xk = history[(pos + ring - (K - 1 - k) * D) & (ring - 1)];
            for (std::size_t i = 0; i < In; ++i)
                for (std::size_t o = 0; o < Out; ++o) y[o] += w[k][i][o] * xk[i];
        }
        pos = (pos + 1) & (ring - 1);
    }
};

template <class T, std::size_t N>
void tanh_in_place(std::array<T, N>& v) {
    for (auto& e : v) e = std::tanh(e);
}

// The four networks. Each: explicit net(const float* parameters); reset(); T step(T x).

template <class T>
struct lstm24 {
    lstm_layer<T, 1, 24> l;
    dense_out<T, 24> out;
    explicit lstm24(const float* p) {
        l.load(p);
        out.load(p);
    }
    void reset() { l.reset(); }
    T step(T x) {
        l.step(&x);
        return out(l.h);
    }
};

template <class T>
struct gru16 {
    gru_layer<T, 1, 16> l;
    dense_out<T, 16> out;
    explicit gru16(const float* p) {
        l.load(p);
        out.load(p);
    }
    void reset() { l.reset(); }
    T step(T x) {
        l.step(&x);
        return out(l.h);
    }
};

template <class T>
struct lstm2x8 {
    lstm_layer<T, 1, 8> l1;
    lstm_layer<T, 8, 8> l2;
    dense_out<T, 8> out;
    explicit lstm2x8(const float* p) {
        l1.load(p);
        l2.load(p);
        out.load(p);
    }
    void reset() {
        l1.reset();
        l2.reset();
    }
    T step(T x) {
        l1.step(&x);
        l2.step(l1.h.data());
        return out(l2.h);
    }
};

template <class T>
struct dilated {
    conv_layer<T, 1, 16, 3, 1> first;
    std::tuple<conv_layer<T, 16, 16, 3, 2>, conv_layer<T, 16, 16, 3, 4>,
               conv_layer<T, 16, 16, 3, 8>, conv_layer<T, 16, 16, 3, 16>,
               conv_layer<T, 16, 16, 3, 32>, conv_layer<T, 16, 16, 3, 64>,
               conv_layer<T, 16, 16, 3, 128>>
        hidden;
    static_assert(std::tuple_size_v<decltype(hidden)> == dilated_layers);
    conv_layer<T, 16, 1, 1, 1> last;
    explicit dilated(const float* p) {
        first.load(p);
        std::apply([&](auto&... l) { (l.load(p), ...); }, hidden);
        last.load(p);
    }
    void reset() {
        first.reset();
        std::apply([](auto&... l) { (l.reset(), ...); }, hidden);
        last.reset();
    }
    T step(T x) {
        std::array<T, 16> a, b;
        first.step(&x, a.data());
        tanh_in_place(a);
        std::apply(
            [&](auto&... l) { ((l.step(a.data(), b.data()), tanh_in_place(b), a = b), ...); },
            hidden);
        T y;
        last.step(a.data(), &y);
        return y;
    }
};

/// The engine adapter of the harness (sequences.hpp): net<float> stepped n times.
template <template <class> class Net>
class engine {
public:
    explicit engine(const float* p) : net_(p) {}
    void reset() noexcept { net_.reset(); }
    [[gnu::noinline]] void process(const float* x, float* y, std::size_t n) noexcept {
        for (std::size_t t = 0; t < n; ++t) y[t] = net_.step(x[t]);
    }

private:
    Net<float> net_;
};

}  // namespace constgrad_bench::seq::hand
