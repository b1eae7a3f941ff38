// Shared helpers of the runtime-tape tests: every tape header, tolerances, finite differences.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "constgrad/tape/abs.hpp"
#include "constgrad/tape/activate.hpp"
#include "constgrad/tape/activation.hpp"
#include "constgrad/tape/cos.hpp"
#include "constgrad/tape/exp.hpp"
#include "constgrad/tape/foreign_value_error.hpp"
#include "constgrad/tape/layer.hpp"
#include "constgrad/tape/leaky_relu.hpp"
#include "constgrad/tape/log.hpp"
#include "constgrad/tape/mlp.hpp"
#include "constgrad/tape/neuron.hpp"
#include "constgrad/tape/operators.hpp"
#include "constgrad/tape/pow.hpp"
#include "constgrad/tape/relu.hpp"
#include "constgrad/tape/sigmoid.hpp"
#include "constgrad/tape/sin.hpp"
#include "constgrad/tape/sqrt.hpp"
#include "constgrad/tape/square.hpp"
#include "constgrad/tape/stale_value_error.hpp"
#include "constgrad/tape/tanh.hpp"
#include "constgrad/tape/tape.hpp"
#include "constgrad/tape/value.hpp"

namespace tape_test {

namespace tp = constgrad::tape;

// |a - b| <= tol * max(1, |a|, |b|): relative for large numbers, absolute near 0.
inline bool close(double a, double b, double tol)
{
    const double scale = std::fmax(1.0, std::fmax(std::fabs(a), std::fabs(b)));
    return std::fabs(a - b) <= tol * scale;
}

// Central finite difference of f at x along coordinate k: (f(x + h e_k) - f(x - h e_k)) / 2h.
inline double central_difference(const std::function<double(const std::vector<double>&)>& f,
                                 std::vector<double> x, std::size_t k, double h = 1e-6)
{
    const double x0 = x[k];
    x[k] = x0 + h;
    const double up = f(x);
    x[k] = x0 - h;
    const double down = f(x);
    return (up - down) / (2 * h);
}

// Reproducible numbers for test inputs: SplitMix64 bits -> uniform [lo, hi).
class numbers {
public:
    explicit numbers(std::uint64_t seed) : state_(seed) {}
    double uniform(double lo, double hi)
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        return lo + (hi - lo) * (static_cast<double>(z >> 11) * 0x1.0p-53);
    }

private:
    std::uint64_t state_;
};

} // namespace tape_test
