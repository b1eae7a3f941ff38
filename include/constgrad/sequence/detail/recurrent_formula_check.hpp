// detail::recurrent_formula_check<cell, In, Hidden, Out>: what nn::recurrent_formula asks of its
// cell formula, one message per misuse (the first that applies; the others stay quiet).
#pragma once

#include <cstddef>
#include <type_traits>

#include "../../expr/detail/type_list.hpp"
#include "../../nn/formula_layer.hpp"
#include "../../tensor/node.hpp"
#include "../../tensor/sweep.hpp"

namespace constgrad::detail {

// The input leaves of formula F (none when F is not a tensor formula).
template <class F, bool = tensor::Tensor<F>>
struct recurrent_formula_inputs {
    using type = type_list<>;
};
template <class F>
struct recurrent_formula_inputs<F, true> {
    using type = typename formula_leaves<true, typename tensor::schedule<F>::leaves>::type;
};

template <class Inputs>
constexpr std::size_t only_input_size() noexcept {
    if constexpr (Inputs::size == 1)
        return at_t<0, Inputs>::shape_type::size;
    else
        return 0;
}

template <class F, std::size_t Hidden>
constexpr bool is_state_vector() noexcept {
    if constexpr (tensor::Tensor<F>)
        return F::shape_type::rank == 1 && F::shape_type::size == Hidden;
    else
        return false;
}

template <auto Cell, std::size_t In, std::size_t Hidden, std::size_t Out>
struct recurrent_formula_check {
    using formula_type = std::remove_cvref_t<decltype(Cell)>;
    using inputs = typename recurrent_formula_inputs<formula_type>::type;

    static constexpr bool positive = In > 0 && Hidden > 0 && Out > 0 && Out <= Hidden;
    static_assert(positive,
                  "constgrad::nn::recurrent_formula<f, In, Hidden, Out>: In, Hidden and Out must be "
                  "positive, Out at most Hidden (the output frame is the state's first Out values)");

    static constexpr bool one_input = inputs::size == 1 && only_input_size<inputs>() == In + Hidden;
    static_assert(!positive || one_input,
                  "constgrad::nn::recurrent_formula<f, In, Hidden, Out>: f must be a tensor formula of "
                  "one tensor::input<In + Hidden> (the frame x, then the previous state h)");

    static constexpr bool new_state = is_state_vector<formula_type, Hidden>();
    static_assert(!positive || !one_input || new_state,
                  "constgrad::nn::recurrent_formula<f, In, Hidden, Out>: f must be a vector of "
                  "Hidden values (the new state h')");

    static constexpr bool ok = positive && one_input && new_state;
};

// What nn::recurrent_formula stands on when the check failed: only the names its declarations
// use, so that the check's message is the only error.
struct recurrent_formula_fallback {
    template <class T>
    struct parameters {};
    template <class T>
    struct cache {};
};

}  // namespace constgrad::detail
