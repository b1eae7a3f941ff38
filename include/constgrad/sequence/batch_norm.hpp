// nn::batch_norm<Channels>: batch normalisation over channels (PyTorch's BatchNorm1d) as a sequence layer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "../math/sqrt.hpp"
#include "../nn/rng.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// The trainable parameters of batch_norm<Channels>: PyTorch's `weight` (gamma) then `bias`
/// (beta). `{}` is all zeros (a gradient); init() sets gamma to 1 and beta to 0, as PyTorch.
template <class T, std::size_t Channels>
struct batch_norm_parameters {
    std::array<T, Channels> weight;
    std::array<T, Channels> bias;

    static constexpr std::size_t size = 2 * Channels;

    friend constexpr bool operator==(const batch_norm_parameters&, const batch_norm_parameters&) = default;

    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t c = 0; c < Channels; ++c) f(first.weight[c], rest.weight[c]...);
        for (std::size_t c = 0; c < Channels; ++c) f(first.bias[c], rest.bias[c]...);
    }
};

namespace detail_batch_norm {
template <class T, std::size_t N>
constexpr std::array<T, N> filled(T value) noexcept {
    std::array<T, N> a;
    a.fill(value);
    return a;
}
}  // namespace detail_batch_norm

/// The running statistics of batch_norm<Channels>, PyTorch's `running_mean`, `running_var` and
/// `num_batches_tracked` buffers (its state-dict order): not trainable (no optimizer,
/// regulariser or zip sees them). `{}` is a fresh module's: mean 0, variance 1, 0 batches.
/// num_batches_tracked counts the train-mode batches (windows) that updated the statistics; with
/// the fixed momentum 0.1 it changes nothing else, and is kept so that a state dict round-trips.
template <class T, std::size_t Channels>
struct batch_norm_buffers {
    std::array<T, Channels> running_mean = detail_batch_norm::filled<T, Channels>(T(0));
    std::array<T, Channels> running_var = detail_batch_norm::filled<T, Channels>(T(1));
    std::int64_t num_batches_tracked = 0;
    friend constexpr bool operator==(const batch_norm_buffers&, const batch_norm_buffers&) = default;
};

/// What the reverse pass of a window needs: the normalised frames x̂ and each channel's
/// 1/sqrt(var + eps) (of the batch in train mode, of the running variance in eval mode).
template <class T, std::size_t Channels, std::size_t MaxFrames>
struct batch_norm_workspace {
    std::array<std::array<T, Channels>, MaxFrames> normalised;
    std::array<T, Channels> inverse_deviation;
    mode recorded;
};

/// Batch normalisation over channels, PyTorch's BatchNorm1d(Channels) on (N, C, L) input: in
/// mode::train, x̂ = (x - mean) / sqrt(var + eps) with the mean and biased variance of each
/// channel over all S * frames frames of the window, y = gamma x̂ + beta, and the running
/// statistics move by momentum: mean ← (1 - 0.1) mean + 0.1 batch mean, var ← (1 - 0.1) var +
/// 0.1 · unbiased batch variance. In mode::eval and in `step`, the running statistics instead.
/// eps = 1e-5, momentum = 0.1 (PyTorch's defaults). Stateless from frame to frame.
///
/// The gradient in train mode is not a sum of per-frame gradients (every frame moves the
/// statistics): backward_window takes the whole window at once,
///     dx = gamma / (N sqrt(var + eps)) · (N dx̂ - Σ dx̂ - x̂ Σ dx̂ x̂),  dx̂ = dy,
/// the sums per channel over the N = S * frames frames. It is written out here rather than
/// derived by the scalar engine, which sees one scalar at a time, not a reduction over a window.
///
///     using layer = constgrad::nn::batch_norm<8>;
template <std::size_t Channels>
struct batch_norm {
    static_assert(Channels > 0, "constgrad::nn::batch_norm<Channels>: Channels must be positive");

    static constexpr std::size_t inputs = Channels;
    static constexpr std::size_t outputs = Channels;
    static constexpr double eps = 1e-5;
    static constexpr double momentum = 0.1;
    /// The fewest samples a train-mode batch (window) may have: one sample has no variance.
    static constexpr std::size_t min_train_batch = 2;

    template <class T>
    using parameters = batch_norm_parameters<T, Channels>;
    template <class T>
    using buffers = batch_norm_buffers<T, Channels>;
    template <class T>
    using state = no_buffers;
    template <class T, std::size_t MaxFrames>
    using workspace = batch_norm_workspace<T, Channels, MaxFrames>;

    /// gamma = 1, beta = 0, running mean 0, running variance 1 (PyTorch's reset_parameters);
    /// no draw from `r`.
    template <class T, class Init>
    static constexpr void init(rng&, const Init&, parameters<T>& p, buffers<T>& b) noexcept {
        p.weight.fill(T(1));
        p.bias.fill(T(0));
        b = buffers<T>{};
    }

    /// One frame in eval mode: y = gamma (x - running mean) / sqrt(running var + eps) + beta.
    template <class T>
    static constexpr void step(const parameters<T>& p, const buffers<T>& b, state<T>&,
                               const std::array<T, Channels>& x, std::array<T, Channels>& y) noexcept {
        for (std::size_t c = 0; c < Channels; ++c)
            y[c] = p.weight[c] * ((x[c] - b.running_mean[c]) * inverse_deviation(b.running_var[c])) + p.bias[c];
    }

    /// One sample in eval mode (nn::network's per-sample forward): the same as step.
    template <class T>
    static constexpr void forward(const parameters<T>& p, const buffers<T>& b, const std::array<T, Channels>& x,
                                  std::array<T, Channels>& y) noexcept {
        no_buffers s;
        step(p, b, s, x, y);
    }

    /// The window's forward pass over all S * frames frames (see the class comment):
    /// forward_batch of its frames.
    template <class T, std::size_t MaxFrames>
    static constexpr void forward_window(const parameters<T>& p, buffers<T>& b, std::span<state<T>> states,
                                         std::size_t frames, std::span<const std::array<T, Channels>> xs,
                                         std::span<std::array<T, Channels>> ys, workspace<T, MaxFrames>& ws,
                                         mode m) noexcept {
        const std::size_t n = states.size() * frames;
        forward_batch(p, b, xs.first(n), ys.first(n), ws, m);
    }

    /// The forward pass of xs.size() samples (frames) at once, ys.size() >= xs.size() <=
    /// MaxFrames: nn::network's whole-batch call, and forward_window's arithmetic. In
    /// mode::train the statistics of the batch normalise it and the running statistics move;
    /// PyTorch raises "Expected more than 1 value per channel when training" for one sample,
    /// whose variance is 0 and unbiased variance undefined: here (no exceptions in realtime
    /// code) a train-mode batch of fewer than 2 samples writes NaN to ys and leaves the
    /// buffers alone (nn::sequence_network and nn::network report it: false or a NaN loss).
    template <class T, std::size_t MaxFrames>
    static constexpr void forward_batch(const parameters<T>& p, buffers<T>& b,
                                        std::span<const std::array<T, Channels>> xs,
                                        std::span<std::array<T, Channels>> ys, workspace<T, MaxFrames>& ws,
                                        mode m) noexcept {
        const std::size_t n = xs.size();
        ws.recorded = m;
        if (m == mode::train && n < min_train_batch) {
            for (std::size_t f = 0; f < n; ++f) ys[f].fill(std::numeric_limits<T>::quiet_NaN());
            return;
        }
        std::array<T, Channels> mean = b.running_mean;
        if (m == mode::train) {
            // Two passes (mean, then the squares of the deviations): no cancellation.
            std::array<T, Channels> sum{}, squares{};
            for (std::size_t f = 0; f < n; ++f)
                for (std::size_t c = 0; c < Channels; ++c) sum[c] += xs[f][c];
            for (std::size_t c = 0; c < Channels; ++c) mean[c] = sum[c] / static_cast<T>(n);
            for (std::size_t f = 0; f < n; ++f)
                for (std::size_t c = 0; c < Channels; ++c) {
                    const T d = xs[f][c] - mean[c];
                    squares[c] += d * d;
                }
            const T keep = static_cast<T>(1.0 - momentum), take = static_cast<T>(momentum);
            for (std::size_t c = 0; c < Channels; ++c) {
                const T variance = squares[c] / static_cast<T>(n);
                // PyTorch's running variance takes the unbiased variance (n >= 2 here).
                const T unbiased = squares[c] / static_cast<T>(n - 1);
                ws.inverse_deviation[c] = inverse_deviation(variance);
                b.running_mean[c] = keep * b.running_mean[c] + take * mean[c];
                b.running_var[c] = keep * b.running_var[c] + take * unbiased;
            }
            ++b.num_batches_tracked;
        } else {
            for (std::size_t c = 0; c < Channels; ++c) ws.inverse_deviation[c] = inverse_deviation(b.running_var[c]);
        }
        for (std::size_t f = 0; f < n; ++f)
            for (std::size_t c = 0; c < Channels; ++c) {
                const T normalised = (xs[f][c] - mean[c]) * ws.inverse_deviation[c];
                ws.normalised[f][c] = normalised;
                ys[f][c] = p.weight[c] * normalised + p.bias[c];
            }
    }

    /// The reverse sweep of the last forward_window: backward_batch of its frames.
    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_window(const parameters<T>& p, const buffers<T>& b, std::size_t sequences,
                                          std::size_t frames, std::span<const std::array<T, Channels>> xs,
                                          const workspace<T, MaxFrames>& ws,
                                          std::span<std::array<T, Channels>> dys, parameters<T>& g,
                                          std::span<std::array<T, Channels>> dxs) noexcept {
        const std::size_t n = sequences * frames;
        backward_batch<NeedInput>(p, b, xs.first(n), ws, dys.first(n), g,
                                  NeedInput ? dxs.first(n) : dxs);
    }

    /// The reverse sweep of the last forward_batch over dys.size() samples: dgamma += Σ dy x̂,
    /// dbeta += Σ dy; dx as in the class comment in train mode, gamma dy / sqrt(running var +
    /// eps) in eval mode.
    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_batch(const parameters<T>& p, const buffers<T>&,
                                         std::span<const std::array<T, Channels>>,
                                         const workspace<T, MaxFrames>& ws,
                                         std::span<std::array<T, Channels>> dys, parameters<T>& g,
                                         std::span<std::array<T, Channels>> dxs) noexcept {
        const std::size_t n = dys.size();
        std::array<T, Channels> sum{}, weighted{};  // Σ dy and Σ dy x̂ per channel
        for (std::size_t f = 0; f < n; ++f)
            for (std::size_t c = 0; c < Channels; ++c) {
                sum[c] += dys[f][c];
                weighted[c] += dys[f][c] * ws.normalised[f][c];
            }
        for (std::size_t c = 0; c < Channels; ++c) {
            g.weight[c] += weighted[c];
            g.bias[c] += sum[c];
        }
        if constexpr (NeedInput) {
            if (ws.recorded == mode::train) {
                const T frames_n = static_cast<T>(n);
                for (std::size_t f = 0; f < n; ++f)
                    for (std::size_t c = 0; c < Channels; ++c)
                        dxs[f][c] = p.weight[c] * ws.inverse_deviation[c] / frames_n *
                                    (frames_n * dys[f][c] - sum[c] - ws.normalised[f][c] * weighted[c]);
            } else {
                for (std::size_t f = 0; f < n; ++f)
                    for (std::size_t c = 0; c < Channels; ++c)
                        dxs[f][c] = p.weight[c] * ws.inverse_deviation[c] * dys[f][c];
            }
        }
    }

private:
    template <class T>
    static constexpr T inverse_deviation(T variance) noexcept {
        return T(1) / static_cast<T>(math::sqrt(variance + static_cast<T>(eps)));
    }
};

}  // namespace constgrad::nn
