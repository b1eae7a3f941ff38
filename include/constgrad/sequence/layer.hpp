// The SequenceLayer concept: what nn::sequence_network accepts as a layer (GRU, LSTM, causal
// Conv1D, batch norm, time-distributed dense, ELU, PReLU, and user layers).
#pragma once

#include <concepts>
#include <cstddef>
#include <span>

#include "../nn/layer.hpp"
#include "../nn/rng.hpp"

namespace constgrad::nn {

// nn::mode and nn::no_buffers are nn/layer.hpp's: the one layer contract of both networks.

// A sequence layer maps a sequence of frames x_t (std::array<T, inputs>) to frames y_t
// (std::array<T, outputs>), t = 0, 1, ..., possibly carrying state from frame to frame. It is
// a type with static functions; everything it holds lives in four objects the caller owns:
//
//   parameters<T>  trainable: an aggregate with `static constexpr std::size_t size` and
//                  `static constexpr void zip(F& f, First& first, Rest&... rest)` calling
//                  f(first.x, rest.x...) for every scalar in layout order: PyTorch's
//                  state-dict order and memory layout (GRU/LSTM: weight_ih [G*H][In],
//                  weight_hh [G*H][H], bias_ih, bias_hh; conv: weight [Out][In/groups][K], bias).
//                  Optimizers, l2 and io see only these.
//   buffers<T>     non-trainable values (batch norm's running mean and variance): no optimizer,
//                  regulariser or zip touches them; nn::no_buffers when there are none.
//   state<T>       what is carried from one frame to the next (h; h and c; a convolution's ring
//                  buffer of the last (K-1)*dilation input frames); value-initialised `{}` is
//                  the zero state (h0 = 0, zeros before the first frame, as PyTorch pads).
//   workspace<T, MaxFrames>
//                  what the forward pass of training records for the reverse pass, for up to
//                  MaxFrames frames (gates and previous states per frame; batch statistics);
//                  placed by the caller (static storage or one allocation at start-up), never
//                  on the stack by the library.
//
// Functions (all noexcept; no allocation, no exceptions, constexpr where the layer's math is):
//
//   template <class T, class Init>
//   static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, buffers<T>& b);
//
//   // Streaming inference, eval mode: one frame; state advanced by one frame.
//   template <class T>
//   static constexpr void step(const parameters<T>& p, const buffers<T>& b, state<T>& s,
//                              const std::array<T, inputs>& x, std::array<T, outputs>& y);
//
//   // Training forward over a window: states.size() = S sequences of `frames` frames each,
//   // stored sequence-major (frame t of sequence s at xs[s * frames + t]); S * frames <=
//   // MaxFrames. Each sequence starts from states[s], which is left at the state after its
//   // last frame (truncated BPTT carries it to the next window). In mode::train, batch norm
//   // normalises with the statistics of all S * frames frames and updates b.
//   template <class T, std::size_t MaxFrames>
//   static constexpr void forward_window(const parameters<T>& p, buffers<T>& b,
//                                        std::span<state<T>> states, std::size_t frames,
//                                        std::span<const std::array<T, inputs>> xs,
//                                        std::span<std::array<T, outputs>> ys,
//                                        workspace<T, MaxFrames>& ws, mode m);
//
//   // The reverse sweep of the last forward_window: dys (dLoss/dy per frame, may be
//   // overwritten) in; dLoss/dparameters added to g; dLoss/dx written to dxs when NeedInput.
//   // The adjoint of the initial state is dropped (truncated BPTT).
//   template <bool NeedInput, class T, std::size_t MaxFrames>
//   static constexpr void backward_window(const parameters<T>& p, const buffers<T>& b,
//                                         std::size_t sequences, std::size_t frames,
//                                         std::span<const std::array<T, inputs>> xs,
//                                         const workspace<T, MaxFrames>& ws,
//                                         std::span<std::array<T, outputs>> dys,
//                                         parameters<T>& g,
//                                         std::span<std::array<T, inputs>> dxs);

/// Satisfied by sequence layer types (see the contract above). Checks the widths and that the
/// four object types exist for double; sequence_network checks the functions with a message
/// per missing one.
template <class L>
concept SequenceLayer = requires {
    { L::inputs } -> std::convertible_to<std::size_t>;
    { L::outputs } -> std::convertible_to<std::size_t>;
    typename L::template parameters<double>;
    typename L::template buffers<double>;
    typename L::template state<double>;
    typename L::template workspace<double, 1>;
};

}  // namespace constgrad::nn
