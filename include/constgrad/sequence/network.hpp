// nn::sequence_network<Layers...>: sequence layers chained frame-wise; training by truncated
// backpropagation through time over run-time windows, batches of sequences, no allocation.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>

#include "../nn/detail/pack.hpp"
#include "../expr/detail/type_list.hpp"
#include "../nn/loss.hpp"
#include "../nn/parameters.hpp"
#include "../nn/reduction.hpp"
#include "../nn/rng.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// Which frames a sequence network's training loss scores: every frame (a target per frame)
/// or the last frame of each sequence only (a target per sequence: classification).
enum class scored : unsigned char { every_frame, last_frame };

namespace detail_sequence {

template <class... Ls>
constexpr bool widths_chain() noexcept {
    if constexpr (sizeof...(Ls) < 2) {
        return true;
    } else {
        constexpr std::size_t n = sizeof...(Ls);
        constexpr std::array<std::size_t, n> in{static_cast<std::size_t>(Ls::inputs)...};
        constexpr std::array<std::size_t, n> out{static_cast<std::size_t>(Ls::outputs)...};
        for (std::size_t i = 1; i < n; ++i)
            if (in[i] != out[i - 1]) return false;
        return true;
    }
}

template <class... Ls>
constexpr bool chains() noexcept {
    if constexpr ((SequenceLayer<Ls> && ...))
        return widths_chain<Ls...>();
    else
        return true;  // reported by the layer check instead
}

template <class L, class T>
using frames_of = std::span<std::array<T, L::outputs>>;

// The fewest frames a train-mode window may hold (nn::layer_min_train_batch: batch norm's 2).
template <class... Ls>
constexpr std::size_t min_train_frames_of() noexcept {
    std::size_t most = 1;
    ((most = layer_min_train_batch<Ls> > most ? layer_min_train_batch<Ls> : most), ...);
    return most;
}

}  // namespace detail_sequence

/// A network of sequence layers (sequence/layer.hpp: nn::gru, nn::lstm, nn::conv1d,
/// nn::time_distributed, ...), each layer's output frames the next layer's input frames.
/// Like the layers, a type with static functions; what it holds lives in objects the caller
/// owns: parameters<T> (an nn::network_parameters, so optim::sgd/momentum/adam/adam_ref, l2
/// and io take it), buffers<T>, state<T> (one per sequence), workspace<T, MaxFrames>.
///
///     using net = constgrad::nn::sequence_network<constgrad::nn::gru<1, 16>,
///                                                   constgrad::nn::time_distributed<constgrad::nn::dense<16, 1>>>;
template <class... Ls>
struct sequence_network {
    static_assert(sizeof...(Ls) > 0,
                  "constgrad::nn::sequence_network<Layers...>: needs at least one layer");
    static_assert(
        (SequenceLayer<Ls> && ...),
        "constgrad::nn::sequence_network<Layers...>: every layer must be a sequence layer "
        "(nn::gru, nn::lstm, nn::conv1d, nn::time_distributed, ...: see sequence/layer.hpp)");
    static_assert(detail_sequence::chains<Ls...>(),
                  "constgrad::nn::sequence_network<Layers...>: a layer's inputs must equal the "
                  "previous layer's outputs");

    static constexpr std::size_t layer_count = sizeof...(Ls);
    template <std::size_t I>
    using layer_type = detail::at_t<I, detail::type_list<Ls...>>;
    static constexpr std::size_t inputs = layer_type<0>::inputs;
    static constexpr std::size_t outputs = layer_type<sizeof...(Ls) - 1>::outputs;

    /// Trainable parameters, and the type of a gradient: every layer's in order.
    template <class T>
    using parameters = network_parameters<T, Ls...>;

    /// Every layer's buffers (running statistics), in order; not trainable.
    template <class T>
    struct buffers : detail::nn_pack_of<typename Ls::template buffers<T>...> {
        template <std::size_t I>
        constexpr auto& layer() noexcept {
            return detail::nn_get<I>(*this);
        }
        template <std::size_t I>
        constexpr const auto& layer() const noexcept {
            return detail::nn_get<I>(*this);
        }
    };

    /// What one sequence carries from frame to frame (every layer's state); `{}` is the zero
    /// state.
    template <class T>
    struct state : detail::nn_pack_of<typename Ls::template state<T>...> {
        template <std::size_t I>
        constexpr auto& layer() noexcept {
            return detail::nn_get<I>(*this);
        }
        template <std::size_t I>
        constexpr const auto& layer() const noexcept {
            return detail::nn_get<I>(*this);
        }
    };

    /// Everything a training step needs besides parameters, gradient and states, for windows
    /// of up to MaxFrames frames in all (sequences x frames) and up to MaxSequences sequences:
    /// every layer's workspace and output frames and their adjoints (per frame), and every
    /// layer's state (per sequence: a convolution's history can be large, so it is not kept
    /// per frame). sizeof(workspace<T, M, S>) = M · (Σ layer workspace per frame
    /// + 2·Σ outputs·sizeof(T)) + S · Σ sizeof(layer state). Place it in static storage or
    /// allocate it once at start-up: the library never puts it on the stack.
    template <class T, std::size_t MaxFrames,
              std::size_t MaxSequences = (MaxFrames < 32 ? MaxFrames : 32)>
    struct workspace {
        static_assert(MaxFrames > 0 && MaxSequences > 0,
                      "constgrad::nn::sequence_network::workspace<T, MaxFrames, MaxSequences>: "
                      "both capacities must be positive");
        static constexpr std::size_t max_frames = MaxFrames;
        static constexpr std::size_t max_sequences = MaxSequences;
        detail::nn_pack_of<typename Ls::template workspace<T, MaxFrames>...> layers;
        detail::nn_pack_of<std::array<std::array<T, Ls::outputs>, MaxFrames>...> activations;
        detail::nn_pack_of<std::array<std::array<T, Ls::outputs>, MaxFrames>...> adjoints;
        detail::nn_pack_of<std::array<typename Ls::template state<T>, MaxSequences>...> states;
    };

    /// Initialises every layer from one rng, layer by layer, with the scheme (e.g.
    /// nn::recurrent_uniform, PyTorch's default for recurrent and linear layers).
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p,
                               buffers<T>& b) noexcept {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (layer_type<I>::template init<T>(r, scheme, p.template layer<I>(),
                                             detail::nn_get<I>(b)),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    /// Streaming inference, eval mode: one frame through every layer; s advanced by one frame.
    template <class T>
    static constexpr void step(const parameters<T>& p, const buffers<T>& b, state<T>& s,
                               const std::array<T, inputs>& x, std::array<T, outputs>& y) noexcept {
        step_from<0>(p, b, s, x, y);
    }

    /// Whole-sequence inference (eval mode), frame by frame from state s (left at the state
    /// after the last frame); out.size() >= in.size().
    template <class T>
    static constexpr void forward(const parameters<T>& p, const buffers<T>& b, state<T>& s,
                                  std::span<const std::array<T, inputs>> in,
                                  std::span<std::array<T, outputs>> out) noexcept {
        for (std::size_t t = 0; t < in.size(); ++t) step(p, b, s, in[t], out[t]);
    }

    /// The forward pass of training over a window: states.size() = S sequences of `frames`
    /// frames (frame t of sequence s at xs[s * frames + t]); S · frames <= MaxFrames and
    /// S <= MaxSequences. Each layer records what its reverse pass needs in ws; the network's
    /// output frames are in output(ws) afterwards. states are advanced to the window's end (truncated BPTT).
    /// Returns false (and does nothing) when S · frames is 0, S · frames exceeds MaxFrames,
    /// S exceeds MaxSequences, or in mode::train S · frames is 1 and a layer needs more
    /// (nn::batch_norm: one frame has no variance; PyTorch raises "Expected more than 1 value
    /// per channel when training").
    template <class T, std::size_t MaxFrames, std::size_t MaxSequences>
    static constexpr bool
    forward_window(const parameters<T>& p, buffers<T>& b, std::span<state<T>> states,
                   std::size_t frames, std::span<const std::array<T, inputs>> xs,
                   workspace<T, MaxFrames, MaxSequences>& ws, mode m = mode::train) noexcept {
        const std::size_t S = states.size(), n = S * frames;
        if (n == 0 || n > MaxFrames || S > MaxSequences || xs.size() < n) return false;
        if (m == mode::train && n < detail_sequence::min_train_frames_of<Ls...>()) return false;
        forward_layers<0>(p, b, states, frames, xs, ws, m);
        return true;
    }

    /// The output frames of the last forward_window (S · frames of them).
    template <class T, std::size_t MaxFrames, std::size_t MaxSequences>
    static constexpr const auto& output(const workspace<T, MaxFrames, MaxSequences>& ws) noexcept {
        return detail::nn_get<sizeof...(Ls) - 1>(ws.activations);
    }

    /// One training step's gradient over a window: forward_window, the loss of every frame
    /// (scored::every_frame: targets[s * frames + t]) or of each sequence's last frame
    /// (scored::last_frame: targets[s]), and backpropagation through time, dLoss/dp ADDED
    /// to g. Loss: an elementwise loss (targets of `outputs` values per frame) or a
    /// whole-output one (targets of Loss::target_size<outputs>); reduction::mean divides by
    /// the scored frames (and outputs, for elementwise losses), as PyTorch's mean over the
    /// whole tensor. Returns the loss, or NaN when the window does not fit (nothing done; so
    /// does a window of one frame through a batch_norm).
    /// No allocation; the only stack use is a few frames.
    template <class T, std::size_t MaxFrames, std::size_t MaxSequences, class Loss, std::size_t W>
    static constexpr T
    gradient_into(const parameters<T>& p, buffers<T>& b, std::span<state<T>> states,
                  std::size_t frames, std::span<const std::array<T, inputs>> xs,
                  std::span<const std::array<T, W>> targets, const Loss& loss, parameters<T>& g,
                  workspace<T, MaxFrames, MaxSequences>& ws, scored which = scored::every_frame) noexcept {
        constexpr bool elementwise = ElementwiseLoss<Loss>;
        static_assert(
            elementwise || WholeOutputLoss<Loss>,
            "constgrad::nn::sequence_network::gradient_into: the loss must be an elementwise "
            "loss (nn::squared_error, nn::loss(p, t, formula)) or a whole-output loss "
            "(nn::sparse_softmax_cross_entropy, ...)");
        if constexpr (elementwise || WholeOutputLoss<Loss>) {
            constexpr std::size_t expected = [] {
                if constexpr (elementwise)
                    return outputs;
                else
                    return Loss::template target_size<outputs>;
            }();
            static_assert(
                W == expected,
                "constgrad::nn::sequence_network::gradient_into: each target must have the "
                "network's outputs values (elementwise loss) or the loss's target_size "
                "(whole-output loss: 1 for a class index)");
            if constexpr (W == expected) {
                const std::size_t S = states.size(), n = S * frames;
                const std::size_t scored_frames = which == scored::every_frame ? n : S;
                if (n < detail_sequence::min_train_frames_of<Ls...>() || n > MaxFrames ||
                    S > MaxSequences || xs.size() < n || targets.size() < scored_frames)
                    return std::numeric_limits<T>::quiet_NaN();
                forward_layers<0>(p, b, states, frames, xs, ws, mode::train);
                const auto& y = output(ws);
                auto& dy = detail::nn_get<sizeof...(Ls) - 1>(ws.adjoints);
                const std::size_t per = elementwise ? outputs : 1;
                const T scale = loss.reduce == reduction::mean
                                    ? T(1) / static_cast<T>(scored_frames * per)
                                    : T(1);
                T total{};
                for (std::size_t i = 0; i < n; ++i) {
                    const bool counts = which == scored::every_frame || i % frames == frames - 1;
                    if (!counts) {
                        dy[i] = {};
                        continue;
                    }
                    const auto& target = targets[which == scored::every_frame ? i : i / frames];
                    if constexpr (elementwise) {
                        for (std::size_t k = 0; k < outputs; ++k) {
                            T v, d;
                            loss.template value_and_derivative<T>(y[i][k], target[k], v, d);
                            total += v;
                            dy[i][k] = d * scale;
                        }
                    } else {
                        total += loss.value_and_gradient(y[i], target, dy[i]);
                        for (auto& d : dy[i]) d *= scale;
                    }
                }
                backward_layers<sizeof...(Ls) - 1>(p, b, S, frames, xs, ws, g);
                return total * scale;
            }
        }
        return T{};
    }

private:
    template <std::size_t I, class T>
    static constexpr void step_from(const parameters<T>& p, const buffers<T>& b, state<T>& s,
                                    const std::array<T, layer_type<I>::inputs>& x,
                                    std::array<T, outputs>& y) noexcept {
        using L = layer_type<I>;
        if constexpr (I + 1 == sizeof...(Ls)) {
            L::template step<T>(p.template layer<I>(), detail::nn_get<I>(b), detail::nn_get<I>(s),
                                x, y);
        } else {
            std::array<T, L::outputs> mid;
            L::template step<T>(p.template layer<I>(), detail::nn_get<I>(b), detail::nn_get<I>(s),
                                x, mid);
            step_from<I + 1>(p, b, s, mid, y);
        }
    }

    template <std::size_t I, class T, std::size_t MaxFrames, std::size_t MaxSequences>
    static constexpr auto input_frames(std::span<const std::array<T, inputs>> xs,
                                       const workspace<T, MaxFrames, MaxSequences>& ws, std::size_t n) noexcept {
        if constexpr (I == 0)
            return xs.first(n);
        else
            return std::span<const std::array<T, layer_type<I>::inputs>>(
                detail::nn_get<I - 1>(ws.activations).data(), n);
    }

    template <std::size_t I, class T, std::size_t MaxFrames, std::size_t MaxSequences>
    static constexpr void forward_layers(const parameters<T>& p, buffers<T>& b,
                                         std::span<state<T>> states, std::size_t frames,
                                         std::span<const std::array<T, inputs>> xs,
                                         workspace<T, MaxFrames, MaxSequences>& ws, mode m) noexcept {
        using L = layer_type<I>;
        const std::size_t S = states.size(), n = S * frames;
        auto& layer_states = detail::nn_get<I>(ws.states);
        for (std::size_t s = 0; s < S; ++s) layer_states[s] = detail::nn_get<I>(states[s]);
        L::template forward_window<T, MaxFrames>(
            p.template layer<I>(), detail::nn_get<I>(b),
            std::span<typename L::template state<T>>(layer_states.data(), S), frames,
            input_frames<I>(xs, ws, n),
            std::span<std::array<T, L::outputs>>(detail::nn_get<I>(ws.activations).data(), n),
            detail::nn_get<I>(ws.layers), m);
        for (std::size_t s = 0; s < S; ++s) detail::nn_get<I>(states[s]) = layer_states[s];
        if constexpr (I + 1 < sizeof...(Ls)) forward_layers<I + 1>(p, b, states, frames, xs, ws, m);
    }

    template <std::size_t I, class T, std::size_t MaxFrames, std::size_t MaxSequences>
    static constexpr void backward_layers(const parameters<T>& p, const buffers<T>& b,
                                          std::size_t S, std::size_t frames,
                                          std::span<const std::array<T, inputs>> xs,
                                          workspace<T, MaxFrames, MaxSequences>& ws, parameters<T>& g) noexcept {
        using L = layer_type<I>;
        const std::size_t n = S * frames;
        std::span<std::array<T, L::inputs>> dxs;
        if constexpr (I > 0)
            dxs = std::span<std::array<T, L::inputs>>(detail::nn_get<I - 1>(ws.adjoints).data(), n);
        L::template backward_window<(I > 0), T, MaxFrames>(
            p.template layer<I>(), detail::nn_get<I>(b), S, frames, input_frames<I>(xs, ws, n),
            detail::nn_get<I>(ws.layers),
            std::span<std::array<T, L::outputs>>(detail::nn_get<I>(ws.adjoints).data(), n),
            g.template layer<I>(), dxs);
        if constexpr (I > 0) backward_layers<I - 1>(p, b, S, frames, xs, ws, g);
    }
};

}  // namespace constgrad::nn
