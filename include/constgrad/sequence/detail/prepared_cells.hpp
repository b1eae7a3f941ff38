// detail::gru_step_unit, lstm_cell_unit, lstm_output_unit: the GRU and LSTM cells' values for
// the prepared streaming step (nn::sequence_inference), on packs, float tanh in float.
#pragma once

#include <array>
#include <type_traits>

#include "../../kernels/math/sigmoid.hpp"
#include "../../kernels/math/sigmoid_single.hpp"
#include "../../kernels/math/tanh.hpp"
#include "../../kernels/math/tanh_single.hpp"

namespace constgrad::detail {

// The formulas of gru_cell_formula and lstm_cell_formula, value only, written out for the
// streaming step: the same functions (kernels::sigmoid, and tanh), but float tanh through
// kernels::tanh_single (evaluated in float, within 5.3 ulp) instead of kernels::tanh (evaluated
// in double, 0.87 ulp), which the formula engine uses and whose results the tests pin; the
// training path keeps the formulas. Measured in the prepared GRU-16 step (g++ -march=native,
// best of 4 x 15 runs at load 17): 64 ns per sample with tanh_single, 71 with kernels::tanh.
template <class V>
[[gnu::always_inline]] inline V streaming_tanh(V x) noexcept {
    if constexpr (sizeof(kernels::detail::scalar_t<V>) == 4)
        return kernels::tanh_single(x);
    else
        return kernels::tanh(x);
}

// The gates' sigmoid likewise: float through kernels::sigmoid_single (0.5 + 0.5·tanh_single(x/2),
// one float rational and division, absolute error <= 3.38·2^-24) instead of kernels::sigmoid
// (a float exp and a division, 4 ulp relative); measured in benchmarks/notes.md ("round 2").
template <class V>
[[gnu::always_inline]] inline V streaming_sigmoid(V x) noexcept {
    if constexpr (sizeof(kernels::detail::scalar_t<V>) == 4)
        return kernels::sigmoid_single(x);
    else
        return kernels::sigmoid(x);
}

/// h' = (1 − σ(z)) ⊙ tanh(n_x + σ(r) ⊙ n_h) + σ(z) ⊙ h, as n + σ(z)·(h − n); v = r, z, n_x, n_h, h.
struct gru_step_unit {
    template <class V>
    [[gnu::always_inline]] V operator()(const std::array<V, 5>& v) const noexcept {
        const V n = streaming_tanh(v[2] + streaming_sigmoid(v[0]) * v[3]);
        return n + streaming_sigmoid(v[1]) * (v[4] - n);
    }
};

/// c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g); v = i, f, g, c.
struct lstm_cell_unit {
    template <class V>
    [[gnu::always_inline]] V operator()(const std::array<V, 4>& v) const noexcept {
        return streaming_sigmoid(v[1]) * v[3] + streaming_sigmoid(v[0]) * streaming_tanh(v[2]);
    }
};

/// h' = σ(o) ⊙ tanh(c'); v = o, c'.
struct lstm_output_unit {
    template <class V>
    [[gnu::always_inline]] V operator()(const std::array<V, 2>& v) const noexcept {
        return streaming_sigmoid(v[0]) * streaming_tanh(v[1]);
    }
};

}  // namespace constgrad::detail
