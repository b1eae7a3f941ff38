// nn::residual<Layers...>: a skip connection around a chain of layers, y = x + f(x).
#pragma once

#include <array>
#include <cstddef>

#include "chain.hpp"
#include "rng.hpp"

namespace constgrad::detail {

template <class Body>
constexpr bool nn_residual_widths_ok() noexcept {
    constexpr bool same = Body::inputs == Body::outputs;
    static_assert(same,
                  "constgrad::nn::residual<Layers...>: y = x + f(x) needs the layers' output width "
                  "to equal their input width");
    return same;
}

}  // namespace constgrad::detail

namespace constgrad::nn {

/// y = x + f(x), f the layers Ls... in order (nn::chain<Ls...>): a residual block, itself a
/// layer, so blocks stack in a network and nest in nn::parallel. The layers' output width must
/// equal their input width. Parameters: the layers' parameters in order (`p.layer<K>()`).
/// The backward pass adds dy to the input gradient of f (the identity path's derivative).
///
///     using block = nn::residual<nn::dense<8, 16, nn::tanh>, nn::dense<16, 8>>;
///     using net = nn::network<nn::dense<1, 8, nn::tanh>, block, block, nn::dense<8, 1>>;
template <class... Ls>
struct residual {
private:
    using body = chain<Ls...>;
    static_assert(detail::nn_residual_widths_ok<body>());

public:
    static constexpr std::size_t inputs = body::inputs;
    static constexpr std::size_t outputs = body::outputs;
    template <class T>
    using parameters = typename body::template parameters<T>;
    template <class T>
    using cache = typename body::template cache<T>;

    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p) {
        body::template init<T>(r, scheme, p);
    }

    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, inputs>& x,
                                  std::array<T, outputs>& y) noexcept {
        body::forward(p, x, y);
        for (std::size_t i = 0; i < outputs; ++i) y[i] += x[i];
    }

    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, inputs>& x,
                                            std::array<T, outputs>& y, cache<T>& c) noexcept {
        body::forward_recording(p, x, y, c);
        for (std::size_t i = 0; i < outputs; ++i) y[i] += x[i];
    }

    /// dx = dy + (df/dx)ᵀ dy; the body's parameter gradient added to g.
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, inputs>& x,
                                   const cache<T>& c, std::array<T, outputs>& dy, parameters<T>& g,
                                   std::array<T, inputs>& dx) noexcept {
        if constexpr (NeedInput) {
            const std::array<T, outputs> skip = dy;  // the body may overwrite dy
            body::template backward<true>(p, x, c, dy, g, dx);
            for (std::size_t i = 0; i < inputs; ++i) dx[i] += skip[i];
        } else {
            body::template backward<false>(p, x, c, dy, g, dx);
        }
    }

    template <bool NeedInput, class T>
    static constexpr void backward_descend(parameters<T>& p, const std::array<T, inputs>& x,
                                           const cache<T>& c, std::array<T, outputs>& dy, T rate,
                                           std::array<T, inputs>& dx) noexcept {
        if constexpr (NeedInput) {
            const std::array<T, outputs> skip = dy;
            body::template backward_descend<true>(p, x, c, dy, rate, dx);
            for (std::size_t i = 0; i < inputs; ++i) dx[i] += skip[i];
        } else {
            body::template backward_descend<false>(p, x, c, dy, rate, dx);
        }
    }
};

}  // namespace constgrad::nn
