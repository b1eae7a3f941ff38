// nn::time_distributed<Layer>: a feed-forward layer (nn::dense) applied to every frame, as a sequence layer.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

#include "../nn/rng.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// Satisfied by feed-forward layers that time_distributed accepts: nn::dense and any layer with
/// its per-sample interface (`inputs`, `outputs`, `parameters<T>`, `init(r, scheme, p)`,
/// `forward`, `forward_recording` with act' per output, `backward<NeedInput>`).
template <class L>
concept FrameLayer = requires(rng& r, const typename L::template parameters<double>& p,
                              typename L::template parameters<double>& g,
                              const std::array<double, L::inputs>& x, std::array<double, L::outputs>& y,
                              std::array<double, L::inputs>& dx) {
    L::template forward<double>(p, x, y);
    L::template forward_recording<double>(p, x, y, y);
    L::template backward<true, double>(p, x, y, y, g, dx);
};

/// What the reverse pass needs: the activation's derivative of every frame's outputs.
template <class T, std::size_t Outputs, std::size_t MaxFrames>
struct time_distributed_workspace {
    std::array<std::array<T, Outputs>, MaxFrames> slope;
};

/// Layer applied to every frame independently with the same parameters (Keras'
/// TimeDistributed(Dense), PyTorch's nn.Linear on (N, L, C)): no state, no buffers, Layer's
/// parameters in Layer's layout; its forward and backward are Layer's own, frame by frame.
///
///     using layer = constgrad::nn::time_distributed<constgrad::nn::dense<16, 1>>;
template <class Layer>
struct time_distributed {
    static_assert(FrameLayer<Layer>,
                  "constgrad::nn::time_distributed<Layer>: Layer must be a feed-forward layer such "
                  "as nn::dense<In, Out, Act>");

    static constexpr std::size_t inputs = Layer::inputs;
    static constexpr std::size_t outputs = Layer::outputs;
    using layer = Layer;

    template <class T>
    using parameters = typename Layer::template parameters<T>;
    template <class T>
    using buffers = no_buffers;
    template <class T>
    using state = no_buffers;
    template <class T, std::size_t MaxFrames>
    using workspace = time_distributed_workspace<T, outputs, MaxFrames>;

    /// Layer's init: the same draws as Layer alone.
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, buffers<T>&) noexcept {
        Layer::init(r, scheme, p);
    }

    template <class T>
    static constexpr void step(const parameters<T>& p, const buffers<T>&, state<T>&,
                               const std::array<T, inputs>& x, std::array<T, outputs>& y) noexcept {
        Layer::forward(p, x, y);
    }

    template <class T, std::size_t MaxFrames>
    static constexpr void forward_window(const parameters<T>& p, buffers<T>&, std::span<state<T>> states,
                                         std::size_t frames, std::span<const std::array<T, inputs>> xs,
                                         std::span<std::array<T, outputs>> ys, workspace<T, MaxFrames>& ws,
                                         mode) noexcept {
        for (std::size_t f = 0; f < states.size() * frames; ++f) Layer::forward_recording(p, xs[f], ys[f], ws.slope[f]);
    }

    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_window(const parameters<T>& p, const buffers<T>&, std::size_t sequences,
                                          std::size_t frames, std::span<const std::array<T, inputs>> xs,
                                          const workspace<T, MaxFrames>& ws,
                                          std::span<std::array<T, outputs>> dys, parameters<T>& g,
                                          std::span<std::array<T, inputs>> dxs) noexcept {
        std::array<T, inputs> unused;
        for (std::size_t f = 0; f < sequences * frames; ++f)
            Layer::template backward<NeedInput>(p, xs[f], ws.slope[f], dys[f], g, NeedInput ? dxs[f] : unused);
    }
};

}  // namespace constgrad::nn
