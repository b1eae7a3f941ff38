// sin(e): the sine (radians).
#pragma once


#include "../../math/sin.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation sin; see sin(e).
struct sin_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "sin";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::sin(a); }
};

/// The sine (radians).
template <Expression A>
constexpr auto sin(const A& arg) noexcept {
    return unary<sin_op, A>{arg};
}

}  // namespace constgrad
