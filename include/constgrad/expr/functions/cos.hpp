// cos(e): the cosine (radians).
#pragma once


#include "../../math/cos.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation cos; see cos(e).
struct cos_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "cos";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::cos(a); }
};

/// The cosine (radians).
template <Expression A>
constexpr auto cos(const A& arg) noexcept {
    return unary<cos_op, A>{arg};
}

}  // namespace constgrad
