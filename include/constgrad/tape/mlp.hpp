// A runtime multilayer perceptron on the tape: dense layers chosen at run time, flat parameters.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "constgrad/nn/init.hpp"
#include "constgrad/nn/rng.hpp"
#include "constgrad/nn/seed.hpp"
#include "constgrad/tape/activation.hpp"
#include "constgrad/tape/detail/dense.hpp"
#include "constgrad/tape/detail/parameter_block.hpp"
#include "constgrad/tape/layer.hpp"
#include "constgrad/tape/tape.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

/// The seed's network L_k(...L_2(L_1(x))) of dense layers, micrograd style, with sizes chosen
/// at run time: the runtime-tape baseline of the compile-time `nn::network`. All parameters
/// are one flat array in the compile-time networks' layout: for each layer in order, its W
/// row-major (W[j][i] at j * inputs + i), then its b. So the flat parameters of
/// `nn::network<dense<2,16,relu>, dense<16,16,relu>, dense<16,1>>` load directly into
/// `mlp<>(2, {16, 16, 1})`, and gradient() is comparable number by number.
///
/// init(seed, scheme) draws the same numbers as `nn::network<...>::init(seed, scheme)` for
/// the same shapes (one nn::rng, layer by layer, weights row by row, biases = scheme.bias).
///
/// A forward pass records the parameters as leaves once per tape generation (later passes on
/// the same generation reuse them, so a loss summed over samples accumulates one gradient per
/// parameter) and writes the layer outputs into buffers owned by the mlp: apart from the
/// tape's own growth, a forward pass allocates nothing.
///
/// ```cpp
/// constgrad::tape::mlp<> net(2, {16, 16, 1});        // relu, relu, identity
/// net.load_parameters(flat);
/// constgrad::tape::tape<> t;
/// auto out = net(t, std::vector{0.5, -1.0});        // span of 1 value
/// square(out[0] - 1.0).backward();
/// std::vector<double> g = net.gradient();
/// t.clear();                                        // next step reuses the storage
/// ```
template <std::floating_point T = double>
class mlp {
public:
    using value_type = T;

    /// micrograd's MLP(nin, nouts): layers of the given widths on `inputs` inputs, `hidden`
    /// activation on all but the last layer, `output` activation on the last. Zero
    /// parameters. Throws std::invalid_argument for an empty list or a zero size.
    mlp(std::size_t inputs, const std::vector<std::size_t>& widths, activation hidden = activation::relu,
        activation output = activation::identity, T leaky_slope = T(0.01))
    {
        if (widths.empty()) {
            throw std::invalid_argument("constgrad::tape::mlp: at least one layer is needed");
        }
        std::size_t in = inputs;
        for (std::size_t k = 0; k < widths.size(); ++k) {
            const activation act = k + 1 == widths.size() ? output : hidden;
            shapes_.push_back({in, widths[k], act, static_cast<double>(leaky_slope)});
            in = widths[k];
        }
        finish_construction();
    }

    /// An mlp of the given layers, in order (their shapes, activations and current parameters
    /// are copied). Throws std::invalid_argument if a layer's inputs differ from the previous
    /// layer's outputs or the list is empty.
    mlp(std::initializer_list<layer<T>> layers) : mlp(std::vector<layer<T>>(layers)) {}

    /// See mlp(std::initializer_list<layer<T>>).
    explicit mlp(const std::vector<layer<T>>& layers)
    {
        if (layers.empty()) {
            throw std::invalid_argument("constgrad::tape::mlp: at least one layer is needed");
        }
        for (std::size_t k = 0; k < layers.size(); ++k) {
            const layer<T>& l = layers[k];
            if (k > 0 && l.inputs() != layers[k - 1].outputs()) {
                throw std::invalid_argument("constgrad::tape::mlp: layer " + std::to_string(k) + " takes "
                                            + std::to_string(l.inputs()) + " inputs but layer "
                                            + std::to_string(k - 1) + " gives " + std::to_string(layers[k - 1].outputs()));
            }
            shapes_.push_back({l.inputs(), l.outputs(), l.act(), static_cast<double>(l.leaky_slope())});
        }
        finish_construction();
        std::span<T> flat = params_.values();
        std::size_t offset = 0;
        for (const layer<T>& l : layers) {
            std::copy(l.parameters().begin(), l.parameters().end(), flat.begin() + static_cast<std::ptrdiff_t>(offset));
            offset += l.parameter_count();
        }
    }

    /// Width of the input.
    [[nodiscard]] std::size_t inputs() const noexcept { return shapes_.front().inputs; }
    /// Width of the output (the last layer's outputs).
    [[nodiscard]] std::size_t outputs() const noexcept { return shapes_.back().outputs; }
    /// Number of layers.
    [[nodiscard]] std::size_t layer_count() const noexcept { return shapes_.size(); }
    /// Inputs of layer k (k < layer_count()).
    [[nodiscard]] std::size_t layer_inputs(std::size_t k) const { return shapes_.at(k).inputs; }
    /// Outputs of layer k.
    [[nodiscard]] std::size_t layer_outputs(std::size_t k) const { return shapes_.at(k).outputs; }
    /// Activation of layer k.
    [[nodiscard]] activation layer_activation(std::size_t k) const { return shapes_.at(k).act; }

    /// Total number of parameters: sum over layers of outputs * inputs + outputs.
    [[nodiscard]] std::size_t parameter_count() const noexcept { return params_.size(); }

    /// All parameters, flat, in the compile-time networks' layout.
    [[nodiscard]] std::span<const T> parameters() const noexcept { return params_.values(); }

    /// All parameters, flat and writable (an optimizer step); change them between steps: the
    /// next forward pass records the new numbers.
    [[nodiscard]] std::span<T> parameters() noexcept { return params_.values(); }

    /// Copies parameter_count() numbers in (throws std::invalid_argument on another count).
    void load_parameters(std::span<const T> flat) { params_.load(flat, "constgrad::tape::mlp::load_parameters"); }

    /// Fresh parameters, exactly those of the compile-time network of the same shapes:
    /// `nn::network<...>::init<T>(s, scheme)` (Glorot uniform by default). Weights come from
    /// one nn::rng seeded by `s`, layer by layer, row by row, scheme.weight<T>(rng, in, out);
    /// every bias is scheme.bias.
    template <class Init = nn::glorot_uniform>
    void init(nn::seed s, const Init& scheme = {})
    {
        nn::rng r{s};
        std::span<T> flat = params_.values();
        std::size_t k = 0;
        for (const detail::dense_shape& sh : shapes_) {
            for (std::size_t w = 0; w < sh.outputs * sh.inputs; ++w) {
                flat[k++] = scheme.template weight<T>(r, sh.inputs, sh.outputs);
            }
            for (std::size_t b = 0; b < sh.outputs; ++b) {
                flat[k++] = static_cast<T>(scheme.bias);
            }
        }
    }

    /// Writes d(output)/d(parameter) in the parameter layout (throws std::invalid_argument on
    /// a wrong size, stale_value_error if the tape was cleared after the forward pass).
    void gradient(std::span<T> out) const { params_.gradient(out, "constgrad::tape::mlp::gradient"); }

    /// The gradient as a new vector.
    [[nodiscard]] std::vector<T> gradient() const
    {
        std::vector<T> g(parameter_count());
        gradient(g);
        return g;
    }

    /// Records the network on `t` for inputs `x` (values on `t`). Returns the outputs, a view
    /// of a buffer owned by the mlp, valid until the next forward pass.
    std::span<const value<T>> operator()(tape<T>& t, std::span<const value<T>> x) { return run(t, x); }

    /// Records the network on `t` for plain-number inputs (constants: they get no nodes).
    std::span<const value<T>> operator()(tape<T>& t, std::span<const T> x) { return run(t, x); }

private:
    void finish_construction()
    {
        std::size_t count = 0;
        for (const detail::dense_shape& s : shapes_) {
            detail::check_dense_shape(s, "constgrad::tape::mlp");
            count += s.parameter_count();
            buffers_.emplace_back(s.outputs);
        }
        params_ = detail::parameter_block<T>(count);
    }

    template <class X>
    std::span<const value<T>> run(tape<T>& t, std::span<const X> x)
    {
        const std::span<const value<T>> p = params_.bind(t);
        std::size_t offset = 0;
        for (std::size_t k = 0; k < shapes_.size(); ++k) {
            const detail::dense_shape& s = shapes_[k];
            const std::span<const value<T>> pk = p.subspan(offset, s.parameter_count());
            if (k == 0) {
                detail::dense_forward<T, X>(s, pk, x, buffers_[0], "constgrad::tape::mlp");
            } else {
                detail::dense_forward<T, value<T>>(s, pk, buffers_[k - 1], buffers_[k], "constgrad::tape::mlp");
            }
            offset += s.parameter_count();
        }
        return buffers_.back();
    }

    std::vector<detail::dense_shape> shapes_;
    detail::parameter_block<T> params_{0};
    std::vector<std::vector<value<T>>> buffers_;  // outputs of each layer, reused by every pass
};

} // namespace constgrad::tape
