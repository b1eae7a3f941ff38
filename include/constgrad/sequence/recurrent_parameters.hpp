// nn::recurrent_parameters<T, In, H, Gates>: the trainable parameters of a GRU or LSTM layer.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../nn/rng.hpp"
#include "recurrent_init.hpp"

namespace constgrad::nn {

/// A recurrent layer's parameters as PyTorch's nn.GRU / nn.LSTM (one layer) hold them:
/// weight_ih [Gates·H][In], weight_hh [Gates·H][H], bias_ih [Gates·H], bias_hh [Gates·H], in
/// that order, each gate's H rows together (GRU: Gates = 3, rows r, z, n; LSTM: Gates = 4, rows
/// i, f, g, o). A state dict's tensors copy in without reshuffling.
template <class T, std::size_t In, std::size_t H, std::size_t Gates>
struct recurrent_parameters {
    std::array<std::array<T, In>, Gates * H> weight_ih;
    std::array<std::array<T, H>, Gates * H> weight_hh;
    std::array<T, Gates * H> bias_ih;
    std::array<T, Gates * H> bias_hh;

    static constexpr std::size_t size = Gates * H * (In + H + 2);

    friend constexpr bool operator==(const recurrent_parameters&,
                                     const recurrent_parameters&) = default;

    /// Scheme nn::recurrent_uniform: PyTorch's U(-1/sqrt(H), 1/sqrt(H)) for every parameter, in
    /// layout order; any nn/init.hpp scheme: weights from it (fan_in In or H, fan_out Gates·H),
    /// biases = scheme.bias.
    template <class Init>
    static constexpr void init(rng& r, const Init& scheme, recurrent_parameters& p) noexcept {
        if constexpr (std::is_same_v<Init, recurrent_uniform>) {
            auto draw = [&](T& x) { x = scheme.template draw<T>(r, H); };
            zip(draw, p);
        } else {
            for (auto& row : p.weight_ih)
                for (auto& w : row) w = scheme.template weight<T>(r, In, Gates * H);
            for (auto& row : p.weight_hh)
                for (auto& w : row) w = scheme.template weight<T>(r, H, Gates * H);
            for (auto& b : p.bias_ih) b = static_cast<T>(scheme.bias);
            for (auto& b : p.bias_hh) b = static_cast<T>(scheme.bias);
        }
    }

    /// Calls f(first.x, rest.x...) for every scalar x in layout order.
    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t o = 0; o < Gates * H; ++o)
            for (std::size_t i = 0; i < In; ++i) f(first.weight_ih[o][i], rest.weight_ih[o][i]...);
        for (std::size_t o = 0; o < Gates * H; ++o)
            for (std::size_t i = 0; i < H; ++i) f(first.weight_hh[o][i], rest.weight_hh[o][i]...);
        for (std::size_t o = 0; o < Gates * H; ++o) f(first.bias_ih[o], rest.bias_ih[o]...);
        for (std::size_t o = 0; o < Gates * H; ++o) f(first.bias_hh[o], rest.bias_hh[o]...);
    }
};

/// A GRU's parameters: gates r, z, n.
template <class T, std::size_t In, std::size_t H>
using gru_parameters = recurrent_parameters<T, In, H, 3>;

/// An LSTM's parameters: gates i, f, g, o.
template <class T, std::size_t In, std::size_t H>
using lstm_parameters = recurrent_parameters<T, In, H, 4>;

}  // namespace constgrad::nn
