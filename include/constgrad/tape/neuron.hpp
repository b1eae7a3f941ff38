// A runtime neuron on the tape: act(w . x + b), input count chosen at run time.
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

/// The seed's neuron: act(w1 x1 + ... + wn xn + b), recorded on a tape. Parameters are plain
/// numbers owned by the neuron, laid out as w[0..n) then b (a one-output layer's layout),
/// starting at 0; after backward(), gradient() reads their gradients in that layout.
///
/// ```cpp
/// constgrad::tape::neuron<> n(2, constgrad::tape::activation::tanh);
/// n.load_parameters(std::vector{-3.0, 1.0, 6.8813735870195432});   // w1, w2, b
/// constgrad::tape::tape<> t;
/// auto o = n(t, std::vector{2.0, 0.0});    // 0.7071...
/// o.backward();                            // n.gradient() == {1.0, 0.0, 0.5}
/// ```
template <std::floating_point T = double>
class neuron {
public:
    using value_type = T;

    /// A neuron on `inputs` inputs, zero parameters (throws std::invalid_argument for 0).
    explicit neuron(std::size_t inputs, activation act = activation::identity, T leaky_slope = T(0.01))
        : shape_{inputs, 1, act, static_cast<double>(leaky_slope)}, params_(shape_.parameter_count())
    {
        detail::check_dense_shape(shape_, "constgrad::tape::neuron");
    }

    [[nodiscard]] std::size_t inputs() const noexcept { return shape_.inputs; }
    [[nodiscard]] activation act() const noexcept { return shape_.act; }
    [[nodiscard]] T leaky_slope() const noexcept { return static_cast<T>(shape_.leaky_slope); }

    /// inputs + 1.
    [[nodiscard]] std::size_t parameter_count() const noexcept { return params_.size(); }

    /// The parameters, flat (w, then b).
    [[nodiscard]] std::span<const T> parameters() const noexcept { return params_.values(); }

    /// The parameters, flat and writable; the next forward pass records the new numbers.
    [[nodiscard]] std::span<T> parameters() noexcept { return params_.values(); }

    /// Copies parameter_count() numbers in (throws std::invalid_argument on another count).
    void load_parameters(std::span<const T> flat) { params_.load(flat, "constgrad::tape::neuron::load_parameters"); }

    /// Writes d(output)/d(parameter) in the parameter layout.
    void gradient(std::span<T> out) const { params_.gradient(out, "constgrad::tape::neuron::gradient"); }

    /// The gradient as a new vector.
    [[nodiscard]] std::vector<T> gradient() const
    {
        std::vector<T> g(parameter_count());
        gradient(g);
        return g;
    }

    /// The neuron's output for inputs `x` (values on `t`).
    value<T> operator()(tape<T>& t, std::span<const value<T>> x)
    {
        value<T> y;
        detail::dense_forward<T, value<T>>(shape_, params_.bind(t), x, std::span<value<T>>(&y, 1),
                                           "constgrad::tape::neuron");
        return y;
    }

    /// The neuron's output for plain-number inputs `x`.
    value<T> operator()(tape<T>& t, std::span<const T> x)
    {
        value<T> y;
        detail::dense_forward<T, T>(shape_, params_.bind(t), x, std::span<value<T>>(&y, 1),
                                    "constgrad::tape::neuron");
        return y;
    }

private:
    detail::dense_shape shape_;
    detail::parameter_block<T> params_;
};

} // namespace constgrad::tape
