// nn::recurrent_uniform: PyTorch's initialisation of GRU and LSTM parameters.
#pragma once

#include <cstddef>

#include "../math/sqrt.hpp"
#include "../nn/rng.hpp"

namespace constgrad::nn {

/// U(-1/sqrt(H), 1/sqrt(H)) for every parameter of a recurrent layer of H hidden units,
/// weights and biases alike (PyTorch's nn.GRU and nn.LSTM reset_parameters). Other layers
/// (nn::time_distributed<nn::dense<...>>, conv) see an ordinary weight scheme: weights
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's nn.Linear weight bound), biases 0, so one
/// scheme initialises a whole sequence_network. gru and lstm also take any scheme of
/// nn/init.hpp (weights from it with fan_in = In or H, fan_out = gates * H; biases its `bias`).
struct recurrent_uniform {
    double bias = 0.0;

    template <class T>
    constexpr T weight(rng& r, std::size_t fan_in, std::size_t) const noexcept {
        return draw<T>(r, fan_in);
    }

    template <class T>
    constexpr T draw(rng& r, std::size_t hidden) const noexcept {
        const double k = 1.0 / math::sqrt(static_cast<double>(hidden));
        return static_cast<T>(r.uniform(-k, k));
    }
};

}  // namespace constgrad::nn
