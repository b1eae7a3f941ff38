// io::checked_fit: nn::fit that refuses bad data and settings and stops a diverging run safely.
#pragma once

#include <cmath>
#include <cstddef>
#include <iterator>
#include <span>
#include <string>
#include <type_traits>

#include "detail/format.hpp"
#include "../nn/fit.hpp"
#include "../nn/parameters.hpp"
#include "training_error.hpp"
#include "validate_dataset.hpp"
#include "validate_optimizer.hpp"

namespace constgrad::io {

namespace detail_checked_fit {

// The flat index of the first non-finite scalar of p, or npos.
template <class P>
std::size_t first_non_finite(const P& p) {
    std::size_t k = 0, found = training_error::npos;
    P::zip(
        [&](const typename P::scalar_type& x) {
            if (found == training_error::npos && !std::isfinite(x)) found = k;
            ++k;
        },
        p);
    return found;
}

template <class P>
std::string name_of(std::size_t k) {
    return detail::io_parameter_name(detail::io_shape_of<P>::layers, k);
}

// Wraps the user's optimizer for nn::fit: refuses to apply a non-finite gradient or a
// learning rate that is no longer positive, and notices a step that made a parameter
// non-finite. After the first problem every later step of the run is skipped (the epoch's
// end restores the last good state anyway), so a diverged run stops costing updates at once.
template <class O, class P>
struct guarded_optimizer {
    O& inner;
    std::size_t step_in_epoch = 0;
    std::size_t failed_step = 0;
    std::string problem;

    void step(P& params, const P& grads) {
        if (!problem.empty()) return;
        ++step_in_epoch;
        if (const std::size_t k = first_non_finite(grads); k != training_error::npos) {
            problem = "the gradient of " + name_of<P>(k) + " is not finite";
        } else {
            if constexpr (requires { static_cast<double>(inner.learning_rate(inner.steps)); }) {
                const double lr = static_cast<double>(inner.learning_rate(inner.steps));
                if (!(std::isfinite(lr) && lr > 0.0)) {
                    problem = "optimizer.learning_rate is " + detail_validate_optimizer::show(lr) +
                              " at step " + std::to_string(inner.steps) +
                              "; it must be positive and finite";
                }
            }
            if (problem.empty()) {
                inner.step(params, grads);
                if (const std::size_t k = first_non_finite(params); k != training_error::npos)
                    problem = "the update made " + name_of<P>(k) + " non-finite";
            }
        }
        if (!problem.empty()) failed_step = step_in_epoch;
    }
};

}  // namespace detail_checked_fit

/// nn::fit (same arguments, same report; `data` may also be a std::vector, e.g. from
/// io::read_csv) with the checks a long unattended run needs:
///  - before training: the dataset (io::validate_dataset: not empty, no NaN/infinity), the
///    optimizer's settings for every step of the run (io::validate_optimizer) and the
///    parameters themselves (finite); a failure throws io::training_error and changes nothing;
///  - during training: each step's gradient, learning rate and updated parameters, each
///    epoch's loss and the loss of the parameters each epoch ends with must be finite. When one is
///    not, training stops, `params` and `optimizer` are put back to their state at the end of the
///    last good epoch (before training if it was the first) and io::training_error (reason
///    diverged) is thrown, naming the epoch, the step and the value.
/// "Good" parameters are finite and have a finite loss over the whole dataset: each epoch
/// ends with one forward pass over the data to make sure (the loss nn::fit reports is
/// measured along the way, before each step). The callback sees good epochs only.
/// Costs over nn::fit: one scan of the gradient and of the parameters per step; per epoch
/// one forward pass over the data and one copy of parameters and optimizer; no allocation.
///
///     namespace io = constgrad::io;
///     try {
///         io::checked_fit<net>(params, opt, nn::mse, data, {.epochs = 100});
///     } catch (const io::training_error& e) {
///         std::puts(e.what());  // params hold the last good epoch's values
///     }
template <class Net, class P, class O, class L, class D, class C = nn::no_callback>
auto checked_fit(P& params, O& optimizer, const L& loss, D&& data,
                 const nn::fit_options& options = {}, C&& callback = {}) {
    static_assert(nn::Parameters<P>,
                  "constgrad::io::checked_fit: 'params' must be a network's parameters");
    using T = typename P::scalar_type;
    const std::string prefix = "constgrad::io::checked_fit: ";

    validate_dataset(data);
    const std::size_t n = std::size(data);
    const std::size_t batch =
        (options.batch_size == 0 || options.batch_size > n) ? n : options.batch_size;
    const std::size_t steps_per_epoch = (n + batch - 1) / batch;
    validate_optimizer(optimizer, options.epochs * steps_per_epoch);
    if (const std::size_t k = detail_checked_fit::first_non_finite(params);
        k != training_error::npos)
        throw training_error(training_error::reason::invalid_parameters,
                             prefix + "the parameters to train are not finite: " +
                                 detail_checked_fit::name_of<P>(k) + " is NaN or infinite");

    if (!std::isfinite(Net::loss(loss, params, std::span(data))))
        throw training_error(
            training_error::reason::invalid_parameters,
            prefix + "the loss of the parameters to train is not finite (they are too large)");

    detail_checked_fit::guarded_optimizer<O, P> guard{optimizer, 0, 0, {}};
    P good_params = params;
    O good_optimizer = optimizer;
    nn::epoch_report<T> good_report{};
    std::size_t bad_epoch = 0;
    std::string problem;

    auto check_epoch = [&](const nn::epoch_report<T>& report) -> bool {
        if (!guard.problem.empty()) {
            problem = "step " + std::to_string(guard.failed_step) + " of " +
                      std::to_string(report.steps) + ": " + guard.problem;
        } else if (!std::isfinite(report.loss)) {
            problem = "the epoch's loss is not finite";
        } else if (!std::isfinite(Net::loss(loss, params, std::span(data)))) {
            // The epoch's loss was measured along the way; the parameters it ends with may
            // already be too large. Only parameters whose loss is finite become "good".
            problem = "the loss of the parameters the epoch ends with is not finite";
        }
        if (!problem.empty()) {
            bad_epoch = report.epoch;
            return false;
        }
        good_params = params;
        good_optimizer = optimizer;
        good_report = report;
        guard.step_in_epoch = 0;
        if constexpr (std::is_invocable_r_v<bool, C&, const nn::epoch_report<T>&> &&
                      !std::is_void_v<std::invoke_result_t<C&, const nn::epoch_report<T>&>>) {
            return static_cast<bool>(callback(report));
        } else {
            callback(report);
            return true;
        }
    };

    nn::fit<Net>(params, guard, loss, std::span(data), options, check_epoch);
    if (!problem.empty()) {
        params = good_params;
        optimizer = good_optimizer;
        const std::string restored =
            bad_epoch == 1 ? "their values before training"
                           : "their values at the end of epoch " + std::to_string(bad_epoch - 1);
        throw training_error(training_error::reason::diverged,
                             prefix + "training diverged in epoch " + std::to_string(bad_epoch) +
                                 " (" + problem +
                                 "); the parameters and the optimizer are back to " + restored,
                             training_error::npos, bad_epoch);
    }
    return good_report;
}

}  // namespace constgrad::io
