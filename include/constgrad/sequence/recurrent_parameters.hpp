// nn::recurrent_parameters<T, In, H, Gates>: the trainable parameters of a GRU or LSTM layer.
#pragma once

#include <array>
#include <cstddef>

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
