// The forward pass shared by runtime neurons, layers and mlps: y = act(W x + b) on the tape.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "constgrad/tape/activate.hpp"
#include "constgrad/tape/activation.hpp"
#include "constgrad/tape/operators.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape::detail {

// Shape of one dense layer (the part of a layer that is not its parameters).
struct dense_shape {
    std::size_t inputs;
    std::size_t outputs;
    activation act;
    double leaky_slope;

    [[nodiscard]] std::size_t parameter_count() const noexcept { return outputs * inputs + outputs; }
};

inline void check_dense_shape(const dense_shape& s, const char* who)
{
    if (s.inputs == 0 || s.outputs == 0) {
        throw std::invalid_argument(std::string(who) + ": a layer needs at least one input and one output");
    }
}

// `p` holds the layer's leaves in the compile-time networks' layout: W row-major
// (W[j][i] at j * inputs + i, row j = output j's weights), then b[0..outputs). Each output
// is (((W[j][0] x[0] + W[j][1] x[1]) + ...) + W[j][n-1] x[n-1]) + b[j], then the
// activation: the summation order of the seed's neuron w1 x1 + ... + wn xn + b.
// X is T (plain inputs: the products are unary nodes, no leaves for the inputs) or value<T>.
template <class T, class X>
void dense_forward(const dense_shape& s, std::span<const value<T>> p, std::span<const X> x,
                   std::span<value<T>> y, const char* who)
{
    if (x.size() != s.inputs || y.size() != s.outputs) {
        throw std::invalid_argument(std::string(who) + ": the layer takes " + std::to_string(s.inputs)
                                    + " inputs and gives " + std::to_string(s.outputs) + " outputs, got "
                                    + std::to_string(x.size()) + " inputs and room for "
                                    + std::to_string(y.size()) + " outputs");
    }
    const std::size_t n = s.inputs;
    const std::span<const value<T>> b = p.subspan(s.outputs * n, s.outputs);
    for (std::size_t j = 0; j < s.outputs; ++j) {
        const std::span<const value<T>> w = p.subspan(j * n, n);
        value<T> z = w[0] * x[0];
        for (std::size_t i = 1; i < n; ++i) {
            z = z + w[i] * x[i];
        }
        z = z + b[j];
        y[j] = activate(z, s.act, static_cast<T>(s.leaky_slope));
    }
}

} // namespace constgrad::tape::detail
