// The Layer concept: everything nn::network relies on in a layer, one requirement at a time.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>

#include "init.hpp"
#include "rng.hpp"

namespace constgrad::nn {

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
/// Optional, used when present: `backward_descend<NeedInput>(p, x, cache, dy, rate, dx)`
/// (else backward into a zeroed gradient and a step) and `forward_columns<Record>` /
/// `backward_columns<NeedInput>` over blocks of samples (else one sample at a time).
template <class L>
concept Layer = detail::nn_layer_widths<L> && detail::nn_layer_parameters<L> && detail::nn_layer_zip<L> &&
                detail::nn_layer_init<L> && detail::nn_layer_forward<L> &&
                detail::nn_layer_forward_recording<L> && detail::nn_layer_backward<L>;

}  // namespace constgrad::nn
