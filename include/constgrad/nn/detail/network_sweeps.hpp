// The sweeps of a chain of layers (forward, recording forward, backward, fused descend) and the
// per-layer calls behind them, with the fallbacks for a layer's optional parts.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "pack.hpp"
#include "../layer.hpp"
#include "../parameters.hpp"

namespace constgrad::detail {

// ---- one layer ----

// The reverse sweep of one layer fused with p -= rate * dLoss/dp: the layer's own
// backward_descend when it has one; else backward into a zeroed gradient of the layer's
// parameters (on the stack: one layer's parameters) and a step.
template <bool NeedInput, class L, class T>
constexpr void nn_layer_descend(typename L::template parameters<T>& p, const std::array<T, L::inputs>& x,
                             const nn::layer_cache_t<L, T>& c, std::array<T, L::outputs>& dy, T rate,
                             std::array<T, L::inputs>& dx) noexcept {
    if constexpr (nn_layer_has_backward_descend<L, T>) {
        L::template backward_descend<NeedInput>(p, x, c, dy, rate, dx);
    } else {
        using P = typename L::template parameters<T>;
        P g{};
        L::template backward<NeedInput>(p, x, c, dy, g, dx);
        auto step = [rate](T& w, const T& d) { w -= rate * d; };
        P::zip(step, p, g);  // the contract's zip takes f by lvalue reference
    }
}

// The cache of N samples in the batched sweeps: the layer's column cache when it has batched
// sweeps, else one per-sample cache per column.
template <class L, class T, std::size_t N>
struct nn_layer_block_cache {
    using type = std::array<nn::layer_cache_t<L, T>, N>;
};
template <class L, class T, std::size_t N>
    requires nn_layer_has_columns<L, T, N>
struct nn_layer_block_cache<L, T, N> {
    using type = typename nn_layer_column_cache<L, T, N>::type;
};
template <class L, class T, std::size_t N>
using nn_layer_block_cache_t = typename nn_layer_block_cache<L, T, N>::type;

// forward_columns of N feature-major samples; without the layer's own, one sample at a time.
template <bool Record, class L, class T, std::size_t N>
void nn_layer_forward_columns(const typename L::template parameters<T>& p,
                           const nn_layer_columns<T, L::inputs, N>& x,
                           nn_layer_columns<T, L::outputs, N>& y,
                           nn_layer_block_cache_t<L, T, N>& c) noexcept {
    if constexpr (nn_layer_has_columns<L, T, N>) {
        L::template forward_columns<Record>(p, x, y, c);
    } else {
        for (std::size_t n = 0; n < N; ++n) {
            std::array<T, L::inputs> xn;
            std::array<T, L::outputs> yn;
            for (std::size_t i = 0; i < L::inputs; ++i) xn[i] = x[i][n];
            if constexpr (Record)
                L::forward_recording(p, xn, yn, c[n]);
            else
                L::forward(p, xn, yn);
            for (std::size_t o = 0; o < L::outputs; ++o) y[o][n] = yn[o];
        }
    }
}

// The outputs of N samples, nothing recorded. A layer whose column cache is its output's shape
// (nn::dense) is handed y as the unused cache, as before the contract was generalised, so that
// forward_batch keeps no second block on the stack.
template <class L, class T, std::size_t N>
void nn_layer_forward_columns_plain(const typename L::template parameters<T>& p,
                                 const nn_layer_columns<T, L::inputs, N>& x,
                                 nn_layer_columns<T, L::outputs, N>& y) noexcept {
    if constexpr (nn_layer_has_columns<L, T, N> &&
                  std::is_same_v<nn_layer_block_cache_t<L, T, N>, nn_layer_columns<T, L::outputs, N>>) {
        L::template forward_columns<false>(p, x, y, y);
    } else if constexpr (nn_layer_has_columns<L, T, N>) {
        nn_layer_block_cache_t<L, T, N> unused;
        L::template forward_columns<false>(p, x, y, unused);
    } else {
        for (std::size_t n = 0; n < N; ++n) {
            std::array<T, L::inputs> xn;
            std::array<T, L::outputs> yn;
            for (std::size_t i = 0; i < L::inputs; ++i) xn[i] = x[i][n];
            L::forward(p, xn, yn);
            for (std::size_t o = 0; o < L::outputs; ++o) y[o][n] = yn[o];
        }
    }
}

// backward_columns of N samples (dy may be overwritten; the gradient summed over the samples
// added to g; dx written when NeedInput); without the layer's own, one sample at a time.
template <bool NeedInput, class L, class T, std::size_t N>
void nn_layer_backward_columns(const typename L::template parameters<T>& p,
                            const nn_layer_columns<T, L::inputs, N>& x,
                            const nn_layer_block_cache_t<L, T, N>& c,
                            nn_layer_columns<T, L::outputs, N>& dy,
                            typename L::template parameters<T>& g,
                            nn_layer_columns<T, L::inputs, N>* dx) noexcept {
    if constexpr (nn_layer_has_columns<L, T, N>) {
        L::template backward_columns<NeedInput>(p, x, c, dy, g, dx);
    } else {
        for (std::size_t n = 0; n < N; ++n) {
            std::array<T, L::inputs> xn;
            std::array<T, L::outputs> dyn;
            std::array<T, L::inputs> dxn;
            for (std::size_t i = 0; i < L::inputs; ++i) xn[i] = x[i][n];
            for (std::size_t o = 0; o < L::outputs; ++o) dyn[o] = dy[o][n];
            L::template backward<NeedInput>(p, xn, c[n], dyn, g, dxn);
            if constexpr (NeedInput)
                for (std::size_t i = 0; i < L::inputs; ++i) (*dx)[i][n] = dxn[i];
        }
    }
}

// ---- whole batches, sample-major: networks with a layer that keeps buffers (batch norm) ----

// What the reverse pass of a whole batch of up to N samples needs from layer L: the layer's
// workspace<T, N> when it keeps buffers, else one per-sample cache per sample.
template <class L, class T, std::size_t N>
struct nn_whole_batch_cache {
    using type = std::array<nn::layer_cache_t<L, T>, N>;
};
template <class L, class T, std::size_t N>
    requires nn::layer_has_buffers<L>
struct nn_whole_batch_cache<L, T, N> {
    using type = typename L::template workspace<T, N>;
};

template <class T, std::size_t Width, std::size_t N>
using nn_samples = std::array<std::array<T, Width>, N>;

// A network's scratch for the whole-batch gradient of up to MaxBatch samples: the inputs, each
// layer's outputs, caches and adjoints (dLoss/d output).
template <class T, std::size_t MaxBatch, class... Ls>
struct nn_whole_batch_workspace {
    static constexpr std::size_t max_batch = MaxBatch;
    nn_samples<T, std::tuple_element_t<0, std::tuple<Ls...>>::inputs, MaxBatch> x;
    nn_pack_of<nn_samples<T, Ls::outputs, MaxBatch>...> ys;
    nn_pack_of<typename nn_whole_batch_cache<Ls, T, MaxBatch>::type...> caches;
    nn_pack_of<nn_samples<T, Ls::outputs, MaxBatch>...> adjoints;
};

template <class W, class T, class... Ls>
inline constexpr bool nn_is_whole_batch_workspace_of = false;
template <class T, std::size_t N, class... Ls>
inline constexpr bool nn_is_whole_batch_workspace_of<nn_whole_batch_workspace<T, N, Ls...>, T, Ls...> = true;

// The first n samples of layer L's batch through it: forward_batch for a layer with buffers,
// else forward_recording sample by sample.
template <class L, class T, std::size_t N>
constexpr void nn_layer_forward_whole(const typename L::template parameters<T>& p, nn::layer_buffers_t<L, T>& b,
                                      const nn_samples<T, L::inputs, N>& x, nn_samples<T, L::outputs, N>& y,
                                      typename nn_whole_batch_cache<L, T, N>::type& c, std::size_t n,
                                      nn::mode m) noexcept {
    if constexpr (nn::layer_has_buffers<L>) {
        L::forward_batch(p, b, std::span<const std::array<T, L::inputs>>(x.data(), n),
                         std::span<std::array<T, L::outputs>>(y.data(), n), c, m);
    } else {
        for (std::size_t j = 0; j < n; ++j) L::forward_recording(p, x[j], y[j], c[j]);
    }
}

// The reverse pass of the last nn_layer_forward_whole: dy in (may be overwritten), the
// gradient summed over the n samples added to g, dLoss/dx to *dx when NeedInput.
template <bool NeedInput, class L, class T, std::size_t N>
constexpr void nn_layer_backward_whole(const typename L::template parameters<T>& p,
                                       const nn::layer_buffers_t<L, T>& b, const nn_samples<T, L::inputs, N>& x,
                                       const typename nn_whole_batch_cache<L, T, N>::type& c,
                                       nn_samples<T, L::outputs, N>& dy, std::size_t n,
                                       typename L::template parameters<T>& g,
                                       nn_samples<T, L::inputs, N>* dx) noexcept {
    if constexpr (nn::layer_has_buffers<L>) {
        std::span<std::array<T, L::inputs>> dxs;
        if constexpr (NeedInput) dxs = std::span<std::array<T, L::inputs>>(dx->data(), n);
        L::template backward_batch<NeedInput>(p, b, std::span<const std::array<T, L::inputs>>(x.data(), n), c,
                                              std::span<std::array<T, L::outputs>>(dy.data(), n), g, dxs);
    } else {
        std::array<T, L::inputs> unused;
        for (std::size_t j = 0; j < n; ++j) {
            if constexpr (NeedInput)
                L::template backward<true>(p, x[j], c[j], dy[j], g, (*dx)[j]);
            else
                L::template backward<false>(p, x[j], c[j], dy[j], g, unused);
        }
    }
}

// ---- a chain of layers, L_n(...L_1(x)): what nn::network and nn::chain run ----

template <class... Ls>
struct nn_chain_sweeps {
    using list = std::tuple<Ls...>;
    template <std::size_t K>
    using layer = std::tuple_element_t<K, list>;
    static constexpr std::size_t count = sizeof...(Ls);
    static constexpr std::size_t inputs = layer<0>::inputs;
    static constexpr std::size_t outputs = layer<count - 1>::outputs;

    template <class T>
    using parameters = nn::network_parameters<T, Ls...>;
    template <class T>
    using input = std::array<T, inputs>;
    template <class T>
    using output = std::array<T, outputs>;
    // Every layer's output, and every layer's cache.
    template <class T>
    using trace = nn_pack_of<std::array<T, Ls::outputs>...>;
    template <class T>
    using caches = nn_pack_of<nn::layer_cache_t<Ls, T>...>;

    template <std::size_t K, class X, class Y>
    static constexpr const auto& input_of(const X& x, const Y& ys) noexcept {
        if constexpr (K == 0)
            return x;
        else
            return nn_get<K - 1>(ys);
    }

    template <class T>
    static constexpr void forward(const parameters<T>& p, const input<T>& x, trace<T>& ys) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (layer<K>::forward(p.template layer<K>(), input_of<K>(x, ys), nn_get<K>(ys)), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const input<T>& x, trace<T>& ys,
                                            caches<T>& cs) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (layer<K>::forward_recording(p.template layer<K>(), input_of<K>(x, ys), nn_get<K>(ys),
                                         nn_get<K>(cs)),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    // The reverse sweep from layer K down: dy = dLoss/d(output of K) in (overwritten), the
    // gradient added to g, dLoss/dx written to dx when NeedInput.
    template <std::size_t K, bool NeedInput, class T>
    static constexpr void backward_from(const parameters<T>& p, const input<T>& x, const trace<T>& ys,
                                        const caches<T>& cs, std::array<T, layer<K>::outputs>& dy,
                                        parameters<T>& g, input<T>& dx) noexcept {
        using L = layer<K>;
        if constexpr (K == 0) {
            L::template backward<NeedInput>(p.template layer<0>(), x, nn_get<0>(cs), dy,
                                            g.template layer<0>(), dx);
        } else {
            std::array<T, L::inputs> da;  // the layer's backward writes all of it
            L::template backward<true>(p.template layer<K>(), nn_get<K - 1>(ys), nn_get<K>(cs), dy,
                                       g.template layer<K>(), da);
            backward_from<K - 1, NeedInput>(p, x, ys, cs, da, g, dx);
        }
    }

    // The reverse sweep fused with p -= rate * gradient, layer by layer from K down; each
    // layer's input gradient is taken before its own weights move.
    template <std::size_t K, bool NeedInput, class T>
    static constexpr void descend_from(parameters<T>& p, const input<T>& x, const trace<T>& ys,
                                       const caches<T>& cs, std::array<T, layer<K>::outputs>& dy,
                                       T rate, input<T>& dx) noexcept {
        using L = layer<K>;
        if constexpr (K == 0) {
            nn_layer_descend<NeedInput, L>(p.template layer<0>(), x, nn_get<0>(cs), dy, rate, dx);
        } else {
            std::array<T, L::inputs> da;  // the layer's backward writes all of it
            nn_layer_descend<true, L>(p.template layer<K>(), nn_get<K - 1>(ys), nn_get<K>(cs), dy, rate,
                                   da);
            descend_from<K - 1, NeedInput>(p, x, ys, cs, da, rate, dx);
        }
    }
};

}  // namespace constgrad::detail
