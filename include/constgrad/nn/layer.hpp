// The Layer concept: everything nn::network relies on in a layer, one requirement at a time.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>

#include "init.hpp"
#include "rng.hpp"

namespace constgrad::nn {

/// Training or inference behaviour of layers that differ between the two (batch norm: batch
/// statistics and running-statistics update in train, running statistics in eval).
enum class mode : unsigned char { train, eval };

/// The buffers (or state) of a layer that has none: an empty aggregate.
struct no_buffers {
    friend constexpr bool operator==(const no_buffers&, const no_buffers&) = default;
};

/// A layer's non-trainable buffers: `L::buffers<T>` when the layer declares one (batch norm's
/// running statistics), else nn::no_buffers. Optimizers, l2 and zip never see them.
template <class L, class T>
struct layer_buffers {
    using type = no_buffers;
};
template <class L, class T>
    requires requires { typename L::template buffers<T>; }
struct layer_buffers<L, T> {
    using type = typename L::template buffers<T>;
};
template <class L, class T>
using layer_buffers_t = typename layer_buffers<L, T>::type;

/// True when L keeps buffers (a buffers<T> other than nn::no_buffers): such a layer is run
/// by nn::network through its whole-batch functions (see nn::Layer).
template <class L>
inline constexpr bool layer_has_buffers = !std::is_same_v<layer_buffers_t<L, double>, no_buffers>;

/// The fewest samples a train-mode batch through L may hold: L::min_train_batch when declared
/// (batch norm: 2, one sample has no variance), else 1.
template <class L>
inline constexpr std::size_t layer_min_train_batch = [] {
    if constexpr (requires { L::min_train_batch; })
        return static_cast<std::size_t>(L::min_train_batch);
    else
        return std::size_t{1};
}();

/// What a layer's forward_recording saves for its backward: `L::cache<T>` when the layer
/// declares one, else `std::array<T, L::outputs>` (nn::dense keeps act'(W x + b) there).
template <class L, class T>
struct layer_cache {
    using type = std::array<T, L::outputs>;
};
template <class L, class T>
    requires requires { typename L::template cache<T>; }
struct layer_cache<L, T> {
    using type = typename L::template cache<T>;
};
template <class L, class T>
using layer_cache_t = typename layer_cache<L, T>::type;

}  // namespace constgrad::nn

namespace constgrad::detail {

// The requirements of the Layer concept, each a concept of its own so that network's check
// can name the first one a type misses. Checked at T = double: the contract is a set of
// templates over T, and instantiating it for one scalar type costs one set of declarations.

// A callable that accepts any scalars: zip's requirement is that it calls f on them.
struct nn_layer_zip_probe {
    template <class... A>
    constexpr void operator()(A&...) const noexcept {}
};

template <class L>
concept nn_layer_widths = requires {
    { L::inputs } -> std::convertible_to<std::size_t>;
    { L::outputs } -> std::convertible_to<std::size_t>;
} && (L::inputs > 0) && (L::outputs > 0);

template <class L>
concept nn_layer_parameters = nn_layer_widths<L> && requires {
    typename L::template parameters<double>;
    { L::template parameters<double>::size } -> std::convertible_to<std::size_t>;
};

template <class L>
concept nn_layer_zip = nn_layer_parameters<L> &&
    requires(typename L::template parameters<double>& a,
             const typename L::template parameters<double>& b, nn_layer_zip_probe& f) {
        L::template parameters<double>::zip(f, a, b);
    };

template <class L>
concept nn_layer_init = nn_layer_parameters<L> &&
    requires(nn::rng& r, const nn::glorot_uniform& scheme, typename L::template parameters<double>& p) {
        L::template init<double>(r, scheme, p);
    };

template <class L>
concept nn_layer_forward = nn_layer_parameters<L> &&
    requires(const typename L::template parameters<double>& p,
             const std::array<double, L::inputs>& x, std::array<double, L::outputs>& y) {
        L::forward(p, x, y);
    };

template <class L>
concept nn_layer_forward_recording = nn_layer_parameters<L> &&
    requires(const typename L::template parameters<double>& p,
             const std::array<double, L::inputs>& x, std::array<double, L::outputs>& y,
             nn::layer_cache_t<L, double>& c) {
        L::forward_recording(p, x, y, c);
    };

template <class L>
concept nn_layer_backward = nn_layer_parameters<L> &&
    requires(const typename L::template parameters<double>& p,
             const std::array<double, L::inputs>& x, const nn::layer_cache_t<L, double>& c,
             std::array<double, L::outputs>& dy, typename L::template parameters<double>& g,
             std::array<double, L::inputs>& dx) {
        L::template backward<true>(p, x, c, dy, g, dx);
        L::template backward<false>(p, x, c, dy, g, dx);
    };

// A layer with buffers (batch norm): its training gradient need not be a sum of per-sample
// gradients, so network hands it the whole batch (sample-major spans) in forward_batch and
// backward_batch, with a caller-placed workspace<T, MaxBatch> for what the reverse pass needs;
// `forward(p, b, x, y)` is one sample in eval mode.
template <class L>
concept nn_layer_buffered = nn_layer_parameters<L> &&
    requires(nn::rng& r, const nn::glorot_uniform& scheme, typename L::template parameters<double>& p,
             nn::layer_buffers_t<L, double>& b, const std::array<double, L::inputs>& x,
             std::array<double, L::outputs>& y, typename L::template workspace<double, 1>& ws,
             std::span<const std::array<double, L::inputs>> xs, std::span<std::array<double, L::outputs>> ys,
             std::span<std::array<double, L::inputs>> dxs, nn::mode m) {
        L::template init<double>(r, scheme, p, b);
        L::forward(std::as_const(p), std::as_const(b), x, y);
        L::forward_batch(std::as_const(p), b, xs, ys, ws, m);
        L::template backward_batch<true>(std::as_const(p), std::as_const(b), xs, std::as_const(ws), ys, p, dxs);
        L::template backward_batch<false>(std::as_const(p), std::as_const(b), xs, std::as_const(ws), ys, p, dxs);
    };

// The optional parts: a fused descend, and the batched (feature-major) sweeps.
template <class L, class T>
concept nn_layer_has_backward_descend =
    requires(typename L::template parameters<T>& p, const std::array<T, L::inputs>& x,
             const nn::layer_cache_t<L, T>& c, std::array<T, L::outputs>& dy, T rate,
             std::array<T, L::inputs>& dx) {
        L::template backward_descend<true>(p, x, c, dy, rate, dx);
        L::template backward_descend<false>(p, x, c, dy, rate, dx);
    };

template <class T, std::size_t Width, std::size_t N>
using nn_layer_columns = std::array<std::array<T, N>, Width>;

// The cache of N samples in the batched sweeps: what the layer's forward_columns records
// (`L::column_cache<T, N>` if declared, else feature-major act' as nn::dense keeps).
template <class L, class T, std::size_t N>
struct nn_layer_column_cache {
    using type = nn_layer_columns<T, L::outputs, N>;
};
template <class L, class T, std::size_t N>
    requires requires { typename L::template column_cache<T, N>; }
struct nn_layer_column_cache<L, T, N> {
    using type = typename L::template column_cache<T, N>;
};

template <class L, class T, std::size_t N>
concept nn_layer_has_columns =
    requires(const typename L::template parameters<T>& p, const nn_layer_columns<T, L::inputs, N>& x,
             nn_layer_columns<T, L::outputs, N>& y, typename nn_layer_column_cache<L, T, N>::type& c,
             nn_layer_columns<T, L::outputs, N>& dy, typename L::template parameters<T>& g,
             nn_layer_columns<T, L::inputs, N>* dx) {
        L::template forward_columns<true>(p, x, y, c);
        L::template forward_columns<false>(p, x, y, c);
        L::template backward_columns<true>(p, x, c, dy, g, dx);
        L::template backward_columns<false>(p, x, c, dy, g, dx);
    };

// A layer that carries state from one call to the next (a sequence layer: GRU/LSTM's h and c,
// a causal convolution's history): `L::state<T>` other than nn::no_buffers. nn::network runs
// each call from nothing, so it refuses such a layer; nn::sequence_network carries the state.
template <class L>
concept nn_layer_carries_state = requires { typename L::template state<double>; } &&
                                 !std::is_same_v<typename L::template state<double>, nn::no_buffers>;

// The members of a graph block (chain, residual, parallel) keep no buffers: a batch norm inside
// a block would need the whole batch at that point of the per-sample sweeps, which the blocks
// do not carry yet. One message, at the block's declaration.
template <class... Ls>
constexpr bool nn_check_block_without_buffers() noexcept {
    constexpr bool none = !(nn::layer_has_buffers<Ls> || ...);
    static_assert(none,
                  "constgrad::nn::chain / residual / parallel: a layer with buffers (batch norm) "
                  "cannot be inside a block yet: put it directly in nn::network");
    return none;
}

// The first requirement L misses, as one static_assert naming it; true when L is a layer.
// Each branch is instantiated only when every earlier requirement holds: one message.
template <class L>
constexpr bool nn_check_layer() noexcept {
    if constexpr (!nn_layer_widths<L>) {
        static_assert(nn_layer_widths<L>,
                      "constgrad::nn::Layer: a layer needs positive static constexpr std::size_t "
                      "'inputs' and 'outputs'");
        return false;
    } else if constexpr (!nn_layer_parameters<L>) {
        static_assert(nn_layer_parameters<L>,
                      "constgrad::nn::Layer: a layer needs 'template <class T> using parameters' "
                      "with a static constexpr std::size_t 'size'");
        return false;
    } else if constexpr (!nn_layer_zip<L>) {
        static_assert(nn_layer_zip<L>,
                      "constgrad::nn::Layer: a layer's parameters<T> need a static "
                      "'zip(f, first, rest...)' calling f on every scalar in layout order");
        return false;
    } else if constexpr (nn_layer_carries_state<L>) {
        static_assert(!nn_layer_carries_state<L>,
                      "constgrad::nn::Layer: this layer carries state between calls (a recurrent "
                      "layer's h and c, a convolution's history), which nn::network does not keep: "
                      "use nn::sequence_network");
        return false;
    } else if constexpr (nn::layer_has_buffers<L>) {
        static_assert(nn_layer_buffered<L>,
                      "constgrad::nn::Layer: a layer with buffers<T> needs static 'init<T>(rng&, "
                      "const Init&, parameters<T>&, buffers<T>&)', 'forward(p, b, x, y)', "
                      "'workspace<T, MaxBatch>', 'forward_batch(p, b, xs, ys, workspace&, mode)' "
                      "and 'backward_batch<NeedInput>(p, b, xs, workspace, dys, g, dxs)'");
        return nn_layer_buffered<L>;
    } else if constexpr (!nn_layer_init<L>) {
        static_assert(nn_layer_init<L>,
                      "constgrad::nn::Layer: a layer needs a static 'init<T>(rng&, const Init&, "
                      "parameters<T>&)'");
        return false;
    } else if constexpr (!nn_layer_forward<L>) {
        static_assert(nn_layer_forward<L>,
                      "constgrad::nn::Layer: a layer needs a static 'forward(const parameters<T>&, "
                      "const std::array<T, inputs>&, std::array<T, outputs>&)'");
        return false;
    } else if constexpr (!nn_layer_forward_recording<L>) {
        static_assert(nn_layer_forward_recording<L>,
                      "constgrad::nn::Layer: a layer needs a static 'forward_recording(const "
                      "parameters<T>&, const std::array<T, inputs>&, std::array<T, outputs>&, "
                      "cache<T>&)'");
        return false;
    } else if constexpr (!nn_layer_backward<L>) {
        static_assert(nn_layer_backward<L>,
                      "constgrad::nn::Layer: a layer needs a static 'backward<NeedInput>(const "
                      "parameters<T>&, const std::array<T, inputs>&, const cache<T>&, "
                      "std::array<T, outputs>& dy, parameters<T>& g, std::array<T, inputs>& dx)'");
        return false;
    } else {
        return true;
    }
}

}  // namespace constgrad::detail

namespace constgrad::nn {

/// Satisfied by layer types such as nn::dense<In, Out, Act>, nn::neuron<In, Act>,
/// nn::residual<Ls...> and nn::parallel<Join, Ls...>: everything nn::network relies on.
///
/// - `static constexpr std::size_t inputs, outputs` (positive);
/// - `template <class T> using parameters` with `static constexpr std::size_t size` and
///   `static zip(f, first, rest...)` calling f(first.x, rest.x...) on every scalar in order;
/// - `template <class T> using cache` (optional, default `std::array<T, outputs>`);
/// - `init<T>(rng&, const Init&, parameters<T>&)`;
/// - `forward(p, x, y)`, `forward_recording(p, x, y, cache)`;
/// - `backward<NeedInput>(p, x, cache, dy, g, dx)`: dLoss/dparameters added to g, dLoss/dx
///   written to dx when NeedInput (dy may be overwritten).
///
/// A layer with non-trainable buffers (`template <class T> using buffers`, e.g. batch norm's
/// running statistics; nn::layer_has_buffers) replaces init, forward, forward_recording and
/// backward by whole-batch functions, because its training gradient is not a sum of per-sample
/// gradients: `init<T>(rng&, const Init&, parameters<T>&, buffers<T>&)`; `forward(p, b, x, y)`
/// (one sample, eval mode); `template <class T, std::size_t MaxBatch> using workspace`;
/// `forward_batch(p, b&, xs, ys, workspace&, mode)` over spans of samples (mode::train uses and
/// updates the batch statistics); `backward_batch<NeedInput>(p, b, xs, workspace, dys, g, dxs)`.
///
/// A layer that carries state between calls (`template <class T> using state` other than
/// nn::no_buffers: a sequence layer's h and c or history) is not a Layer: nn::sequence_network
/// runs those.
///
/// Optional, used when present: `backward_descend<NeedInput>(p, x, cache, dy, rate, dx)`
/// (else backward into a zeroed gradient and a step) and `forward_columns<Record>` /
/// `backward_columns<NeedInput>` over blocks of samples (else one sample at a time).
template <class L>
concept Layer = detail::nn_layer_widths<L> && detail::nn_layer_parameters<L> && detail::nn_layer_zip<L> &&
                !detail::nn_layer_carries_state<L> &&
                ((!layer_has_buffers<L> && detail::nn_layer_init<L> && detail::nn_layer_forward<L> &&
                  detail::nn_layer_forward_recording<L> && detail::nn_layer_backward<L>) ||
                 (layer_has_buffers<L> && detail::nn_layer_buffered<L>));

}  // namespace constgrad::nn
