// nn::conv1d<In, Out, Kernel, Dilation, Groups>: a causal dilated 1-D convolution as a sequence layer.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>

#include "../kernels/affine.hpp"
#include "../kernels/detail/packable.hpp"
#include "../kernels/prepared_affine.hpp"
#include "../kernels/prepared_recurrent.hpp"
#include "../kernels/outer_update.hpp"
#include "../kernels/pack.hpp"
#include "../kernels/transposed_product.hpp"
#include "../nn/rng.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// The parameters of conv1d<In, Out, Kernel, Dilation, Groups>: PyTorch's Conv1d `weight`
/// [Out][In/Groups][Kernel] then `bias` [Out], in that memory layout and zip order. The weight
/// is declared group by group, `weight[g][o][i * Kernel + k]` = PyTorch's
/// `weight[g * Out/Groups + o][i][k]` (the same scalars in the same places), so that each
/// group's weight is one Out/Groups x (In/Groups * Kernel) matrix the kernels take as it is;
/// `at(o, i, k)` indexes it PyTorch's way. `{}` is all zeros.
///
///     constgrad::nn::conv1d<2, 3, 3, 2>::parameters<double> p{};
///     p.at(2, 1, 0) = 0.5;   // PyTorch: conv.weight[2][1][0]
template <class T, std::size_t In, std::size_t Out, std::size_t Kernel, std::size_t Groups>
struct conv1d_parameters {
    static constexpr std::size_t in_per_group = In / Groups;
    static constexpr std::size_t out_per_group = Out / Groups;
    /// One group's input column: In/Groups channels x Kernel taps, channel-major.
    static constexpr std::size_t column = in_per_group * Kernel;

    std::array<std::array<std::array<T, column>, out_per_group>, Groups> weight;
    std::array<T, Out> bias;

    /// Number of scalars: Out * In/Groups * Kernel weights and Out biases.
    static constexpr std::size_t size = Out * column + Out;

    /// PyTorch's weight[o][i][k] (i counted within o's group).
    constexpr T& at(std::size_t o, std::size_t i, std::size_t k) noexcept {
        return weight[o / out_per_group][o % out_per_group][i * Kernel + k];
    }
    constexpr const T& at(std::size_t o, std::size_t i, std::size_t k) const noexcept {
        return weight[o / out_per_group][o % out_per_group][i * Kernel + k];
    }

    friend constexpr bool operator==(const conv1d_parameters&, const conv1d_parameters&) = default;

    /// Calls f(first.x, rest.x...) for every scalar x in layout order (weight, then bias).
    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t g = 0; g < Groups; ++g)
            for (std::size_t o = 0; o < out_per_group; ++o)
                for (std::size_t c = 0; c < column; ++c) f(first.weight[g][o][c], rest.weight[g][o][c]...);
        for (std::size_t o = 0; o < Out; ++o) f(first.bias[o], rest.bias[o]...);
    }
};

/// What a causal convolution carries from frame to frame: the last History = (Kernel - 1) *
/// Dilation input frames in a ring buffer (`frames[head]` is the oldest). `{}` is the zero
/// state (zeros before the first frame, PyTorch's left padding). History * In scalars: 64 KB of
/// float at Kernel 3, Dilation 512, 16 channels, hence a caller-placed object.
template <class T, std::size_t In, std::size_t History>
struct conv1d_state {
    std::array<std::array<T, In>, History> frames;
    std::size_t head;
    friend constexpr bool operator==(const conv1d_state&, const conv1d_state&) = default;
};

/// What training's forward pass keeps for the reverse pass: each frame's input columns (the
/// Kernel dilated taps of every channel, group by group), MaxFrames * In * Kernel scalars.
template <class T, std::size_t Column, std::size_t Groups, std::size_t MaxFrames>
struct conv1d_workspace {
    std::array<std::array<std::array<T, Column>, Groups>, MaxFrames> columns;
};

/// A causal dilated 1-D convolution, PyTorch's Conv1d(In, Out, Kernel, dilation=Dilation,
/// groups=Groups, padding=(Kernel-1)*Dilation) with the right padding cut off:
///
///     y[t][o] = bias[o] + Σ_k Σ_i weight[o][i][k] · x[t - (Kernel-1-k)·Dilation][g·In/Groups + i]
///
/// (g the group of o; frames before the first are zeros, or the previous window's frames held
/// in the state). A sequence layer (sequence/layer.hpp): one `step` gathers the Kernel taps from
/// the ring buffer and costs one Out/Groups x In/Groups·Kernel product per group, never a window.
///
///     using layer = constgrad::nn::conv1d<8, 8, 3, 4>;   // kernel 3, dilation 4
template <std::size_t In, std::size_t Out, std::size_t Kernel, std::size_t Dilation, std::size_t Groups = 1>
struct conv1d {
    static_assert(In > 0 && Out > 0 && Kernel > 0 && Dilation > 0 && Groups > 0,
                  "constgrad::nn::conv1d<In, Out, Kernel, Dilation, Groups>: every argument must be "
                  "positive");
    static_assert(Groups == 0 || (In % Groups == 0 && Out % Groups == 0),
                  "constgrad::nn::conv1d<In, Out, Kernel, Dilation, Groups>: In and Out must be "
                  "multiples of Groups");

    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    /// Input frames a step looks back: (Kernel - 1) * Dilation (PyTorch's left padding).
    static constexpr std::size_t history = Kernel > 0 ? (Kernel - 1) * Dilation : 0;

    template <class T>
    using parameters = conv1d_parameters<T, In, Out, Kernel, Groups>;
    template <class T>
    using buffers = no_buffers;
    template <class T>
    using state = conv1d_state<T, In, history>;
    template <class T, std::size_t MaxFrames>
    using workspace = conv1d_workspace<T, In / (Groups > 0 ? Groups : 1) * Kernel, Groups, MaxFrames>;

private:
    // (Groups = 0 is reported above; the guard keeps it from adding a division by zero.)
    static constexpr std::size_t in_per_group = In / (Groups > 0 ? Groups : 1);
    static constexpr std::size_t out_per_group = Out / (Groups > 0 ? Groups : 1);
    static constexpr std::size_t column = in_per_group * Kernel;
    template <class T>
    using columns = std::array<std::array<T, column>, Groups>;

    // The frame `back` frames before the current one, from the ring buffer (1 <= back <=
    // history): frames[head] is `history` frames back. A compare, not a modulo (a division
    // per tap when history is not a power of two).
    template <class T>
    static constexpr const std::array<T, In>& before(const state<T>& s, std::size_t back) noexcept {
        const std::size_t from_head = history - back;  // 0 <= from_head < history
        return s.frames[s.head < history - from_head ? s.head + from_head : s.head + from_head - history];
    }

    // Tap k of every channel from `frame` into the columns: u[g][i * Kernel + k].
    template <class T>
    static constexpr void gather(const std::array<T, In>& frame, std::size_t k, columns<T>& u) noexcept {
        for (std::size_t g = 0; g < Groups; ++g)
            for (std::size_t i = 0; i < in_per_group; ++i) u[g][i * Kernel + k] = frame[g * in_per_group + i];
    }

    // y = W u + b group by group: one kernels::affine per group (no copies for Groups = 1).
    template <class T>
    static constexpr void apply(const parameters<T>& p, const columns<T>& u, std::array<T, Out>& y) noexcept {
        if constexpr (Groups == 1) {
            kernels::affine(p.weight[0], u[0], p.bias, y);
        } else {
            for (std::size_t g = 0; g < Groups; ++g) {
                std::array<T, out_per_group> b, z;
                for (std::size_t o = 0; o < out_per_group; ++o) b[o] = p.bias[g * out_per_group + o];
                kernels::affine(p.weight[g], u[g], b, z);
                for (std::size_t o = 0; o < out_per_group; ++o) y[g * out_per_group + o] = z[o];
            }
        }
    }

    // In values from `from` to `to` by whole packs (constant offsets, no loop for a compiler to
    // turn into memcpy), the rest one by one. Run time only.
    template <class T>
    [[gnu::always_inline]] static void copy_frame(const T* from, T* to) noexcept {
        constexpr std::size_t P = kernels::lanes<T>, packs = In / P;
        [&]<std::size_t... J>(std::index_sequence<J...>) {
            (kernels::store(to + J * P, kernels::load(from + J * P)), ...);
        }(std::make_index_sequence<packs>{});
        for (std::size_t i = packs * P; i < In; ++i) to[i] = from[i];
    }

    template <class T>
    static constexpr void push(state<T>& s, const std::array<T, In>& x) noexcept {
        if constexpr (history > 0) {
            s.frames[s.head] = x;
            s.head = s.head + 1 == history ? 0 : s.head + 1;
        }
    }

public:
    /// Draws the weights from `scheme` in layout order with fan_in = In/Groups * Kernel and
    /// fan_out = Out * Kernel (PyTorch's conv fans); every bias is `scheme.bias`. (PyTorch's own
    /// default is U(±1/sqrt(fan_in)) for weights and biases.)
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, buffers<T>&) noexcept {
        for (auto& group : p.weight)
            for (auto& row : group)
                for (auto& w : row) w = scheme.template weight<T>(r, column, Out * Kernel);
        for (auto& b : p.bias) b = static_cast<T>(scheme.bias);
    }

    /// One frame of streaming inference: O(Kernel * In * Out / Groups), the state advanced.
    template <class T>
    static constexpr void step(const parameters<T>& p, const buffers<T>&, state<T>& s,
                               const std::array<T, In>& x, std::array<T, Out>& y) noexcept {
        columns<T> u;
        for (std::size_t k = 0; k < Kernel; ++k) {
            const std::size_t back = (Kernel - 1 - k) * Dilation;
            gather(back == 0 ? x : before(s, back), k, u);
        }
        apply(p, u, y);
        push(s, x);
    }

    /// The streaming step's weights (nn::sequence_inference), Groups = 1: by columns, tap-major
    /// (input tap k, channel i at column k·In + i, Out values padded to whole packs), so a step
    /// reads the Kernel tap frames where they are in the ring and takes one
    /// kernels::sum_of_tap_columns, no horizontal sums. Groups > 1: the parameters as
    /// they are, stepped by step().
    template <class T>
    struct prepared_weights {
        static constexpr std::size_t stride = kernels::padded<T>(Out);
        alignas(kernels::pack_bytes) std::array<T, Kernel * In * stride> w{};
        alignas(kernels::pack_bytes) std::array<T, stride> b{};
    };
    template <class T>
    using prepared = std::conditional_t<Groups == 1, prepared_weights<T>, parameters<T>>;

    /// Copies p into q's layout.
    template <class T>
    static constexpr void prepare(const parameters<T>& p, prepared<T>& q) noexcept {
        if constexpr (Groups == 1) {
            constexpr std::size_t S = prepared_weights<T>::stride;
            for (std::size_t o = 0; o < Out; ++o) {
                for (std::size_t k = 0; k < Kernel; ++k)
                    for (std::size_t i = 0; i < In; ++i) q.w[(k * In + i) * S + o] = p.at(o, i, k);
                q.b[o] = p.bias[o];
            }
        } else {
            q = p;
        }
    }

    /// step() on prepared weights: the same taps, the same sums within rounding (another order).
    template <class T>
    static constexpr void step_prepared(const prepared<T>& q, state<T>& s, const std::array<T, In>& x,
                                        std::array<T, Out>& y) noexcept {
        if constexpr (Groups != 1) {
            step<T>(q, no_buffers{}, s, x, y);
        } else {
            constexpr std::size_t S = prepared_weights<T>::stride;
            if constexpr (kernels::detail::packable_v<T>) {
                if (!std::is_constant_evaluated()) {
                    // The taps are read where they are (kernels::sum_of_tap_columns), the sums
                    // stored straight into y when Out fills whole packs, x pushed by pack copies:
                    // copying frames here cost five 16-float copies per layer, which g++ 12
                    // compiles as `rep movsl` without -march (~22 % of the benchmark's dilated
                    // stack step under perf; benchmarks/notes.md, streaming "round 3").
                    std::array<const T*, Kernel> taps;
                    for (std::size_t k = 0; k < Kernel; ++k) {
                        const std::size_t back = (Kernel - 1 - k) * Dilation;
                        taps[k] = back == 0 ? x.data() : before(s, back).data();
                    }
                    if constexpr (Out == S) {
                        kernels::sum_of_tap_columns<S, T, In, Kernel>(q.w.data(), taps, q.b.data(), y.data());
                    } else {
                        alignas(kernels::pack_bytes) T z[S];
                        kernels::sum_of_tap_columns<S, T, In, Kernel>(q.w.data(), taps, q.b.data(), z);
                        for (std::size_t o = 0; o < Out; ++o) y[o] = z[o];
                    }
                    if constexpr (history > 0) {  // after the products: frames[head] was tap 0
                        copy_frame(x.data(), s.frames[s.head].data());
                        s.head = s.head + 1 == history ? 0 : s.head + 1;
                    }
                    return;
                }
            }
            std::array<T, Kernel * In> u;  // tap k's frame at [k·In, (k+1)·In)
            for (std::size_t k = 0; k < Kernel; ++k) {
                const std::size_t back = (Kernel - 1 - k) * Dilation;
                const std::array<T, In>& frame = back == 0 ? x : before(s, back);
                for (std::size_t i = 0; i < In; ++i) u[k * In + i] = frame[i];
            }
            push(s, x);
            for (std::size_t o = 0; o < Out; ++o) {
                T sum = q.b[o];
                for (std::size_t k = 0; k < Kernel; ++k)
                    for (std::size_t i = 0; i < In; ++i) sum += q.w[(k * In + i) * S + o] * u[k * In + i];
                y[o] = sum;
            }
        }
    }

    /// The window's forward pass: every frame's columns recorded in `ws`, taps before the
    /// window's first frame from the sequence's state, which is left at the window's end.
    template <class T, std::size_t MaxFrames>
    static constexpr void forward_window(const parameters<T>& p, buffers<T>&, std::span<state<T>> states,
                                         std::size_t frames, std::span<const std::array<T, In>> xs,
                                         std::span<std::array<T, Out>> ys, workspace<T, MaxFrames>& ws,
                                         mode) noexcept {
        for (std::size_t s = 0; s < states.size(); ++s) {
            const std::size_t first = s * frames;
            for (std::size_t t = 0; t < frames; ++t) {
                columns<T>& u = ws.columns[first + t];
                for (std::size_t k = 0; k < Kernel; ++k) {
                    const std::size_t back = (Kernel - 1 - k) * Dilation;
                    gather(t >= back ? xs[first + t - back] : before(states[s], back - t), k, u);
                }
                apply(p, u, ys[first + t]);
            }
            // Only the last `history` frames matter for the next window.
            for (std::size_t t = frames > history ? frames - history : 0; t < frames; ++t)
                push(states[s], xs[first + t]);
        }
    }

    /// The reverse sweep: dW += dy uᵀ and db += dy per frame (kernels::outer_update);
    /// du = Wᵀ dy (kernels::transposed_product) scattered back onto the frames it came from,
    /// those before the window dropped (truncated BPTT).
    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_window(const parameters<T>& p, const buffers<T>&, std::size_t sequences,
                                          std::size_t frames, std::span<const std::array<T, In>>,
                                          const workspace<T, MaxFrames>& ws,
                                          std::span<std::array<T, Out>> dys, parameters<T>& g,
                                          std::span<std::array<T, In>> dxs) noexcept {
        if constexpr (NeedInput)
            for (std::size_t n = 0; n < sequences * frames; ++n) dxs[n] = {};
        for (std::size_t s = 0; s < sequences; ++s) {
            for (std::size_t t = 0; t < frames; ++t) {
                const std::size_t n = s * frames + t;
                kernels::axpy(T(1), dys[n], g.bias);
                for (std::size_t gr = 0; gr < Groups; ++gr) {
                    std::array<T, out_per_group> dy;
                    for (std::size_t o = 0; o < out_per_group; ++o) dy[o] = dys[n][gr * out_per_group + o];
                    kernels::outer_update(T(1), dy, ws.columns[n][gr], g.weight[gr]);
                    if constexpr (NeedInput) {
                        std::array<T, column> du;
                        kernels::transposed_product(p.weight[gr], dy, du);
                        for (std::size_t k = 0; k < Kernel; ++k) {
                            const std::size_t back = (Kernel - 1 - k) * Dilation;
                            if (t < back) continue;
                            for (std::size_t i = 0; i < in_per_group; ++i)
                                dxs[n - back][gr * in_per_group + i] += du[i * Kernel + k];
                        }
                    }
                }
            }
        }
    }
};

}  // namespace constgrad::nn
