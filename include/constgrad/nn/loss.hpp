// The Loss concept and how a network evaluates a loss, its derivative and its regulariser.
#pragma once

#include <type_traits>

#include "reduction.hpp"

namespace constgrad::nn {

// TEMPORARY until the scalar engine lands.
template <class L>
concept ElementwiseLoss = requires(const L& l, double p) {
    { l.template value<double>(p, p) } -> std::same_as<double>;
    { l.template derivative<double>(p, p) } -> std::same_as<double>;
    { L::reduce } -> std::convertible_to<reduction>;
};

}  // namespace constgrad::nn
