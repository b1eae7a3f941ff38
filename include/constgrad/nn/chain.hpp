// nn::chain<Layers...>: layers applied in order, L_n(...L_1(x)), as one layer.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "detail/pack.hpp"
#include "detail/network_sweeps.hpp"
#include "layer.hpp"
#include "parameters.hpp"
#include "rng.hpp"

namespace constgrad::detail {

// What a chain records: every layer's output and every layer's cache.
template <class Trace, class Caches>
struct nn_chain_cache {
    Trace ys;
    Caches cs;
};

// Every layer meets nn::Layer (one message per missing requirement) and each layer's input
// width equals the previous layer's output width.
template <class... Ls>
constexpr bool nn_chain_ok() noexcept {
    if constexpr (sizeof...(Ls) == 0) {
        static_assert(sizeof...(Ls) > 0,
                      "constgrad::nn::chain<Layers...>: a chain needs at least one layer");
        return false;
    } else if constexpr (!(nn_check_layer<Ls>() && ...) || !nn_check_block_without_buffers<Ls...>()) {
        return false;
    } else {
        constexpr bool linked = [] {
            constexpr std::array<std::size_t, sizeof...(Ls)> in{Ls::inputs...};
            constexpr std::array<std::size_t, sizeof...(Ls)> out{Ls::outputs...};
            for (std::size_t k = 1; k < sizeof...(Ls); ++k)
                if (in[k] != out[k - 1]) return false;
            return true;
        }();
        static_assert(linked,
                      "constgrad::nn::chain<Layers...>: a layer's input width must equal the "
                      "previous layer's output width");
        return linked;
    }
}

}  // namespace constgrad::detail

namespace constgrad::nn {

/// The layers Ls... applied in order, as one layer (nn::Layer): a branch of nn::parallel or
/// the body of nn::residual may be several layers. Its parameters are the layers' parameters
/// in order (nn::network_parameters<T, Ls...>, so `p.layer<K>()` reaches layer K); it records
/// every layer's output and cache. Without batched sweeps of its own: inside a network's batch
/// gradient it runs one sample at a time.
///
///     using block = constgrad::nn::chain<nn::dense<8, 16, nn::relu>, nn::dense<16, 8>>;
template <class... Ls>
struct chain {
    static_assert(detail::nn_chain_ok<Ls...>());

private:
    using sweeps = detail::nn_chain_sweeps<Ls...>;
    static constexpr std::size_t last = sizeof...(Ls) - 1;

public:
    static constexpr std::size_t inputs = sweeps::inputs;
    static constexpr std::size_t outputs = sweeps::outputs;
    template <class T>
    using parameters = network_parameters<T, Ls...>;
    template <class T>
    using cache = detail::nn_chain_cache<typename sweeps::template trace<T>,
                                         typename sweeps::template caches<T>>;

    /// Each layer's init in order, from the same generator.
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (sweeps::template layer<K>::template init<T>(r, scheme, p.template layer<K>()), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, inputs>& x,
                                  std::array<T, outputs>& y) noexcept {
        typename sweeps::template trace<T> ys;  // written layer by layer before it is read
        sweeps::forward(p, x, ys);
        y = detail::nn_get<last>(ys);
    }

    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, inputs>& x,
                                            std::array<T, outputs>& y, cache<T>& c) noexcept {
        sweeps::forward_recording(p, x, c.ys, c.cs);
        y = detail::nn_get<last>(c.ys);
    }

    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, inputs>& x,
                                   const cache<T>& c, std::array<T, outputs>& dy, parameters<T>& g,
                                   std::array<T, inputs>& dx) noexcept {
        sweeps::template backward_from<last, NeedInput>(p, x, c.ys, c.cs, dy, g, dx);
    }

    /// The layers' fused steps (or backward and a step, for a layer without one), from the last.
    template <bool NeedInput, class T>
    static constexpr void backward_descend(parameters<T>& p, const std::array<T, inputs>& x,
                                           const cache<T>& c, std::array<T, outputs>& dy, T rate,
                                           std::array<T, inputs>& dx) noexcept {
        sweeps::template descend_from<last, NeedInput>(p, x, c.ys, c.cs, dy, rate, dx);
    }
};

}  // namespace constgrad::nn
