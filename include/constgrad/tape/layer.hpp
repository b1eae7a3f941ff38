// A runtime dense layer on the tape: outputs = act(W x + b), sizes chosen at run time.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

#include "constgrad/tape/activation.hpp"
#include "constgrad/tape/detail/dense.hpp"
#include "constgrad/tape/detail/parameter_block.hpp"
#include "constgrad/tape/tape.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// The seed's layer, micrograd style: `outputs` neurons on the same `inputs`, each
/// act(w . x + b), recorded on a tape. The parameters are plain numbers owned by the layer,
/// in the layout of the compile-time `nn::dense<In, Out, Act>`: W row-major (W[j][i] at
/// j * inputs + i, row j = the weights of output j), then b[0..outputs). They start at 0:
/// load them with load_parameters() (e.g. from a compile-time network's parameters).
///
/// A forward pass records the parameters as leaves once per tape generation; after
/// `backward()`, gradient() reads their gradients out in the same layout.
///
/// ```cpp
/// constgrad::tape::layer<> l(2, 3, constgrad::tape::activation::tanh);
/// l.load_parameters(flat);                 // 3*2 weights, then 3 biases
/// constgrad::tape::tape<> t;
/// auto y = l(t, std::vector{1.0, -2.0});   // 3 values
/// (y[0] + y[1] + y[2]).backward();
/// std::vector<double> g = l.gradient();
/// ```
template <std::floating_point T = double>
class layer {
public:
    using value_type = T;

    /// A layer of `outputs` neurons on `inputs` inputs, zero parameters. Throws
    /// std::invalid_argument for 0 inputs or outputs.
    layer(std::size_t inputs, std::size_t outputs, activation act = activation::identity,
          T leaky_slope = T(0.01))
        : shape_{inputs, outputs, act, static_cast<double>(leaky_slope)}, params_(shape_.parameter_count())
    {
        detail::check_dense_shape(shape_, "constgrad::tape::layer");
    }

    [[nodiscard]] std::size_t inputs() const noexcept { return shape_.inputs; }
    [[nodiscard]] std::size_t outputs() const noexcept { return shape_.outputs; }
    [[nodiscard]] activation act() const noexcept { return shape_.act; }
    [[nodiscard]] T leaky_slope() const noexcept { return static_cast<T>(shape_.leaky_slope); }

    /// outputs * inputs + outputs.
    [[nodiscard]] std::size_t parameter_count() const noexcept { return params_.size(); }

    /// The parameters, flat (W row-major, then b).
    [[nodiscard]] std::span<const T> parameters() const noexcept { return params_.values(); }

    /// The parameters, flat and writable (an optimizer step). Change them between steps:
    /// the next forward pass records the new numbers.
    [[nodiscard]] std::span<T> parameters() noexcept { return params_.values(); }

    /// Copies parameter_count() numbers in (throws std::invalid_argument on another count).
    void load_parameters(std::span<const T> flat) { params_.load(flat, "constgrad::tape::layer::load_parameters"); }

    /// Writes d(output)/d(parameter) in the parameter layout (throws std::invalid_argument on
    /// a wrong size, stale_value_error if the tape was cleared after the forward pass).
    void gradient(std::span<T> out) const { params_.gradient(out, "constgrad::tape::layer::gradient"); }

    /// The gradient as a new vector; see gradient(std::span<T>).
    [[nodiscard]] std::vector<T> gradient() const
    {
        std::vector<T> g(parameter_count());
        gradient(g);
        return g;
    }

    /// Records the layer on `t` for inputs `x`, writing the outputs into `y` (no allocation).
    void forward(tape<T>& t, std::span<const value<T>> x, std::span<value<T>> y)
    {
        detail::dense_forward<T, value<T>>(shape_, params_.bind(t), x, y, "constgrad::tape::layer");
    }

    /// Records the layer on `t` for plain-number inputs (constants: they get no nodes).
    void forward(tape<T>& t, std::span<const T> x, std::span<value<T>> y)
    {
        detail::dense_forward<T, T>(shape_, params_.bind(t), x, y, "constgrad::tape::layer");
    }

    /// The outputs for inputs `x`, as a new vector.
    std::vector<value<T>> operator()(tape<T>& t, std::span<const value<T>> x)
    {
        std::vector<value<T>> y(outputs());
        forward(t, x, y);
        return y;
    }

    /// The outputs for plain-number inputs `x`, as a new vector.
    std::vector<value<T>> operator()(tape<T>& t, std::span<const T> x)
    {
        std::vector<value<T>> y(outputs());
        forward(t, x, y);
        return y;
    }

private:
    detail::dense_shape shape_;
    detail::parameter_block<T> params_;
};

} // namespace constgrad::tape
