// nn::elu_layer<Channels> (and nn::activation_layer<Channels, Act>): an activation as a sequence layer.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "../nn/activation.hpp"
#include "../nn/activations.hpp"
#include "../nn/rng.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// The parameters of a layer that has none (an activation): no scalars.
struct no_parameters {
    static constexpr std::size_t size = 0;
    friend constexpr bool operator==(const no_parameters&, const no_parameters&) = default;
    template <class F, class First, class... Rest>
    static constexpr void zip(F&, First&, Rest&...) {}
};

/// What the reverse pass of an activation layer needs: act'(x) of every frame and channel.
template <class T, std::size_t Channels, std::size_t MaxFrames>
struct activation_layer_workspace {
    std::array<std::array<T, Channels>, MaxFrames> slope;
};

/// Any activation of nn/ (nn::elu, nn::tanh, ..., nn::activation<formula>) applied to every
/// channel of every frame: a sequence layer without parameters, buffers or state. The value
/// and derivative come from the activation's formula through the scalar engine (the same code
/// as nn::dense's activation), nothing written twice.
///
///     using layer = constgrad::nn::activation_layer<8, constgrad::nn::tanh>;
template <std::size_t Channels, class Act>
struct activation_layer {
    static_assert(Channels > 0 && Activation<Act>,
                  "constgrad::nn::activation_layer<Channels, Act>: Channels must be positive and "
                  "Act an activation (nn::elu, nn::tanh, ... or nn::activation<formula>)");

    static constexpr std::size_t inputs = Channels;
    static constexpr std::size_t outputs = Channels;
    using activation = Act;

    template <class T>
    using parameters = no_parameters;
    template <class T>
    using buffers = no_buffers;
    template <class T>
    using state = no_buffers;
    template <class T, std::size_t MaxFrames>
    using workspace = activation_layer_workspace<T, Channels, MaxFrames>;

    /// Nothing to initialise. (T cannot be deduced from no_parameters: it defaults, so that
    /// init(r, scheme, p, b) and init<T>(r, scheme, p, b) both work.)
    template <class T = float, class Init = int>
    static constexpr void init(rng&, const Init&, parameters<T>&, buffers<T>&) noexcept {}

    template <class T>
    static constexpr void step(const parameters<T>&, const buffers<T>&, state<T>&,
                               const std::array<T, Channels>& x, std::array<T, Channels>& y) noexcept {
        detail::nn_activation<Act>::map(x, y);
    }

    template <class T, std::size_t MaxFrames>
    static constexpr void forward_window(const parameters<T>&, buffers<T>&, std::span<state<T>> states,
                                         std::size_t frames, std::span<const std::array<T, Channels>> xs,
                                         std::span<std::array<T, Channels>> ys, workspace<T, MaxFrames>& ws,
                                         mode) noexcept {
        for (std::size_t f = 0; f < states.size() * frames; ++f)
            detail::nn_activation<Act>::map_recording(xs[f], ys[f], ws.slope[f]);
    }

    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_window(const parameters<T>&, const buffers<T>&, std::size_t sequences,
                                          std::size_t frames, std::span<const std::array<T, Channels>>,
                                          const workspace<T, MaxFrames>& ws,
                                          std::span<std::array<T, Channels>> dys, parameters<T>&,
                                          std::span<std::array<T, Channels>> dxs) noexcept {
        if constexpr (NeedInput)
            for (std::size_t f = 0; f < sequences * frames; ++f)
                for (std::size_t c = 0; c < Channels; ++c) dxs[f][c] = dys[f][c] * ws.slope[f][c];
    }
};

/// ELU (alpha 1, PyTorch's nn.ELU()) on every channel: activation_layer<Channels, nn::elu>.
///
///     using layer = constgrad::nn::elu_layer<8>;
template <std::size_t Channels>
using elu_layer = activation_layer<Channels, elu>;

}  // namespace constgrad::nn
