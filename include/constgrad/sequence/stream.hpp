// nn::stream<Net, T>: a sequence network run one frame at a time (real-time inference).
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "sequence_inference.hpp"

namespace constgrad::nn {

/// The state of one stream through a sequence network Net (nn::sequence_network or a single
/// sequence layer) in scalar type T: step() takes one frame in and gives one out, process()
/// a buffer of frames; the parameters and buffers are passed in (several streams may share
/// them). noexcept, no allocation, no locks; one step costs one frame of every layer (a
/// convolution's ring buffer keeps it O(kernel x channels)). Its outputs equal Net's
/// whole-sequence forward from the zero state.
///
///     constgrad::nn::stream<net, float> s;                  // zero state
///     for (float& v : audio) v = s.step(p, b, {v})[0];
template <class Net, class T>
struct stream {
    using parameters = typename Net::template parameters<T>;
    using buffers = typename Net::template buffers<T>;
    using state_type = typename Net::template state<T>;
    using input_frame = std::array<T, Net::inputs>;
    using output_frame = std::array<T, Net::outputs>;

    state_type state{};

    /// One frame in, one frame out; the state advances by one frame.
    constexpr output_frame step(const parameters& p, const buffers& b,
                                const input_frame& x) noexcept {
        output_frame y;
        Net::template step<T>(p, b, state, x, y);
        return y;
    }

    /// out[t] = step(in[t]) for every frame of in (out.size() >= in.size()).
    constexpr void process(const parameters& p, const buffers& b, std::span<const input_frame> in,
                           std::span<output_frame> out) noexcept {
        for (std::size_t t = 0; t < in.size(); ++t)
            Net::template step<T>(p, b, state, in[t], out[t]);
    }

    /// The same two on a prepared snapshot of the parameters (nn::sequence_inference: the
    /// recurrent products by columns), same outputs within rounding.
    constexpr output_frame step(const sequence_inference<Net, T>& run, const input_frame& x) noexcept {
        output_frame y;
        run.step(state, x, y);
        return y;
    }
    constexpr void process(const sequence_inference<Net, T>& run, std::span<const input_frame> in,
                           std::span<output_frame> out) noexcept {
        run.process(state, in, out);
    }

    /// Back to the zero state (h0 = 0, zeros before the first frame).
    constexpr void reset() noexcept { state = state_type{}; }
};

}  // namespace constgrad::nn
