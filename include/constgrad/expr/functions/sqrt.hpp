// sqrt(e): the square root (NaN below 0).
#pragma once


#include "../../math/sqrt.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation sqrt; see sqrt(e).
struct sqrt_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "sqrt";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::sqrt(a); }
};

/// The square root (NaN below 0).
template <Expression A>
constexpr auto sqrt(const A& arg) noexcept {
    return unary<sqrt_op, A>{arg};
}

}  // namespace constgrad
