// Built-in losses. Elementwise, as formulas of prediction p and target t: squared_error, mse,
// hinge. Whole-output, from logits: softmax_cross_entropy (probability or one-hot targets),
// sparse_softmax_cross_entropy (class-index targets), binary_cross_entropy_with_logits.
#pragma once

#include <array>
#include <cstddef>
#include <limits>

#include "../expr/arithmetic.hpp"
#include "../expr/functions/relu.hpp"
#include "../expr/functions/square.hpp"
#include "../expr/literal.hpp"
#include "../expr/variable.hpp"
#include "../math/exp.hpp"
#include "../math/log.hpp"
#include "../math/log1p.hpp"
#include "loss.hpp"
#include "reduction.hpp"

namespace constgrad::nn {

namespace detail_losses {
inline constexpr variable<"p"> p{};
inline constexpr variable<"t"> t{};
}  // namespace detail_losses

/// The seed's loss: Σ over outputs and samples of (p - t)^2.
inline constexpr auto squared_error = loss(detail_losses::p, detail_losses::t,
                                           constgrad::square(detail_losses::p - detail_losses::t));

/// Mean squared error: the average over outputs and samples of (p - t)^2.
inline constexpr auto mse = squared_error.with(reduction::mean);

/// Hinge (max-margin) loss for ±1 labels: the average of max(0, 1 - t p), as in the classic
/// micrograd two-moons demo; the prediction is a score whose sign is the class.
inline constexpr auto hinge =
    loss(detail_losses::p, detail_losses::t,
         constgrad::relu(c<1> - detail_losses::p * detail_losses::t), reduction::mean);

/// The types of the built-in losses.
using squared_error_t = std::remove_cv_t<decltype(squared_error)>;
using mse_t = std::remove_cv_t<decltype(mse)>;
using hinge_t = std::remove_cv_t<decltype(hinge)>;

/// What the target of a softmax cross-entropy is: a probability distribution over the Out
/// classes (a one-hot std::array is one), or the index of the class (one value).
enum class class_target { probabilities, index };

/// Softmax cross-entropy from logits, a whole-output loss (nn::WholeOutputLoss): for logits z
/// (the network's last layer, no activation) the loss of a sample is
/// -Σ_k t_k log softmax(z)_k = Σ_k t_k (lse(z) - z_k), lse(z) = m + log Σ_k exp(z_k - m),
/// m = max_k z_k (stable for any finite logits: (1000, 0, -1000) gives exactly 1000 for class
/// 1, in float too); dLoss/dz = softmax(z) Σ_k t_k - t. With Target = class_target::index
/// the target is one value holding the class c (an integer in [0, Out)): loss lse(z) - z_c,
/// dLoss/dz = softmax(z) - onehot(c); another value gives a NaN loss and gradient. Over a
/// batch: the mean (default, as PyTorch's CrossEntropyLoss) or the sum of the samples' losses.
template <class_target Target>
struct softmax_cross_entropy_loss {
    nn::reduction reduce = nn::reduction::mean;

    /// The target's width for Out logits: Out probabilities, or 1 (the class index).
    template <std::size_t Out>
    static constexpr std::size_t target_size = Target == class_target::index ? 1 : Out;

    /// The sample's loss.
    template <class T, std::size_t Out>
    constexpr T value(const std::array<T, Out>& z,
                      const std::array<T, target_size<Out>>& y) const noexcept {
        std::array<T, Out> unused{};
        return compute<false>(z, y, unused);
    }

    /// The sample's loss, and dLoss/dz written to dz.
    template <class T, std::size_t Out>
    constexpr T value_and_gradient(const std::array<T, Out>& z,
                                   const std::array<T, target_size<Out>>& y,
                                   std::array<T, Out>& dz) const noexcept {
        return compute<true>(z, y, dz);
    }

    /// The same loss averaged over a batch instead of summed (or the other way round).
    constexpr softmax_cross_entropy_loss with(nn::reduction r) const noexcept { return {r}; }

private:
    // One pass for the maximum, one for exp(z - m) (kept in dz for the gradient), then the
    // target's terms: the reverse rule of log-softmax and of the target's weighting, once.
    template <bool Gradient, class T, std::size_t Out, std::size_t W>
    static constexpr T compute(const std::array<T, Out>& z, const std::array<T, W>& y,
                               std::array<T, Out>& dz) noexcept {
        T m = z[0];
        for (std::size_t k = 1; k < Out; ++k)
            if (z[k] > m) m = z[k];
        T s{};
        for (std::size_t k = 0; k < Out; ++k) {
            const T e = constgrad::math::exp(z[k] - m);
            if constexpr (Gradient) dz[k] = e;
            s += e;
        }
        const T lse = m + constgrad::math::log(s);
        const T inv = T(1) / s;
        if constexpr (Target == class_target::index) {
            const T c = y[0];
            const bool valid = c >= T(0) && c < static_cast<T>(Out) &&
                               static_cast<T>(static_cast<std::size_t>(c)) == c;
            if (!valid) {
                if constexpr (Gradient) dz.fill(std::numeric_limits<T>::quiet_NaN());
                return std::numeric_limits<T>::quiet_NaN();
            }
            const auto i = static_cast<std::size_t>(c);
            if constexpr (Gradient) {
                for (std::size_t k = 0; k < Out; ++k) dz[k] *= inv;
                dz[i] -= T(1);
            }
            return lse - z[i];
        } else {
            T total{}, value{};
            for (std::size_t k = 0; k < Out; ++k) {
                total += y[k];
                // A zero target adds nothing, even against a logit of -inf.
                if (y[k] != T(0)) value += y[k] * (lse - z[k]);
            }
            if constexpr (Gradient)
                for (std::size_t k = 0; k < Out; ++k) dz[k] = dz[k] * inv * total - y[k];
            return value;
        }
    }
};

/// Binary cross-entropy from logits, a whole-output loss: each output z_k is the logit of an
/// independent 0/1 (or probability) target t_k, loss max(z, 0) - z t + log(1 + exp(-|z|))
/// (stable: no exp of a large positive number, no log of 0), dLoss/dz = sigmoid(z) - t.
/// reduction::mean (default, as PyTorch's BCEWithLogitsLoss) averages over the outputs and the
/// samples; reduction::sum sums both.
struct binary_cross_entropy_with_logits_loss {
    nn::reduction reduce = nn::reduction::mean;

    /// The target has the output's width.
    template <std::size_t Out>
    static constexpr std::size_t target_size = Out;

    /// The sample's loss (averaged over its outputs for reduction::mean).
    template <class T, std::size_t Out>
    constexpr T value(const std::array<T, Out>& z, const std::array<T, Out>& y) const noexcept {
        std::array<T, Out> unused{};
        return compute<false>(z, y, unused);
    }

    /// The sample's loss, and dLoss/dz written to dz.
    template <class T, std::size_t Out>
    constexpr T value_and_gradient(const std::array<T, Out>& z, const std::array<T, Out>& y,
                                   std::array<T, Out>& dz) const noexcept {
        return compute<true>(z, y, dz);
    }

    /// The same loss averaged instead of summed (or the other way round).
    constexpr binary_cross_entropy_with_logits_loss with(nn::reduction r) const noexcept {
        return {r};
    }

private:
    template <bool Gradient, class T, std::size_t Out>
    constexpr T compute(const std::array<T, Out>& z, const std::array<T, Out>& y,
                        std::array<T, Out>& dz) const noexcept {
        const T per_output = reduce == nn::reduction::mean ? T(1) / static_cast<T>(Out) : T(1);
        T value{};
        for (std::size_t k = 0; k < Out; ++k) {
            const T a = z[k] < T(0) ? -z[k] : z[k];
            const T e = constgrad::math::exp(-a);  // in (0, 1]
            value += (z[k] > T(0) ? z[k] : T(0)) - z[k] * y[k] + constgrad::math::log1p(e);
            if constexpr (Gradient) {
                const T sigmoid = z[k] >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
                dz[k] = per_output * (sigmoid - y[k]);
            }
        }
        return value * per_output;
    }
};

/// Softmax cross-entropy with probability targets (a one-hot std::array<T, Out> is one),
/// averaged over a batch: `nn::softmax_cross_entropy.with(nn::reduction::sum)` sums.
inline constexpr softmax_cross_entropy_loss<class_target::probabilities> softmax_cross_entropy{};

/// Softmax cross-entropy with class-index targets: the target is the class, a std::size_t in
/// the per-sample calls, or a std::array<T, 1> holding it (nn::sample<T, In, 1> in a dataset).
inline constexpr softmax_cross_entropy_loss<class_target::index> sparse_softmax_cross_entropy{};

/// Binary cross-entropy with logits, averaged over outputs and samples.
inline constexpr binary_cross_entropy_with_logits_loss binary_cross_entropy_with_logits{};

/// The types of the whole-output built-ins.
using softmax_cross_entropy_t = softmax_cross_entropy_loss<class_target::probabilities>;
using sparse_softmax_cross_entropy_t = softmax_cross_entropy_loss<class_target::index>;
using binary_cross_entropy_with_logits_t = binary_cross_entropy_with_logits_loss;

}  // namespace constgrad::nn
