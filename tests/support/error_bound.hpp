// A-priori rounding-error bounds for nn::network computations, for tests that compare two
// computations of the same network (network vs runtime tape, run-time kernels vs the
// constexpr path, fused step vs gradient-then-step) without asking for bit identity.
//
// The model. Every engine computes, in precision T with unit roundoff u (2^-24 float, 2^-53
// double), the same mathematical function of the same parameters and inputs. For each
// computed quantity q̂ the analysis below gives a bound E with |q̂ - q| <= E, q the exact
// value (exact arithmetic, exact activations). E holds for ANY engine that obeys the model:
//
//   * a dot product of length n plus a bias, in any order, with or without FMA, blocked or
//     not: |fl(Σ w_i x_i + b) - (Σ w_i x_i + b)| <= γ_{n+1} (Σ |w_i| |x_i| + |b|), with
//     γ_n = n u / (1 - n u) (Higham, Accuracy and Stability of Numerical Algorithms, §3.1:
//     the bound depends only on how many roundings each term goes through, at most n+1);
//   * each product, sum, difference of two numbers rounds once (<= u relative);
//   * an activation evaluated at a representable ẑ is within k ulp of act(ẑ), 1 ulp <= 2u|y|
//     (k = 4 for tanh and sigmoid: the run-time polynomials; see activation_model), and its
//     derivative within a few u (derivative_u) of act'(ẑ);
//   * no overflow, no underflow below the normal range (tests use O(1) data).
//
// Errors of earlier layers propagate through later ones with absolute values: an input
// error e_x becomes |W| e_x in z, then L e_z in act(z) (L = sup |act'|, the Lipschitz
// constant: 1 for identity/relu/leaky_relu/tanh, 1/4 for sigmoid), and C e_z in act'(z)
// (C = sup |act''|) or the whole jump of act' if z may lie on either side of a kink.
// The reverse sweep (dz = dy ⊙ act', dW = dz xᵀ, db = dz, dx = Wᵀ dz) is bounded the same
// way, including the error of the recorded act'.
//
// Comparing two engines a and b: both are within E of the exact value, so
//     |a - b| <= 2 E.
// That factor 2 is the "c = 2" of `|a - b| <= c n u (|W| |x|)`: each computation is within
// γ_{n+1} ≈ (n+1) u of the exact dot product, their distance within twice that. It is an
// a-priori bound: it holds for today's loops as for the vectorised kernels, for g++ and
// clang++, with and without -march=native (FMA contraction only removes roundings).
//
// Magnitudes. The analysis evaluates the network itself in T (plain loops: the "reference
// engine", one engine of the model) and uses its values v with their bounds E: any engine's
// value and the exact value are then at most |v| + 2E in magnitude (bounded::magnitude).
// The bounds are accumulated in long double; their own rounding (relative ~ n 2^-64) is far
// below the slack of γ_n (which counts every rounding at its worst).
//
// Adding a layer type: specialise layer_model<Layer> (forward and backward with bounds,
// parameter_count, parameter_name), as for nn::dense below. Adding an activation:
// specialise activation_model<Act> (user activations must; the built-ins are below).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parameters.hpp>

namespace error_bound {

namespace nn = constgrad::nn;
using real = long double;  // the bounds' own arithmetic

/// u: half the distance from 1 to the next number, 2^-24 (float), 2^-53 (double).
template <class T>
inline constexpr real unit_roundoff = static_cast<real>(std::numeric_limits<T>::epsilon()) / 2;

/// γ_n = n u / (1 - n u): the relative error of n roundings in a row, at worst.
template <class T>
real gamma(std::size_t n) {
    const real nu = static_cast<real>(n) * unit_roundoff<T>;
    return nu / (1 - nu);
}

/// A quantity as the reference engine computed it, and a bound on its distance to the exact
/// value that holds for every engine of the model.
template <class T>
struct bounded {
    T value{};
    real error = 0;
    /// >= |exact value| and >= |any engine's value| (each within `error` of the exact one).
    real magnitude() const { return std::fabs(static_cast<real>(value)) + 2 * error; }
};

// ---- activations ----------------------------------------------------------------------

/// What the bound needs to know about an activation.
struct activation_constants {
    real lipschitz;     ///< L = sup |act'(z)|
    real curvature;     ///< C = sup |act''(z)| where act' is continuous (0: piecewise linear)
    real jump;          ///< |jump of act'| at its kink at z = 0 (0: no kink)
    real value_ulps;    ///< k: an implementation's act(ẑ) is within k ulp of the exact act(ẑ)
    real derivative_u;  ///< an implementation's act'(ẑ) is within derivative_u u (1 + |ẑ|)
};

/// activation_model<Act>::constants. Specialise it for a user activation (nn::activation<f>).
template <class Act>
struct activation_model;

template <>
struct activation_model<nn::identity> {  // exact: y = z, act' = 1
    static constexpr activation_constants constants{1, 0, 0, 0, 0};
};
template <>
struct activation_model<nn::relu> {  // exact; act' jumps from 0 to 1 at 0
    static constexpr activation_constants constants{1, 0, 1, 0, 0};
};
// 0.01 z: the slope is rounded to T (u relative) and so is the product: 2 ulp; act' = 0.01
// within u; act' jumps by 0.99 at 0.
template <>
struct activation_model<nn::leaky_relu> {
    static constexpr activation_constants constants{1, 0, 0.99L, 2, 1};
};
// sup |tanh''| = 4 / (3 sqrt 3) = 0.7698. act' = 1 - y^2 from y within 4 ulp (8u |y|, |y| <= 1):
// |ŷ^2 - y^2| <= 16u, plus two roundings: 18u; 20u allowed.
template <>
struct activation_model<nn::tanh> {
    static constexpr activation_constants constants{1, 0.7699L, 0, 4, 20};
};
// sup |sigmoid'| = 1/4, sup |sigmoid''| = sqrt 3 / 18 = 0.0962. act' = y (1 - y): |1 - 2y| 8u |y|
// + two roundings <= 10u; 12u allowed.
template <>
struct activation_model<nn::sigmoid> {
    static constexpr activation_constants constants{0.25L, 0.0963L, 0, 4, 12};
};

// ---- faults (for tests that show the checks catch a wrong sum) -----------------------

/// A deliberate bug in the reference engine's forward sum of one dot product (layer, output):
/// drop its last term, or add an extra one (the first term twice: a peeled first iteration
/// left in the loop too). Only the mutation tests use it.
struct fault {
    enum class kind { none, drop_last_term, extra_term };
    kind what = kind::none;
    std::size_t layer = 0;
    std::size_t output = 0;
};

// ---- layers ----------------------------------------------------------------------------

/// What one layer's forward sweep leaves for the reverse sweep.
template <class T>
struct layer_record {
    std::vector<bounded<T>> x;     ///< the layer's input
    std::vector<bounded<T>> dact;  ///< act'(z)
};

/// layer_model<Layer>: forward and backward of one layer with bounds. Specialise per layer.
template <class Layer>
struct layer_model;

template <std::size_t In, std::size_t Out, class Act>
struct layer_model<nn::dense<In, Out, Act>> {
    static constexpr std::size_t parameter_count = Out * In + Out;

    /// "w[o][i]" or "b[o]" for the k-th parameter of the layer (layout order).
    static std::string parameter_name(std::size_t k) {
        std::ostringstream s;
        if (k < Out * In)
            s << "w[" << k / In << "][" << k % In << "]";
        else
            s << "b[" << k - Out * In << "]";
        return s.str();
    }

    /// y = act(W x + b) with bounds; records x and act' for backward.
    template <class T, class LP>
    static std::vector<bounded<T>> forward(const LP& p, const std::vector<bounded<T>>& x,
                                           layer_record<T>& rec, fault::kind f,
                                           std::size_t fault_output) {
        constexpr activation_constants a = activation_model<Act>::constants;
        const real u = unit_roundoff<T>;
        rec.x = x;
        rec.dact.assign(Out, {});
        std::vector<bounded<T>> y(Out);
        for (std::size_t o = 0; o < Out; ++o) {
            // The reference sum, in index order (optionally with the fault).
            T s{};
            const std::size_t terms = f == fault::kind::drop_last_term && o == fault_output
                                          ? In - 1
                                          : In;
            for (std::size_t i = 0; i < terms; ++i) s += p.w[o][i] * x[i].value;
            if (f == fault::kind::extra_term && o == fault_output) s += p.w[o][0] * x[0].value;
            const T z = s + p.b[o];
            // Error of z: propagated input errors, plus the dot product's own rounding.
            real propagated = 0, size = std::fabs(static_cast<real>(p.b[o]));
            for (std::size_t i = 0; i < In; ++i) {
                const real w = std::fabs(static_cast<real>(p.w[o][i]));
                propagated += w * x[i].error;
                size += w * x[i].magnitude();
            }
            const real ez = propagated + gamma<T>(In + 1) * size;
            // The activation and its derivative, as the library's scalar engine computes them.
            T value{}, derivative{};
            constgrad::detail::nn_activation<Act>::value_and_derivative(z, value, derivative);
            // |ŷ - y| <= |act_impl(ẑ) - act(ẑ)| + |act(ẑ) - act(z)|
            //         <= k ulp(act(ẑ)) + L e_z,  1 ulp <= 2u |act(ẑ)| (+ denorm_min below the
            // normal range), |act(ẑ)| <= |y_ref| / (1 - 2ku) + L |ẑ - ẑ_ref| (<= 2 e_z).
            const real k = a.value_ulps;
            const real act_size =
                std::fabs(static_cast<real>(value)) / (1 - 2 * k * u) + 2 * a.lipschitz * ez;
            const real ey = a.lipschitz * ez + 2 * k * u * act_size +
                            k * static_cast<real>(std::numeric_limits<T>::denorm_min());
            // |d̂ - act'(z)| <= |act'_impl(ẑ) - act'(ẑ)| + |act'(ẑ) - act'(z)|: the first is
            // derivative_u u (1 + |ẑ|); the second C e_z, or the jump if z and ẑ may lie on
            // either side of the kink (|ẑ_ref| <= 2 e_z).
            const real z_size = std::fabs(static_cast<real>(z)) + 2 * ez;
            real ed = a.derivative_u * u * (1 + z_size) + a.curvature * ez;
            if (a.jump > 0 && std::fabs(static_cast<real>(z)) <= 2 * ez) ed += a.jump;
            y[o] = {value, ey};
            rec.dact[o] = {derivative, ed};
        }
        return y;
    }

    /// Given dy = dLoss/dy, writes dLoss/dW, dLoss/db to g (this layer's slice, layout
    /// order) and returns dLoss/dx, all with bounds.
    template <class T, class LP>
    static std::vector<bounded<T>> backward(const LP& p, const layer_record<T>& rec,
                                            const std::vector<bounded<T>>& dy,
                                            std::span<bounded<T>> g) {
        const real u = unit_roundoff<T>;
        // dz = dy act': |d̂y d̂ (1 + δ) - dy d| <= e_dy |d̂| + |dy| e_d + u |d̂y d̂|.
        std::vector<bounded<T>> dz(Out);
        for (std::size_t o = 0; o < Out; ++o) {
            const real mdy = dy[o].magnitude(), md = rec.dact[o].magnitude();
            dz[o] = {static_cast<T>(dy[o].value * rec.dact[o].value),
                     dy[o].error * md + mdy * rec.dact[o].error + u * mdy * md};
        }
        // dW = dz xᵀ (one product each), db = dz.
        for (std::size_t o = 0; o < Out; ++o) {
            const real mdz = dz[o].magnitude();
            for (std::size_t i = 0; i < In; ++i) {
                const real mx = rec.x[i].magnitude();
                g[o * In + i] = {static_cast<T>(dz[o].value * rec.x[i].value),
                                 dz[o].error * mx + mdz * rec.x[i].error + u * mdz * mx};
            }
            g[Out * In + o] = dz[o];
        }
        // dx = Wᵀ dz: a dot product of length Out per input.
        std::vector<bounded<T>> dx(In);
        for (std::size_t i = 0; i < In; ++i) {
            T s{};
            real propagated = 0, size = 0;
            for (std::size_t o = 0; o < Out; ++o) {
                s += p.w[o][i] * dz[o].value;
                const real w = std::fabs(static_cast<real>(p.w[o][i]));
                propagated += w * dz[o].error;
                size += w * dz[o].magnitude();
            }
            dx[i] = {s, propagated + gamma<T>(Out) * size};
        }
        return dx;
    }
};

// ---- losses ----------------------------------------------------------------------------

/// The loss the network is trained with: squared error (nn::squared_error, or nn::mse with
/// mean = true) or hinge (nn::hinge: mean), optionally + nn::l2{l2}.
struct loss_model {
    enum class kind { squared, hinge };
    kind what = kind::squared;
    bool mean = false;  ///< reduction::mean: 1 / outputs per sample, 1 / m over a batch
    real l2 = 0;        ///< strength of an nn::l2 regulariser (0: none)
};
inline constexpr loss_model squared_error{};
inline constexpr loss_model mse{loss_model::kind::squared, true, 0};
inline constexpr loss_model hinge{loss_model::kind::hinge, true, 0};

// ---- networks --------------------------------------------------------------------------

/// One engine's results for a network, sample or batch, with bounds to the exact values.
template <class T>
struct analysis {
    std::vector<bounded<T>> output;          ///< the prediction (per sample)
    std::vector<bounded<T>> gradient;        ///< dLoss/dθ, flat layout (nn::flatten)
    std::vector<bounded<T>> input_gradient;  ///< dLoss/dx (per sample)
    bounded<T> loss;                         ///< the loss (regulariser included)
};

/// "layer 1 w[3][7]": the name of the k-th scalar of Net's parameters (flat layout).
/// (Recursion over layers rather than a fold of lambdas: Clang 14 crashes on the latter.)
template <class Net, std::size_t K = 0>
std::string parameter_name(std::size_t k) {
    if constexpr (K == Net::layer_count) {
        return "parameter " + std::to_string(k) + " (out of range)";
    } else {
        using model = layer_model<typename Net::template layer_type<K>>;
        if (k < model::parameter_count)
            return "layer " + std::to_string(K) + " " + model::parameter_name(k);
        return parameter_name<Net, K + 1>(k - model::parameter_count);
    }
}

namespace detail {

// The regulariser l2 Σθ² and its gradient 2 l2 θ, added to `a` (the network computes
// k = 2 l2 in T, then g += k θ: the strength's rounding to T, two products, one sum).
template <class T, class P>
void add_l2(const P& p, real strength, analysis<T>& a) {
    if (strength == 0) return;
    const auto theta = nn::flatten(p);
    const T k = T(1) * T(2) * static_cast<T>(strength);
    T sum{};
    real size = 0;
    for (std::size_t j = 0; j < theta.size(); ++j) {
        const real t = std::fabs(static_cast<real>(theta[j]));
        const real mg = a.gradient[j].magnitude();
        a.gradient[j] = {static_cast<T>(a.gradient[j].value + k * theta[j]),
                         a.gradient[j].error + gamma<T>(5) * (2 * strength * t + mg)};
        sum += theta[j] * theta[j];
        size += t * t;
    }
    a.loss.error += gamma<T>(theta.size() + 3) * strength * size;
    a.loss.value = static_cast<T>(a.loss.value + static_cast<T>(strength) * sum);
}

// The forward sweep through layers K... (recursion, not a fold of lambdas: see above).
template <class Net, std::size_t K, class P, class T>
void forward_from(const P& p, std::vector<bounded<T>>& v, std::vector<layer_record<T>>& rec,
                  const fault& f) {
    if constexpr (K < Net::layer_count) {
        v = layer_model<typename Net::template layer_type<K>>::forward(
            p.template layer<K>(), v, rec[K], f.layer == K ? f.what : fault::kind::none,
            f.output);
        forward_from<Net, K + 1>(p, v, rec, f);
    }
}

// The reverse sweep from layer L down to 0; g is the gradient of layers 0..L (flat).
template <class Net, std::size_t L, class P, class T>
void backward_from(const P& p, const std::vector<layer_record<T>>& rec,
                   std::vector<bounded<T>>& d, std::span<bounded<T>> g) {
    using model = layer_model<typename Net::template layer_type<L>>;
    const std::size_t offset = g.size() - model::parameter_count;
    d = model::backward(p.template layer<L>(), rec[L], d, g.subspan(offset));
    if constexpr (L > 0) backward_from<Net, L - 1>(p, rec, d, g.first(offset));
}

}  // namespace detail

/// Forward, loss, reverse sweep of one sample (x, target) with bounds. `scale` multiplies
/// dLoss/dy as the network's batch code does (1 for one sample, 1/m in a mean over m); the
/// regulariser is added when `regularize` (a batch adds it once, after the samples).
template <class Net, class P, class X, class Y>
auto analyse_sample(const P& p, const X& x, const Y& target, const loss_model& loss,
                    real scale = 1, bool regularize = true, fault f = {}) {
    using T = typename P::scalar_type;
    constexpr std::size_t layers = Net::layer_count;
    const real u = unit_roundoff<T>;
    analysis<T> a;
    std::vector<layer_record<T>> rec(layers);
    std::vector<bounded<T>> v(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) v[i] = {x[i], 0};
    detail::forward_from<Net, 0>(p, v, rec, f);
    a.output = v;

    // The loss and dLoss/dy: s = scale / outputs (mean) or scale; the network forms
    // dy = (scale * per_output) * d in T: up to four roundings with 1/m and 1/outputs.
    const std::size_t n = v.size();
    const real per_output = loss.mean ? real(1) / static_cast<real>(n) : real(1);
    const real s = scale * per_output;
    const T ts = static_cast<T>(static_cast<T>(scale) * static_cast<T>(per_output));
    std::vector<bounded<T>> dy(n);
    T total{};
    real loss_error = 0, loss_size = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const real my = v[k].magnitude(), ey = v[k].error;
        const T t = target[k];
        const real at = std::fabs(static_cast<real>(t));
        if (loss.what == loss_model::kind::squared) {
            // r = ŷ - t (one rounding), value r^2, derivative 2 r.
            const T r = v[k].value - t;
            const real er = ey + u * (std::fabs(static_cast<real>(v[k].value - t)) + 2 * ey);
            const real mr = std::fabs(static_cast<real>(r)) + 2 * er;
            dy[k] = {static_cast<T>(ts * (T(2) * r)), 2 * s * (er + gamma<T>(4) * mr)};
            total += r * r;
            loss_error += 2 * mr * er + er * er;
            loss_size += mr * mr;
        } else {
            // q = 1 - ŷ t (two roundings), value max(q, 0), derivative -t or 0 (a jump of |t|
            // when q may be on either side of 0).
            const T q = T(1) - v[k].value * t;
            const real eq = at * ey + gamma<T>(2) * (1 + at * my);
            const real mq = std::fabs(static_cast<real>(q)) + 2 * eq;
            const T d = q > T(0) ? -t : T(0);
            const real ed = std::fabs(static_cast<real>(q)) <= 2 * eq ? at : real(0);
            dy[k] = {static_cast<T>(ts * d), s * (ed + gamma<T>(4) * at)};
            total += q > T(0) ? q : T(0);
            loss_error += eq;
            loss_size += mq;
        }
    }
    a.loss = {static_cast<T>(total * static_cast<T>(per_output)),
              per_output * (loss_error + gamma<T>(n + 2) * loss_size)};

    // The reverse sweep, last layer first.
    a.gradient.assign(P::size, {});
    std::vector<bounded<T>> d = dy;
    detail::backward_from<Net, layers - 1>(p, rec, d, std::span(a.gradient));
    a.input_gradient = d;
    if (regularize) detail::add_l2(p, loss.l2, a);
    return a;
}

/// A batch (a range of nn::sample): gradient and loss reduced as the network does (sum, or
/// mean with scale 1/m), regulariser once. Per parameter: Σ_s e_s + γ_{m-1} Σ_s |g_s|.
template <class Net, class P, class B>
auto analyse_batch(const P& p, const B& batch, const loss_model& loss, fault f = {}) {
    using T = typename P::scalar_type;
    const std::size_t m = std::size(batch);
    const real scale = loss.mean ? real(1) / static_cast<real>(m) : real(1);
    analysis<T> a;
    a.gradient.assign(P::size, {});
    std::vector<real> size(P::size, 0);
    T total{};
    real loss_error = 0, loss_size = 0;
    for (const auto& sample : batch) {
        const analysis<T> s = analyse_sample<Net>(p, sample.x, sample.y, loss, scale, false, f);
        for (std::size_t j = 0; j < P::size; ++j) {
            a.gradient[j].value += s.gradient[j].value;
            a.gradient[j].error += s.gradient[j].error;
            size[j] += s.gradient[j].magnitude();
        }
        total += s.loss.value;
        loss_error += s.loss.error;
        loss_size += s.loss.magnitude();
    }
    for (std::size_t j = 0; j < P::size; ++j)
        a.gradient[j].error += gamma<T>(m > 0 ? m - 1 : 0) * size[j];
    a.loss = {static_cast<T>(total * static_cast<T>(scale)),
              scale * (loss_error + gamma<T>(m + 2) * loss_size)};
    detail::add_l2(p, loss.l2, a);
    return a;
}

/// p - rate g for every parameter, with bounds: |fl(p - fl(r ĝ)) - (p - r g)| <=
/// r e_g + γ_2 r |ĝ| + u (|p| + r |ĝ|) (ĝ's last product formed in either association,
/// one more product with r, one subtraction; an FMA only removes a rounding).
template <class P, class T>
std::vector<bounded<T>> step(const P& p, const std::vector<bounded<T>>& g, T rate) {
    const auto theta = nn::flatten(p);
    const real u = unit_roundoff<T>, r = std::fabs(static_cast<real>(rate));
    std::vector<bounded<T>> out(theta.size());
    for (std::size_t j = 0; j < theta.size(); ++j) {
        const real mg = g[j].magnitude();
        out[j] = {static_cast<T>(theta[j] - rate * g[j].value),
                  r * g[j].error + gamma<T>(2) * r * mg +
                      u * (std::fabs(static_cast<real>(theta[j])) + r * mg)};
    }
    return out;
}

// ---- comparing two engines ---------------------------------------------------------------

/// The outcome of comparing two engines element by element with |a - b| <= 2 E.
struct comparison {
    std::size_t checked = 0;
    std::size_t violations = 0;
    real worst_ratio = 0;   ///< max |a - b| / (2 E): the tightness (<= 1 when all pass)
    std::string worst;      ///< the element with that ratio
    std::string failures;   ///< the first violations, named

    comparison& operator+=(const comparison& o) {
        checked += o.checked;
        violations += o.violations;
        if (o.worst_ratio > worst_ratio || worst.empty()) {
            worst_ratio = o.worst_ratio;
            worst = o.worst;
        }
        if (failures.size() < 2000) failures += o.failures;
        return *this;
    }
};

/// Compares a[k] and b[k] (two engines) against 2 ref[k].error; `name(k)` names element k.
/// Returns the count of violations (NaN counts as one) and the tightness; never fails a test
/// itself, so that mutation tests can assert violations > 0.
template <class A, class B, class T, class Name>
comparison compare(const A& a, const B& b, const std::vector<bounded<T>>& ref, Name&& name) {
    comparison c;
    for (std::size_t k = 0; k < ref.size(); ++k) {
        const real x = static_cast<real>(a[k]), y = static_cast<real>(b[k]);
        const real diff = std::fabs(x - y);
        const real tolerance = 2 * ref[k].error;
        const real ratio = diff == 0 ? real(0) : diff / tolerance;  // inf when tolerance is 0
        ++c.checked;
        if (!(diff <= tolerance)) {
            ++c.violations;
            if (c.violations <= 5) {
                std::ostringstream s;
                s.precision(std::numeric_limits<T>::max_digits10);
                s << "\n  " << name(k) << ": " << x << " vs " << y << ", |a - b| = "
                  << static_cast<double>(diff) << " > bound " << static_cast<double>(tolerance);
                c.failures += s.str();
            }
        }
        if (ratio > c.worst_ratio || (k == 0 && c.worst.empty())) {
            c.worst_ratio = ratio;
            c.worst = name(k);
        }
    }
    return c;
}

}  // namespace error_bound
