// Built-in losses, as formulas of prediction p and target t: squared_error, mse, hinge.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/relu.hpp"
#include "../expr/functions/square.hpp"
#include "../expr/literal.hpp"
#include "../expr/variable.hpp"
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

}  // namespace constgrad::nn
