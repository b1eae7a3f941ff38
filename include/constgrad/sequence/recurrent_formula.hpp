// nn::recurrent_formula<cell, In, Hidden, Out>: a recurrent layer whose cell is a tensor formula.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../nn/formula_layer.hpp"
#include "../nn/rng.hpp"
#include "../tensor/leaves.hpp"
#include "../tensor/operators.hpp"
#include "detail/recurrent_formula_check.hpp"
#include "detail/recurrent_window.hpp"
#include "layer.hpp"
#include "recurrent_init.hpp"

namespace constgrad::nn {

/// The leaves a recurrent cell formula is written in: one tensor::input<In + Hidden> holding
/// the frame x followed by the previous state h, and its two slices. (A cell of two state
/// vectors, an LSTM's h and c, slices h further: t::slice<In + H, In + 2 * H>(xh) is c.)
///
///     using in = constgrad::nn::recurrent_inputs<1, 8>;
///     constexpr auto elman = t::apply<nn::tanh>(W * in::x + U * in::h + b);
template <std::size_t In, std::size_t Hidden>
struct recurrent_inputs {
    /// (x, h_prev), the formula's only input.
    static constexpr tensor::input<In + Hidden> xh{};
    /// The frame: xh[0, In).
    static constexpr auto x = tensor::slice<0, In>(xh);
    /// The previous state: xh[In, In + Hidden).
    static constexpr auto h = tensor::slice<In, In + Hidden>(xh);
};

/// The state a formula cell carries from frame to frame: h, the cell's whole state vector (an
/// LSTM-like cell's (h, c)); {} is h0 = 0.
template <class T, std::size_t Hidden>
struct recurrent_formula_state {
    std::array<T, Hidden> h;
    friend constexpr bool operator==(const recurrent_formula_state&,
                                     const recurrent_formula_state&) = default;
};

/// The per-frame part of nn::recurrent_formula (step_frame, forward_frame, backward_frame);
/// detail::recurrent_window makes the window functions (BPTT) from it. The cell is run as an
/// nn::formula_layer on the concatenated (x, h_prev): its forward is the formula's forward
/// sweep, its backward the formula's reverse sweep, whose input adjoint is (dx, dh_prev).
template <auto Cell, std::size_t In, std::size_t Hidden, std::size_t Out = Hidden>
struct recurrent_formula_cell {
private:
    using check = detail::recurrent_formula_check<Cell, In, Hidden, Out>;
    // A cell that fails the check gets a stand-in, so that the check's message is the only error.
    using layer = std::conditional_t<check::ok, formula_layer<Cell>, detail::recurrent_formula_fallback>;

public:
    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    static constexpr std::size_t hidden = Hidden;
    /// The formula's parameter leaves in order of first appearance (tensor::formula_parameters:
    /// p[W] is W's array).
    template <class T>
    using parameters = typename layer::template parameters<T>;
    template <class T>
    using state = recurrent_formula_state<T, Hidden>;

    /// Per training frame: what the formula's reverse sweep reads (formula_layer::cache) and the
    /// frame's input (x, h_prev), which the product rules read.
    template <class T>
    struct record {
        typename layer::template cache<T> cache;
        std::array<T, In + Hidden> xh;
    };

    /// Scheme nn::recurrent_uniform: U(-1/sqrt(Out), 1/sqrt(Out)) for every parameter in layout
    /// order (PyTorch's recurrent layers, whose hidden_size is Out: H for a GRU-like cell, also
    /// for an LSTM-like one of state (h, c)); any nn/init.hpp scheme: formula_layer::init
    /// (matrices from it with fan_in = columns, vectors = scheme.bias).
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p, no_buffers&) noexcept {
        if constexpr (std::is_same_v<Init, recurrent_uniform>) {
            auto draw = [&](T& v) { v = scheme.template draw<T>(r, Out); };
            parameters<T>::zip(draw, p);
        } else {
            layer::template init<T>(r, scheme, p);
        }
    }

    /// One frame of inference: s.h = h' = f(p, (x, h)), y = h'[0, Out).
    template <class T>
    static constexpr void step_frame(const parameters<T>& p, state<T>& s,
                                     const std::array<T, In>& x, std::array<T, Out>& y) noexcept {
        std::array<T, In + Hidden> xh;
        join(x, s.h, xh);
        layer::forward(p, xh, s.h);
        output(s, y);
    }

    template <class T>
    static constexpr void forward_frame(const parameters<T>& p, state<T>& s,
                                        const std::array<T, In>& x, std::array<T, Out>& y,
                                        record<T>& rec) noexcept {
        join(x, s.h, rec.xh);
        layer::forward_recording(p, rec.xh, s.h, rec.cache);
        output(s, y);
    }

    /// ds.h in: dLoss/dh' from later frames; out: dLoss/dh_prev. The formula's reverse sweep
    /// from dh' = ds.h + (dy on the first Out values) adds dLoss/dp to g and gives the input
    /// adjoint (dx, dh_prev).
    template <bool NeedInput, class T>
    static constexpr void backward_frame(const parameters<T>& p, const std::array<T, In>&,
                                         const record<T>& rec, const std::array<T, Out>& dy,
                                         state<T>& ds, parameters<T>& g,
                                         std::array<T, In>* dx) noexcept {
        std::array<T, Hidden> dh = ds.h;
        for (std::size_t u = 0; u < Out; ++u) dh[u] += dy[u];
        std::array<T, In + Hidden> dxh;
        layer::template backward<true>(p, rec.xh, rec.cache, dh, g, dxh);
        if constexpr (NeedInput)
            for (std::size_t i = 0; i < In; ++i) (*dx)[i] = dxh[i];
        for (std::size_t u = 0; u < Hidden; ++u) ds.h[u] = dxh[In + u];
    }

private:
    template <class T>
    static constexpr void output(const state<T>& s, std::array<T, Out>& y) noexcept {
        for (std::size_t u = 0; u < Out; ++u) y[u] = s.h[u];
    }

    template <class T>
    static constexpr void join(const std::array<T, In>& x, const std::array<T, Hidden>& h,
                               std::array<T, In + Hidden>& xh) noexcept {
        for (std::size_t i = 0; i < In; ++i) xh[i] = x[i];
        for (std::size_t u = 0; u < Hidden; ++u) xh[In + u] = h[u];
    }
};

/// A recurrent sequence layer (sequence/layer.hpp) of a state of Hidden values over frames of
/// In values whose cell h' = f(x, h) is the tensor formula Cell of one tensor::input<In +
/// Hidden> (x, then h: nn::recurrent_inputs<In, Hidden>::x and ::h) with a vector of Hidden
/// values; the output frame is h'[0, Out) (Out = Hidden by default: the whole state; an
/// LSTM-like cell keeps (h, c) as its state and outputs h, Out = Hidden / 2). The backward of
/// every frame is the formula's reverse sweep, derived at compile time; recurrent_window runs
/// backpropagation through time over the frames. Costs per frame: the formula's forward
/// (training also records its cache and the In + Hidden inputs) and its reverse sweep, plus
/// copies of In + Hidden values in and out. An Elman cell:
///
///     namespace t = constgrad::tensor;
///     using in = constgrad::nn::recurrent_inputs<1, 8>;
///     constexpr t::matrix<"weight_ih", 8, 1> W;  constexpr t::matrix<"weight_hh", 8, 8> U;
///     constexpr t::vector<"bias", 8> b;
///     constexpr auto elman = t::apply<constgrad::nn::tanh>(W * in::x + U * in::h + b);
///     using rnn = constgrad::nn::recurrent_formula<elman, 1, 8>;
template <auto Cell, std::size_t In, std::size_t Hidden, std::size_t Out = Hidden>
struct recurrent_formula : recurrent_formula_cell<Cell, In, Hidden, Out>,
                           detail::recurrent_window<recurrent_formula_cell<Cell, In, Hidden, Out>> {};

}  // namespace constgrad::nn
