// optim::schedule: learning rate as a function of the step (constant, step, linear, exponential).
#pragma once

#include <cstddef>

namespace constgrad::optim {

/// A learning rate that may change with the optimizer's step count k = 0, 1, 2, ...
/// One small value type for the four classic shapes, so that an optimizer stays an aggregate
/// whatever the schedule (`sgd{.learning_rate = 0.05}` and
/// `sgd{.learning_rate = optim::linear_decay(1.0, 0.1, 100)}` are the same type).
/// A plain number converts to a constant schedule.
///
///     constgrad::optim::schedule lr = constgrad::optim::linear_decay(1.0, 0.1, 100);
///     lr(0) == 1.0; lr(50) == 0.55; lr(100) == 0.1; lr(500) == 0.1
class schedule {
public:
    enum class shape { constant, step, linear, exponential };

    /// A constant learning rate.
    constexpr schedule(double rate) noexcept : initial_{rate} {}  // NOLINT: implicit on purpose

    /// The learning rate at step k.
    constexpr double operator()(std::size_t k) const noexcept {
        switch (shape_) {
        case shape::constant:
            return initial_;
        case shape::step:
            return initial_ * power(parameter_, k / period_);
        case shape::linear:
            if (k >= period_) return parameter_;
            return initial_ +
                   (parameter_ - initial_) * static_cast<double>(k) / static_cast<double>(period_);
        case shape::exponential:
            return initial_ * power(parameter_, k);
        }
        return initial_;
    }

    constexpr shape kind() const noexcept { return shape_; }

    friend constexpr schedule constant_rate(double rate) noexcept;
    friend constexpr schedule step_decay(double initial, double factor, std::size_t every) noexcept;
    friend constexpr schedule linear_decay(double initial, double final_rate,
                                           std::size_t steps) noexcept;
    friend constexpr schedule exponential_decay(double initial, double rate) noexcept;

private:
    constexpr schedule(shape s, double initial, double parameter, std::size_t period) noexcept
        : shape_{s}, initial_{initial}, parameter_{parameter}, period_{period == 0 ? 1 : period} {}

    // base^n by squaring: exact for the small integer exponents of a schedule, constexpr
    // without a math library, and O(log n) so step 10^6 costs nothing.
    static constexpr double power(double base, std::size_t n) noexcept {
        double result = 1.0;
        while (n != 0) {
            if (n & 1U) result *= base;
            base *= base;
            n >>= 1U;
        }
        return result;
    }

    shape shape_ = shape::constant;
    double initial_ = 0.0;
    double parameter_ = 0.0;
    std::size_t period_ = 1;
};

/// lr(k) = rate. (Named constant_rate, not constant: constgrad::constant is the scalar
/// engine's number node, and both namespaces are often used together.)
constexpr schedule constant_rate(double rate) noexcept {
    return {schedule::shape::constant, rate, 0.0, 1};
}

/// lr(k) = initial * factor^floor(k / every): e.g. halve every 1000 steps.
constexpr schedule step_decay(double initial, double factor, std::size_t every) noexcept {
    return {schedule::shape::step, initial, factor, every};
}

/// lr(k) = initial + (final - initial) * k / steps for k < steps, then final; the classic
/// micrograd demo's 1.0 - 0.9 k / 100 is linear_decay(1.0, 0.1, 100).
constexpr schedule linear_decay(double initial, double final_rate, std::size_t steps) noexcept {
    return {schedule::shape::linear, initial, final_rate, steps};
}

/// lr(k) = initial * rate^k.
constexpr schedule exponential_decay(double initial, double rate) noexcept {
    return {schedule::shape::exponential, initial, rate, 1};
}

}  // namespace constgrad::optim
