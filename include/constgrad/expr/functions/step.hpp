// step(e): the Heaviside step: 1 for e > 0, else 0 (relu's derivative; its own derivative is 0).
#pragma once

#include <string_view>

#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation step; see step(e).
struct step_op {
    static constexpr std::string_view symbol = "step";
    template <class T>
    static constexpr T apply(T a) noexcept { return a > T(0) ? T(1) : T(0); }
};

/// The Heaviside step: 1 for e > 0, else 0 (relu's derivative; its own derivative is 0).
template <Expression A>
constexpr auto step(const A& arg) noexcept {
    return unary<step_op, A>{arg};
}

}  // namespace constgrad
