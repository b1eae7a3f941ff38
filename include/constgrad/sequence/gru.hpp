// nn::gru<In, Hidden>: a gated recurrent unit layer, PyTorch's parameter layout and gates.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/type_list.hpp"
#include "../expr/arithmetic.hpp"
#include "../expr/functions/sigmoid.hpp"
#include "../expr/functions/tanh.hpp"
#include "../expr/variable.hpp"
#include "../kernels/affine.hpp"
#include "../kernels/outer_update.hpp"
#include "../kernels/transposed_product.hpp"
#include "../nn/rng.hpp"
#include "detail/cell.hpp"
#include "detail/prepared_cells.hpp"
#include "detail/prepared_recurrent.hpp"
#include "detail/recurrent_window.hpp"
#include "layer.hpp"
#include "recurrent_init.hpp"
#include "recurrent_parameters.hpp"

namespace constgrad::nn {

/// The state a GRU carries from frame to frame: h ({} is h0 = 0).
template <class T, std::size_t H>
struct gru_state {
    std::array<T, H> h;
    friend constexpr bool operator==(const gru_state&, const gru_state&) = default;
};

/// The cell's elementwise part as one formula of five variables per hidden unit: the
/// pre-activations r = W_ir x + b_ir + W_hr h + b_hr, z (likewise), nx = W_in x + b_in,
/// nh = W_hn h + b_hn, and the previous h. Its partials (the whole backward of the cell's
/// nonlinear part) come from the compile-time engine.
struct gru_cell_formula {
    static constexpr variable<"r"> r{};
    static constexpr variable<"z"> z{};
    static constexpr variable<"nx"> nx{};
    static constexpr variable<"nh"> nh{};
    static constexpr variable<"h"> h{};
    using variables = detail::type_list<variable<"r">, variable<"z">, variable<"nx">,
                                        variable<"nh">, variable<"h">>;
    static constexpr auto formula =
        (1 - constgrad::sigmoid(z)) * constgrad::tanh(nx + constgrad::sigmoid(r) * nh) +
        constgrad::sigmoid(z) * h;
};

/// A GRU layer of Hidden units over frames of In values, as PyTorch's nn.GRU (one layer,
/// batch_first irrelevant: a frame at a time): r = σ(W_ir x + b_ir + W_hr h + b_hr),
/// z = σ(W_iz x + b_iz + W_hz h + b_hz), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
/// h' = (1 − z) ⊙ n + z ⊙ h; the output frame is h'. A sequence layer (sequence/layer.hpp).
/// Costs per frame: two matrix-vector products (3H·In + 3H·H multiply-adds) and the cell formula
/// on H units; training records 6H values per frame (the 5 partials and h), and the reverse
/// frame adds two outer products and two transposed products.
///
///     using net = constgrad::nn::sequence_network<constgrad::nn::gru<1, 16>, ...>;
template <std::size_t In, std::size_t Hidden>
struct gru;

/// The per-frame part of nn::gru (its step_frame, forward_frame and backward_frame);
/// detail::recurrent_window makes the window functions of the layer from it.
template <std::size_t In, std::size_t Hidden>
struct gru_cell {
    static_assert(In > 0 && Hidden > 0,
                  "constgrad::nn::gru<In, Hidden>: In and Hidden must be positive");

    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Hidden;
    static constexpr std::size_t hidden = Hidden;
    template <class T>
    using parameters = gru_parameters<T, In, Hidden>;
    template <class T>
    using state = gru_state<T, Hidden>;
    using cell = gru_cell_formula;

    /// Per training frame: the formula's partials at the frame ([variable][unit], in the order
    /// r, z, nx, nh, h) and the state the frame started from.
    template <class T>
    struct record {
        std::array<std::array<T, Hidden>, 5> partial;
        std::array<T, Hidden> h_prev;
    };

    /// Scheme nn::recurrent_uniform: PyTorch's U(-1/sqrt(H), 1/sqrt(H)) for every parameter;
    /// any nn/init.hpp scheme: weights from it, biases = scheme.bias (recurrent_parameters::init).
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, no_buffers&) noexcept {
        parameters<T>::init(r, scheme, p);
    }

    /// One frame of inference: y = h' and s.h = h'.
    template <class T>
    static constexpr void step_frame(const parameters<T>& p, state<T>& s,
                                     const std::array<T, In>& x,
                                     std::array<T, Hidden>& y) noexcept {
        std::array<std::array<T, Hidden>, 5> v;
        gather(p, s, x, v);
        detail::cell_value<typename cell::variables>(cell::formula, v, s.h);
        y = s.h;
    }

    /// The streaming step's weights by columns (nn::sequence_inference): gates ordered n_x
    /// (W_in x + b_in), r, z (W_i* x + W_h* h + b_i* + b_h*, biases pre-summed), n_h (W_hn h +
    /// b_hn), so x's columns fill the first three gates and h's the last three.
    template <class T>
    using prepared = detail::prepared_recurrent<T, In, Hidden, 3, 1>;

    /// Copies p into q's layout (q's padding stays zero).
    template <class T>
    static constexpr void prepare(const parameters<T>& p, prepared<T>& q) noexcept {
        constexpr std::size_t H = Hidden;
        for (std::size_t u = 0; u < H; ++u) {
            // PyTorch's rows: r at u, z at H + u, n at 2H + u.
            for (std::size_t i = 0; i < In; ++i) {
                q.x_weight(0, u, i) = p.weight_ih[2 * H + u][i];
                q.x_weight(1, u, i) = p.weight_ih[u][i];
                q.x_weight(2, u, i) = p.weight_ih[H + u][i];
            }
            for (std::size_t j = 0; j < H; ++j) {
                q.h_weight(1, u, j) = p.weight_hh[u][j];
                q.h_weight(2, u, j) = p.weight_hh[H + u][j];
                q.h_weight(3, u, j) = p.weight_hh[2 * H + u][j];
            }
            q.b[u] = p.bias_ih[2 * H + u];
            q.b[H + u] = p.bias_ih[u] + p.bias_hh[u];
            q.b[2 * H + u] = p.bias_ih[H + u] + p.bias_hh[H + u];
            q.b[3 * H + u] = p.bias_hh[2 * H + u];
        }
    }

    /// step_frame on prepared weights: one pass of column products for both matrices, then the
    /// cell's value read straight from the products (no gather; at run time
    /// detail::gru_step_unit, float tanh evaluated in float, otherwise the formula). Same result
    /// within rounding (other summation order, r's and z's biases added first; tanh within 5.3 ulp).
    template <class T>
    static constexpr void step_prepared(const prepared<T>& q, state<T>& s, const std::array<T, In>& x,
                                        std::array<T, Hidden>& y) noexcept {
        constexpr std::size_t H = Hidden;
        if constexpr (kernels::detail::packable_v<T>) {
            if (!std::is_constant_evaluated()) {
                alignas(kernels::pack_bytes) T z[prepared<T>::stride];
                q.products(x, s.h, z);
                detail::cell_apply_rows<H>(detail::gru_step_unit{},
                                           std::array<const T*, 5>{z + H, z + 2 * H, z, z + 3 * H, s.h.data()},
                                           s.h.data());
                y = s.h;
                return;
            }
        }
        std::array<T, prepared<T>::stride> z{};
        q.products(x, s.h, z.data());
        std::array<std::array<T, Hidden>, 5> v;
        for (std::size_t u = 0; u < H; ++u) {
            v[0][u] = z[H + u];
            v[1][u] = z[2 * H + u];
            v[2][u] = z[u];
            v[3][u] = z[3 * H + u];
            v[4][u] = s.h[u];
        }
        detail::cell_value<typename cell::variables>(cell::formula, v, s.h);
        y = s.h;
    }

    template <class T>
    static constexpr void forward_frame(const parameters<T>& p, state<T>& s,
                                        const std::array<T, In>& x, std::array<T, Hidden>& y,
                                        record<T>& rec) noexcept {
        std::array<std::array<T, Hidden>, 5> v;
        gather(p, s, x, v);
        rec.h_prev = s.h;
        detail::cell_value_and_gradient<typename cell::variables>(cell::formula, v, s.h,
                                                                  rec.partial);
        y = s.h;
    }

    template <bool NeedInput, class T>
    static constexpr void backward_frame(const parameters<T>& p, const std::array<T, In>& x,
                                         const record<T>& rec, const std::array<T, Hidden>& dy,
                                         state<T>& ds, parameters<T>& g,
                                         std::array<T, In>* dx) noexcept {
        constexpr std::size_t H = Hidden;
        std::array<T, 3 * H> dgi, dgh;  // dLoss/d(W_ih x + b_ih), dLoss/d(W_hh h + b_hh)
        std::array<T, H> dh_direct;
        for (std::size_t u = 0; u < H; ++u) {
            const T dh = dy[u] + ds.h[u];
            const T dr = rec.partial[0][u] * dh, dz = rec.partial[1][u] * dh;
            dgi[u] = dr;
            dgh[u] = dr;
            dgi[H + u] = dz;
            dgh[H + u] = dz;
            dgi[2 * H + u] = rec.partial[2][u] * dh;
            dgh[2 * H + u] = rec.partial[3][u] * dh;
            dh_direct[u] = rec.partial[4][u] * dh;
        }
        kernels::outer_update(T(1), dgi, x, g.weight_ih);
        kernels::axpy(T(1), dgi, g.bias_ih);
        kernels::outer_update(T(1), dgh, rec.h_prev, g.weight_hh);
        kernels::axpy(T(1), dgh, g.bias_hh);
        if constexpr (NeedInput) kernels::transposed_product(p.weight_ih, dgi, *dx);
        kernels::transposed_product(p.weight_hh, dgh, ds.h);
        for (std::size_t u = 0; u < H; ++u) ds.h[u] += dh_direct[u];
    }

private:
    // The formula's five inputs per unit from the two products.
    template <class T>
    static constexpr void gather(const parameters<T>& p, const state<T>& s,
                                 const std::array<T, In>& x,
                                 std::array<std::array<T, Hidden>, 5>& v) noexcept {
        constexpr std::size_t H = Hidden;
        std::array<T, 3 * H> gi, gh;
        kernels::affine(p.weight_ih, x, p.bias_ih, gi);
        kernels::affine(p.weight_hh, s.h, p.bias_hh, gh);
        for (std::size_t u = 0; u < H; ++u) {
            v[0][u] = gi[u] + gh[u];
            v[1][u] = gi[H + u] + gh[H + u];
            v[2][u] = gi[2 * H + u];
            v[3][u] = gh[2 * H + u];
            v[4][u] = s.h[u];
        }
    }
};

template <std::size_t In, std::size_t Hidden>
struct gru : gru_cell<In, Hidden>, detail::recurrent_window<gru_cell<In, Hidden>> {};

}  // namespace constgrad::nn
