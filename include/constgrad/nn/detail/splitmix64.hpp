// detail::splitmix64: the 64-bit generator behind constgrad's reproducible random numbers.
#pragma once

#include <cstdint>

namespace constgrad::detail {

// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014). Chosen because it is a handful of integer operations, so it runs the same
// inside the compiler and at run time, on GCC and Clang alike; std::*_engine would do too,
// but std::*_distribution differs between standard libraries, so we draw our own.
struct splitmix64 {
    std::uint64_t state = 0;

    constexpr std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

}  // namespace constgrad::detail
