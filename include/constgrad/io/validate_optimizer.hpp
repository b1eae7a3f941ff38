// io::validate_optimizer: refuse learning rates <= 0 or not finite and impossible β, ε settings.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>

#include "training_error.hpp"

namespace constgrad::io {

namespace detail_validate_optimizer {

// The shortest decimal that reads back as x: "-0.1", "1e-08", "nan", "inf".
inline std::string show(double x) {
    std::array<char, 32> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x).ptr;
    return std::string(buffer.data(), end);
}

[[noreturn]] inline void fail(const std::string& message) {
    throw training_error(training_error::reason::invalid_setting,
                         "constgrad::io::validate_optimizer: " + message);
}

inline void fraction(double value, const char* name) {
    if (!(value >= 0.0 && value < 1.0))
        fail(std::string("optimizer.") + name + " is " + show(value) + "; it must be in [0, 1)");
}

}  // namespace detail_validate_optimizer

/// Throws io::training_error (reason invalid_setting, the message naming the setting and
/// its value) unless the optimizer's settings make sense for its next `steps` steps:
///  - `learning_rate(k)` positive and finite for every step k the training will take (all
///    of them up to 2^20 steps, then the first and the last: io::checked_fit checks every
///    step as it goes);
///  - momentum's `beta`, Adam's `beta1` and `beta2` in [0, 1), Adam's `epsilon` positive
///    and finite.
/// Works on optim::sgd, optim::momentum, optim::adam and any optimizer with such members.
///
///     constgrad::io::validate_optimizer(constgrad::optim::sgd{.learning_rate = -0.1}, 100);
///     // throws: "... optimizer.learning_rate is -0.1 at step 0; it must be positive and finite"
template <class O>
void validate_optimizer(const O& optimizer, std::size_t steps = 1) {
    using namespace detail_validate_optimizer;
    if constexpr (requires { static_cast<double>(optimizer.learning_rate(std::size_t{})); }) {
        std::size_t first = 0;
        if constexpr (requires { static_cast<std::size_t>(optimizer.steps); })
            first = static_cast<std::size_t>(optimizer.steps);
        const auto check = [&](std::size_t k) {
            const double lr = static_cast<double>(optimizer.learning_rate(k));
            if (!(std::isfinite(lr) && lr > 0.0))
                fail("optimizer.learning_rate is " + show(lr) + " at step " + std::to_string(k) +
                     "; it must be positive and finite");
        };
        constexpr std::size_t exhaustive = std::size_t{1} << 20;
        const std::size_t count = steps == 0 ? 1 : steps;
        if (count <= exhaustive) {
            for (std::size_t k = 0; k < count; ++k) check(first + k);
        } else {
            check(first);
            check(first + count - 1);
        }
    }
    if constexpr (requires { static_cast<double>(optimizer.beta); })
        fraction(static_cast<double>(optimizer.beta), "beta");
    if constexpr (requires { static_cast<double>(optimizer.beta1); })
        fraction(static_cast<double>(optimizer.beta1), "beta1");
    if constexpr (requires { static_cast<double>(optimizer.beta2); })
        fraction(static_cast<double>(optimizer.beta2), "beta2");
    if constexpr (requires { static_cast<double>(optimizer.epsilon); }) {
        const double eps = static_cast<double>(optimizer.epsilon);
        if (!(std::isfinite(eps) && eps > 0.0))
            fail("optimizer.epsilon is " + show(eps) + "; it must be positive and finite");
    }
}

}  // namespace constgrad::io
