// nn::lstm<In, Hidden>: a long short-term memory layer, PyTorch's parameter layout and gates.
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

/// The state an LSTM carries from frame to frame: h and c ({} is the zero state).
template <class T, std::size_t H>
struct lstm_state {
    std::array<T, H> h;
    std::array<T, H> c;
    friend constexpr bool operator==(const lstm_state&, const lstm_state&) = default;
};

/// The cell's elementwise part as two formulas of the per-unit gate pre-activations
/// i, f, g, o (W_i* x + b_i* + W_h* h + b_h*) and the previous c: the new c, and the new h
/// (which contains the first). Their partials come from the compile-time engine.
struct lstm_cell_formula {
    static constexpr variable<"i"> i{};
    static constexpr variable<"f"> f{};
    static constexpr variable<"g"> g{};
    static constexpr variable<"o"> o{};
    static constexpr variable<"c"> c{};
    using variables = detail::type_list<variable<"i">, variable<"f">, variable<"g">, variable<"o">,
                                        variable<"c">>;
    static constexpr auto new_c =
        constgrad::sigmoid(f) * c + constgrad::sigmoid(i) * constgrad::tanh(g);
    static constexpr auto new_h = constgrad::sigmoid(o) * constgrad::tanh(new_c);
    /// Inference only (no derivative taken): h' from o and the new c already computed, so a
    /// streaming step evaluates σ(f), σ(i), tanh(g) once instead of twice.
    using output_variables = detail::type_list<variable<"o">, variable<"c">>;
    static constexpr auto h_of_new_c = constgrad::sigmoid(o) * constgrad::tanh(c);
};

template <std::size_t In, std::size_t Hidden>
struct lstm;

/// The per-frame part of nn::lstm (step_frame, forward_frame, backward_frame).
template <std::size_t In, std::size_t Hidden>
struct lstm_cell {
    static_assert(In > 0 && Hidden > 0,
                  "constgrad::nn::lstm<In, Hidden>: In and Hidden must be positive");

    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Hidden;
    static constexpr std::size_t hidden = Hidden;
    template <class T>
    using parameters = lstm_parameters<T, In, Hidden>;
    template <class T>
    using state = lstm_state<T, Hidden>;
    using cell = lstm_cell_formula;

    /// Per training frame: the partials of new_h and new_c ([variable][unit], variables in the
    /// order i, f, g, o, c; new_c does not depend on o, its row stays 0) and the previous h.
    template <class T>
    struct record {
        std::array<std::array<T, Hidden>, 5> dh;
        std::array<std::array<T, Hidden>, 5> dc;
        std::array<T, Hidden> h_prev;
    };

    /// Scheme nn::recurrent_uniform: PyTorch's U(-1/sqrt(H), 1/sqrt(H)) for every parameter;
    /// any nn/init.hpp scheme: weights from it, biases = scheme.bias (recurrent_parameters::init).
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, no_buffers&) noexcept {
        parameters<T>::init(r, scheme, p);
    }

    /// One frame of inference: y = h', state (h, c) advanced.
    template <class T>
    static constexpr void step_frame(const parameters<T>& p, state<T>& s,
                                     const std::array<T, In>& x,
                                     std::array<T, Hidden>& y) noexcept {
        std::array<std::array<T, Hidden>, 5> v;
        gather(p, s, x, v);
        detail::cell_value<typename cell::variables>(cell::new_c, v, s.c);
        const std::array<std::array<T, Hidden>, 2> oc{v[3], s.c};
        detail::cell_value<typename cell::output_variables>(cell::h_of_new_c, oc, s.h);
        y = s.h;
    }

    /// The streaming step's weights by columns (nn::sequence_inference): PyTorch's gate order
    /// i, f, g, o, the two biases pre-summed.
    template <class T>
    using prepared = detail::prepared_recurrent<T, In, Hidden, 4, 0>;

    /// Copies p into q's layout (q's padding stays zero).
    template <class T>
    static constexpr void prepare(const parameters<T>& p, prepared<T>& q) noexcept {
        constexpr std::size_t H = Hidden;
        for (std::size_t g = 0; g < 4; ++g) {
            for (std::size_t u = 0; u < H; ++u) {
                for (std::size_t i = 0; i < In; ++i) q.x_weight(g, u, i) = p.weight_ih[g * H + u][i];
                for (std::size_t j = 0; j < H; ++j) q.h_weight(g, u, j) = p.weight_hh[g * H + u][j];
                q.b[g * H + u] = p.bias_ih[g * H + u] + p.bias_hh[g * H + u];
            }
        }
    }

    /// step_frame on prepared weights: one pass of column products for both matrices, then c'
    /// and h' read straight from the products (no gather; at run time detail::lstm_cell_unit
    /// and lstm_output_unit, float tanh evaluated in float, otherwise the formulas). Same result
    /// within rounding (other summation order, the biases added first; tanh within 5.3 ulp).
    template <class T>
    static constexpr void step_prepared(const prepared<T>& q, state<T>& s, const std::array<T, In>& x,
                                        std::array<T, Hidden>& y) noexcept {
        constexpr std::size_t H = Hidden;
        if constexpr (kernels::detail::packable_v<T>) {
            if (!std::is_constant_evaluated()) {
                alignas(kernels::pack_bytes) T z[prepared<T>::stride];
                q.products(x, s.h, z);
                detail::cell_apply_rows<H>(detail::lstm_cell_unit{},
                                           std::array<const T*, 4>{z, z + H, z + 2 * H, s.c.data()}, s.c.data());
                detail::cell_apply_rows<H>(detail::lstm_output_unit{},
                                           std::array<const T*, 2>{z + 3 * H, s.c.data()}, s.h.data());
                y = s.h;
                return;
            }
        }
        std::array<T, prepared<T>::stride> z{};
        q.products(x, s.h, z.data());
        std::array<std::array<T, Hidden>, 5> v;
        for (std::size_t g = 0; g < 4; ++g)
            for (std::size_t u = 0; u < H; ++u) v[g][u] = z[g * H + u];
        v[4] = s.c;
        detail::cell_value<typename cell::variables>(cell::new_c, v, s.c);
        const std::array<std::array<T, Hidden>, 2> oc{v[3], s.c};
        detail::cell_value<typename cell::output_variables>(cell::h_of_new_c, oc, s.h);
        y = s.h;
    }

    template <class T>
    static constexpr void forward_frame(const parameters<T>& p, state<T>& s,
                                        const std::array<T, In>& x, std::array<T, Hidden>& y,
                                        record<T>& rec) noexcept {
        std::array<std::array<T, Hidden>, 5> v;
        gather(p, s, x, v);
        rec.h_prev = s.h;
        // c' with its partials, then h' = σ(o)·tanh(c') with its partials in (o, c'), chained:
        // σ(i), σ(f), tanh(g) once, where differentiating new_h (which contains new_c) as
        // well evaluated them twice (5 transcendental evaluations per unit instead of 8).
        detail::cell_value_and_gradient<typename cell::variables>(cell::new_c, v, s.c, rec.dc);
        const std::array<std::array<T, Hidden>, 2> oc{v[3], s.c};
        std::array<std::array<T, Hidden>, 2> d_oc;  // dh'/do, dh'/dc'
        detail::cell_value_and_gradient<typename cell::output_variables>(cell::h_of_new_c, oc, s.h,
                                                                         d_oc);
        for (std::size_t u = 0; u < Hidden; ++u) {
            for (std::size_t j : {0, 1, 2, 4}) rec.dh[j][u] = d_oc[1][u] * rec.dc[j][u];
            rec.dh[3][u] = d_oc[0][u];
        }
        y = s.h;
    }

    template <bool NeedInput, class T>
    static constexpr void backward_frame(const parameters<T>& p, const std::array<T, In>& x,
                                         const record<T>& rec, const std::array<T, Hidden>& dy,
                                         state<T>& ds, parameters<T>& g,
                                         std::array<T, In>* dx) noexcept {
        constexpr std::size_t H = Hidden;
        std::array<T, 4 * H>
            da;  // dLoss/d(gate pre-activations): the same for the ih and hh products
        std::array<T, H> dc_prev;
        for (std::size_t u = 0; u < H; ++u) {
            const T dh = dy[u] + ds.h[u], dc = ds.c[u];
            for (std::size_t j = 0; j < 4; ++j)
                da[j * H + u] = rec.dh[j][u] * dh + rec.dc[j][u] * dc;
            dc_prev[u] = rec.dh[4][u] * dh + rec.dc[4][u] * dc;
        }
        kernels::outer_update(T(1), da, x, g.weight_ih);
        kernels::axpy(T(1), da, g.bias_ih);
        kernels::outer_update(T(1), da, rec.h_prev, g.weight_hh);
        kernels::axpy(T(1), da, g.bias_hh);
        if constexpr (NeedInput) kernels::transposed_product(p.weight_ih, da, *dx);
        kernels::transposed_product(p.weight_hh, da, ds.h);
        ds.c = dc_prev;
    }

private:
    // The formulas' five inputs per unit from the two products.
    template <class T>
    static constexpr void gather(const parameters<T>& p, const state<T>& s,
                                 const std::array<T, In>& x,
                                 std::array<std::array<T, Hidden>, 5>& v) noexcept {
        constexpr std::size_t H = Hidden;
        std::array<T, 4 * H> gi, gh;
        kernels::affine(p.weight_ih, x, p.bias_ih, gi);
        kernels::affine(p.weight_hh, s.h, p.bias_hh, gh);
        for (std::size_t j = 0; j < 4; ++j)
            for (std::size_t u = 0; u < H; ++u) v[j][u] = gi[j * H + u] + gh[j * H + u];
        v[4] = s.c;
    }
};

/// An LSTM layer of Hidden units over frames of In values, as PyTorch's nn.LSTM (one layer,
/// no projection): i, f, g, o = σ, σ, tanh, σ of W_i* x + b_i* + W_h* h + b_h*;
/// c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'); the output frame is h'. A sequence layer.
/// Costs per frame: two matrix-vector products (4H·In + 4H·H multiply-adds) and the cell
/// formulas on H units; training records 11H values per frame.
template <std::size_t In, std::size_t Hidden>
struct lstm : lstm_cell<In, Hidden>, detail::recurrent_window<lstm_cell<In, Hidden>> {};

}  // namespace constgrad::nn
