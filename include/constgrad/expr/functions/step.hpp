// step(e): the Heaviside step: 1 for e > 0, else 0 (relu's derivative; its own derivative is 0).
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation step; see step(e).
struct step_op {
    static constexpr const char* symbol = "step";
    template <class T>
    static constexpr T apply(T a) noexcept {
        // GCC, at run time: 1.0 & (a > 0 as a lane mask), the same bits, in two vector-register
        // instructions: GCC otherwise turns `u * (a > 0 ? 1 : 0)` into a branch (skipping
        // u * 0), which mispredicts on data of both signs. Clang selects without a branch by
        // itself, and the plain form lets it vectorise a loop over points that inlines the sweep.
#if !defined(__clang__)
        if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
            if (!std::is_constant_evaluated()) {
                using lanes [[gnu::vector_size(16)]] = T;
                using bits = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
                using masks [[gnu::vector_size(16)]] = bits;
                const masks mask = lanes{a} > lanes{};
                return std::bit_cast<lanes>(mask & std::bit_cast<masks>(lanes{T(1)}))[0];
            }
        }
#endif
        return a > T(0) ? T(1) : T(0);
    }
};

/// The Heaviside step: 1 for e > 0, else 0 (relu's derivative; its own derivative is 0).
template <Expression A>
constexpr auto step(const A& arg) noexcept {
    return unary<step_op, A>{arg};
}

}  // namespace constgrad
