// nn::rng: reproducible uniform and normal numbers, identical on GCC and Clang, constexpr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "detail/splitmix64.hpp"
#include "../math/cos.hpp"
#include "../math/log.hpp"
#include "../math/sqrt.hpp"
#include "seed.hpp"

namespace constgrad::nn {

/// A random number source seeded by nn::seed: SplitMix64 bits turned into numbers by our own
/// transforms (std::*_distribution differ between standard libraries, so they would give
/// other networks on another platform). Every draw is made in double and converted to the
/// requested type, so a float network starts from the rounded weights of the double one.
///
///     constgrad::nn::rng r{constgrad::nn::seed{7}};
///     double u = r.uniform(-1.0, 1.0);     // U[-1, 1)
///     float  n = r.normal(0.0f, 0.5f);     // N(0, 0.5^2), Box-Muller
///     std::size_t i = r.below(10);         // uniform in {0, ..., 9}
class rng {
public:
    constexpr explicit rng(seed s) noexcept : bits_{s.value} {}

    /// The next 64 random bits.
    constexpr std::uint64_t next_bits() noexcept { return bits_.next(); }

    /// Uniform on [0, 1): the top 53 bits scaled by 2^-53, so every value is exact in double.
    constexpr double uniform01() noexcept {
        return static_cast<double>(next_bits() >> 11) * 0x1.0p-53;
    }

    /// Uniform on [low, high).
    template <class T>
    constexpr T uniform(T low, T high) noexcept {
        static_assert(
            std::is_floating_point_v<T>,
            "constgrad::nn::rng::uniform(low, high): low and high must be floating point");
        const double l = static_cast<double>(low);
        const double h = static_cast<double>(high);
        // Two statements, so that no compiler contracts them into one fused multiply-add
        // (Clang does within one expression when it folds a constant seed): the same seed
        // must give the same bits on GCC and Clang, at compile time and at run time.
        const double offset = (h - l) * uniform01();
        return static_cast<T>(l + offset);
    }

    /// Normal with the given mean and standard deviation, by the Box-Muller transform
    /// (one cosine branch per draw: simpler than caching the sine twin, and reproducible
    /// whatever order the draws are interleaved in).
    template <class T>
    constexpr T normal(T mean, T stddev) noexcept {
        static_assert(
            std::is_floating_point_v<T>,
            "constgrad::nn::rng::normal(mean, stddev): mean and stddev must be floating point");
        // 1 - U lies in (0, 1], so the logarithm is finite.
        const double u1 = 1.0 - uniform01();
        const double u2 = uniform01();
        constexpr double two_pi = 6.283185307179586476925286766559;
        const double z = math::sqrt(-2.0 * math::log(u1)) * math::cos(two_pi * u2);
        const double offset = static_cast<double>(stddev) * z;  // not fused: see uniform()
        return static_cast<T>(static_cast<double>(mean) + offset);
    }

    /// Uniform on {0, ..., n - 1} (n > 0), by Lemire's multiply-and-reject method, so there
    /// is no modulo bias even for large n.
    constexpr std::size_t below(std::size_t n) noexcept {
        const auto bound = static_cast<std::uint64_t>(n);
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t x = next_bits();
            const std::uint64_t hi = mul_high(x, bound);
            const std::uint64_t lo = x * bound;
            if (lo >= threshold) return static_cast<std::size_t>(hi);
        }
    }

private:
    // High 64 bits of a 64x64 product, portably (no __int128: -Wpedantic rejects it).
    static constexpr std::uint64_t mul_high(std::uint64_t a, std::uint64_t b) noexcept {
        const std::uint64_t a_lo = a & 0xFFFFFFFFULL, a_hi = a >> 32;
        const std::uint64_t b_lo = b & 0xFFFFFFFFULL, b_hi = b >> 32;
        const std::uint64_t lo_lo = a_lo * b_lo;
        const std::uint64_t hi_lo = a_hi * b_lo;
        const std::uint64_t lo_hi = a_lo * b_hi;
        const std::uint64_t hi_hi = a_hi * b_hi;
        const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFULL) + lo_hi;
        return hi_hi + (hi_lo >> 32) + (cross >> 32);
    }

    detail::splitmix64 bits_;
};

}  // namespace constgrad::nn
