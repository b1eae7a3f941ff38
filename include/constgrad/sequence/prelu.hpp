// nn::prelu<Channels>: PReLU with a learned slope per channel, as a sequence layer.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "../expr/evaluate.hpp"
#include "../expr/functions/leaky_relu.hpp"
#include "../expr/variable.hpp"
#include "../nn/rng.hpp"
#include "../schedule/gradient.hpp"
#include "layer.hpp"

namespace constgrad::nn {

/// The parameters of prelu<Channels>: PyTorch's PReLU(num_parameters=Channels) `weight`, one
/// slope per channel. `{}` is all zeros; init() sets 0.25, PyTorch's default.
template <class T, std::size_t Channels>
struct prelu_parameters {
    std::array<T, Channels> weight;

    static constexpr std::size_t size = Channels;

    friend constexpr bool operator==(const prelu_parameters&, const prelu_parameters&) = default;

    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t c = 0; c < Channels; ++c) f(first.weight[c], rest.weight[c]...);
    }
};

/// What the reverse pass needs: dy/dx and dy/da of every frame and channel.
template <class T, std::size_t Channels, std::size_t MaxFrames>
struct prelu_workspace {
    std::array<std::array<T, Channels>, MaxFrames> input_slope;
    std::array<std::array<T, Channels>, MaxFrames> weight_slope;
};

/// PReLU: y[c] = x[c] for x[c] > 0, a[c]·x[c] otherwise, with a learned slope a[c] per channel
/// (PyTorch's PReLU(Channels); dy/dx at 0 is a, as PyTorch). The cell is the scalar formula
/// constgrad::leaky_relu(x, a) of two variables: its value and both partial derivatives come
/// from the engine's gradient(), nothing written by hand. Stateless from frame to frame.
///
///     using layer = constgrad::nn::prelu<8>;
template <std::size_t Channels>
struct prelu {
    static_assert(Channels > 0, "constgrad::nn::prelu<Channels>: Channels must be positive");

    static constexpr std::size_t inputs = Channels;
    static constexpr std::size_t outputs = Channels;

    static constexpr variable<"x"> input{};
    static constexpr variable<"a"> slope{};
    /// The cell: y = leaky_relu(x, a).
    static constexpr auto formula = constgrad::leaky_relu(input, slope);

    template <class T>
    using parameters = prelu_parameters<T, Channels>;
    template <class T>
    using buffers = no_buffers;
    template <class T>
    using state = no_buffers;
    template <class T, std::size_t MaxFrames>
    using workspace = prelu_workspace<T, Channels, MaxFrames>;

    /// Every slope 0.25 (PyTorch's init); no draw from `r`.
    template <class T, class Init>
    static constexpr void init(rng&, const Init&, parameters<T>& p, buffers<T>&) noexcept {
        p.weight.fill(T(0.25));
    }

    template <class T>
    static constexpr void step(const parameters<T>& p, const buffers<T>&, state<T>&,
                               const std::array<T, Channels>& x, std::array<T, Channels>& y) noexcept {
        for (std::size_t c = 0; c < Channels; ++c) y[c] = constgrad::evaluate(formula, input = x[c], slope = p.weight[c]);
    }

    template <class T, std::size_t MaxFrames>
    static constexpr void forward_window(const parameters<T>& p, buffers<T>&, std::span<state<T>> states,
                                         std::size_t frames, std::span<const std::array<T, Channels>> xs,
                                         std::span<std::array<T, Channels>> ys, workspace<T, MaxFrames>& ws,
                                         mode) noexcept {
        for (std::size_t f = 0; f < states.size() * frames; ++f)
            for (std::size_t c = 0; c < Channels; ++c) {
                const auto g = constgrad::gradient(formula, input = xs[f][c], slope = p.weight[c]);
                ys[f][c] = g.value();
                ws.input_slope[f][c] = g[input];
                ws.weight_slope[f][c] = g[slope];
            }
    }

    template <bool NeedInput, class T, std::size_t MaxFrames>
    static constexpr void backward_window(const parameters<T>&, const buffers<T>&, std::size_t sequences,
                                          std::size_t frames, std::span<const std::array<T, Channels>>,
                                          const workspace<T, MaxFrames>& ws,
                                          std::span<std::array<T, Channels>> dys, parameters<T>& g,
                                          std::span<std::array<T, Channels>> dxs) noexcept {
        for (std::size_t f = 0; f < sequences * frames; ++f)
            for (std::size_t c = 0; c < Channels; ++c) {
                g.weight[c] += dys[f][c] * ws.weight_slope[f][c];
                if constexpr (NeedInput) dxs[f][c] = dys[f][c] * ws.input_slope[f][c];
            }
    }
};

}  // namespace constgrad::nn
