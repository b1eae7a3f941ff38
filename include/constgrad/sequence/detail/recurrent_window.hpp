// detail::recurrent_window<Cell>: the sequence-layer functions (layer.hpp) of a recurrent layer
// built from its per-frame cell, so GRU and LSTM share one BPTT loop.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "../layer.hpp"

// Cell (the derived layer) provides, besides inputs/outputs/parameters/state/init:
//   step_frame(p, s, x, y)                   one frame of inference
//   template <class T> struct record;        what one training frame keeps for its reverse
//   forward_frame(p, s, x, y, record&)       one frame of training: y and the new state
//   backward_frame<NeedInput>(p, x, record, dy, dstate&, g, dx)
//                                            dstate in: dLoss/d(state after the frame);
//                                            out: dLoss/d(state before it); g += dLoss/dp
// The loop below is the whole of backpropagation through time: frames in reverse, the state
// adjoint carried from frame to frame, dropped at the window's start (truncated BPTT).
namespace constgrad::detail {

template <class Cell>
struct recurrent_window {
    template <class T>
    using buffers = nn::no_buffers;

    /// What forward_window records: one Cell::record per frame (see the layer's docs for its size).
    template <class T, std::size_t MaxFrames>
    struct workspace {
        std::array<typename Cell::template record<T>, MaxFrames> frames;
    };

    template <class T>
    static constexpr void step(const typename Cell::template parameters<T>& p,
                               const nn::no_buffers&, typename Cell::template state<T>& s,
                               const std::array<T, Cell::inputs>& x,
                               std::array<T, Cell::outputs>& y) noexcept {
        Cell::step_frame(p, s, x, y);
    }

    template <class T, std::size_t MaxFrames>
    static constexpr void
    forward_window(const typename Cell::template parameters<T>& p, nn::no_buffers&,
                   std::span<typename Cell::template state<T>> states, std::size_t frames,
                   std::span<const std::array<T, Cell::inputs>> xs,
                   std::span<std::array<T, Cell::outputs>> ys, workspace<T, MaxFrames>& ws,
                   nn::mode) noexcept {
        for (std::size_t s = 0; s < states.size(); ++s) {
            auto& state = states[s];
            for (std::size_t t = 0; t < frames; ++t) {
                const std::size_t i = s * frames + t;
                Cell::forward_frame(p, state, xs[i], ys[i], ws.frames[i]);
            }
        }
    }

    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void
    backward_window(const typename Cell::template parameters<T>& p, const nn::no_buffers&,
                    std::size_t sequences, std::size_t frames,
                    std::span<const std::array<T, Cell::inputs>> xs,
                    const workspace<T, MaxFrames>& ws, std::span<std::array<T, Cell::outputs>> dys,
                    typename Cell::template parameters<T>& g,
                    std::span<std::array<T, Cell::inputs>> dxs) noexcept {
        for (std::size_t s = 0; s < sequences; ++s) {
            typename Cell::template state<T> dstate{};
            for (std::size_t t = frames; t-- > 0;) {
                const std::size_t i = s * frames + t;
                std::array<T, Cell::inputs>* dx = nullptr;
                if constexpr (NeedInput) dx = &dxs[i];
                Cell::template backward_frame<NeedInput>(p, xs[i], ws.frames[i], dys[i], dstate, g,
                                                         dx);
            }
        }
    }
};

}  // namespace constgrad::detail
