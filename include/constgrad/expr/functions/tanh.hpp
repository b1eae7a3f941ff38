// tanh(e): the hyperbolic tangent.
#pragma once


#include "../../math/tanh.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation tanh; see tanh(e).
struct tanh_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "tanh";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::tanh(a); }
};

/// The hyperbolic tangent.
template <Expression A>
constexpr auto tanh(const A& arg) noexcept {
    return unary<tanh_op, A>{arg};
}

}  // namespace constgrad
