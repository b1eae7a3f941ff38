// nn::sequence_inference<Net, T>: a sequence network's parameters laid out once for streaming.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../nn/activations.hpp"
#include "../nn/detail/pack.hpp"
#include "detail/cell.hpp"
#include "detail/prepared_cells.hpp"
#include "elu.hpp"

namespace constgrad::detail {

// A layer with the optional streaming hooks: `prepared<T>` (its weights in the layout its step
// runs fastest on), `prepare(p, q)` and `step_prepared(q, s, x, y)`. nn::gru, nn::lstm and
// nn::conv1d have them; any other layer is stepped on a copy of its parameters and buffers.
template <class L, class T>
concept prepared_sequence_layer = requires { typename L::template prepared<T>; };

template <class L, class T, bool = prepared_sequence_layer<L, T>>
struct sequence_prepared_layer {
    typename L::template parameters<T> p{};
    typename L::template buffers<T> b{};

    constexpr void assign(const typename L::template parameters<T>& parameters,
                          const typename L::template buffers<T>& buffers) noexcept {
        p = parameters;
        b = buffers;
    }
    constexpr void step(typename L::template state<T>& s, const std::array<T, L::inputs>& x,
                        std::array<T, L::outputs>& y) const noexcept {
        L::template step<T>(p, b, s, x, y);
    }
};

template <class L, class T>
struct sequence_prepared_layer<L, T, true> {
    typename L::template prepared<T> q{};

    constexpr void assign(const typename L::template parameters<T>& parameters,
                          const typename L::template buffers<T>&) noexcept {
        // prepare writes every weight and bias; the padding stays the zeros q started with (no
        // `q = {}`: a temporary as large as the weights on the stack).
        L::template prepare<T>(parameters, q);
    }
    constexpr void step(typename L::template state<T>& s, const std::array<T, L::inputs>& x,
                        std::array<T, L::outputs>& y) const noexcept {
        L::template step_prepared<T>(q, s, x, y);
    }
};

// A float tanh activation layer between prepared layers (a WaveNet-style stack: one after every
// convolution): tanh evaluated in float on packs (kernels::tanh_single, as the prepared
// recurrent cells), where the layer's own step maps kernels::tanh (evaluated in double) through
// the formula engine.
template <std::size_t C>
struct sequence_prepared_layer<nn::activation_layer<C, nn::tanh>, float, false> {
    using layer = nn::activation_layer<C, nn::tanh>;
    constexpr void assign(const nn::no_parameters&, const nn::no_buffers&) noexcept {}
    constexpr void step(nn::no_buffers& s, const std::array<float, C>& x,
                        std::array<float, C>& y) const noexcept {
        if (!std::is_constant_evaluated()) {
            cell_apply_rows<C>([](const auto& v) { return streaming_tanh(v[0]); },
                               std::array<const float*, 1>{x.data()}, y.data());
            return;
        }
        layer::template step<float>(nn::no_parameters{}, nn::no_buffers{}, s, x, y);
    }
};

// Net's layers, and where layer K's parameters, buffers and state are: a sequence_network's
// K-th, or a single sequence layer itself.
template <class Net>
struct sequence_layers {
    static constexpr std::size_t count = 1;
    template <std::size_t>
    using layer = Net;
    template <std::size_t, class X>
    static constexpr X& get(X& x) noexcept {
        return x;
    }
    template <std::size_t, class P>
    static constexpr const auto& parameters(const P& p) noexcept {
        return p;
    }
};

template <class Net>
    requires requires { Net::layer_count; }
struct sequence_layers<Net> {
    static constexpr std::size_t count = Net::layer_count;
    template <std::size_t K>
    using layer = typename Net::template layer_type<K>;
    template <std::size_t K, class X>
    static constexpr auto& get(X& x) noexcept {
        return detail::nn_get<K>(x);
    }
    template <std::size_t K, class P>
    static constexpr const auto& parameters(const P& p) noexcept {
        return p.template layer<K>();
    }
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// The parameters and buffers of a sequence network Net (nn::sequence_network or a single
/// sequence layer) in scalar type T, copied once into the layout its streaming step runs
/// fastest on: a GRU's or LSTM's two weight matrices by columns, padded to whole packs, both
/// products summed in one set of accumulators with no horizontal sum
/// (kernels/prepared_recurrent.hpp), the cell read straight from them; a conv1d's taps by
/// columns; float tanh activation layers on packs in float (kernels::tanh_single); other
/// layers (dense, other activations, batch norm) stepped as Net::step does on a copy of their
/// parameters. The parameters keep PyTorch's layout for training; this is a snapshot:
/// build it (or `assign`) after training, and again after the parameters change.
///
/// Streams carry the same state as Net::step (Net::state<T>), so a state can move between
/// the two. Outputs equal Net::step's within rounding (another summation order in the
/// products). noexcept, no allocation, no locks; constexpr (plain loops during constant
/// evaluation and for types other than float and double). Size about that of the
/// parameters, padded.
///
///     static const nn::sequence_inference<net, float> run{p, b};  // after training
///     nn::stream<net, float> s;
///     for (float& v : audio) v = s.step(run, {v})[0];
template <class Net, class T>
class sequence_inference {
    using layers = detail::sequence_layers<Net>;

    template <class Seq>
    struct slots_of;
    template <std::size_t... K>
    struct slots_of<std::index_sequence<K...>> {
        using type = std::tuple<detail::sequence_prepared_layer<typename layers::template layer<K>, T>...>;
    };

public:
    using network_type = Net;
    using scalar_type = T;
    using parameters = typename Net::template parameters<T>;
    using buffers = typename Net::template buffers<T>;
    using state_type = typename Net::template state<T>;
    using input_frame = std::array<T, Net::inputs>;
    using output_frame = std::array<T, Net::outputs>;

    /// All parameters zero.
    constexpr sequence_inference() noexcept = default;
    constexpr sequence_inference(const parameters& p, const buffers& b) noexcept { assign(p, b); }

    /// Copies p and b into the prepared layout.
    constexpr void assign(const parameters& p, const buffers& b) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (std::get<K>(slots_).assign(layers::template parameters<K>(p),
                                        layers::template get<K>(b)),
             ...);
        }(std::make_index_sequence<layers::count>{});
    }

    /// One frame in, one frame out; s advanced by one frame (as Net::step).
    constexpr void step(state_type& s, const input_frame& x, output_frame& y) const noexcept {
        step_from<0>(s, x, y);
    }

    /// out[t] = step(in[t]) for every frame of in (out.size() >= in.size()).
    constexpr void process(state_type& s, std::span<const input_frame> in,
                           std::span<output_frame> out) const noexcept {
        for (std::size_t t = 0; t < in.size(); ++t) step_from<0>(s, in[t], out[t]);
    }

private:
    typename slots_of<std::make_index_sequence<layers::count>>::type slots_{};

    template <std::size_t K>
    constexpr void step_from(state_type& s,
                             const std::array<T, layers::template layer<K>::inputs>& x,
                             output_frame& y) const noexcept {
        using L = typename layers::template layer<K>;
        if constexpr (K + 1 == layers::count) {
            std::get<K>(slots_).step(layers::template get<K>(s), x, y);
        } else {
            std::array<T, L::outputs> mid;
            std::get<K>(slots_).step(layers::template get<K>(s), x, mid);
            step_from<K + 1>(s, mid, y);
        }
    }
};

}  // namespace constgrad::nn
