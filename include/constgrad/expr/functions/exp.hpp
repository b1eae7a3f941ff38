// exp(e): the exponential function.
#pragma once


#include "../../math/exp.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation exp; see exp(e).
struct exp_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "exp";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::exp(a); }
};

/// The exponential of e: exp(x) is e^x.
template <Expression A>
constexpr auto exp(const A& arg) noexcept {
    return unary<exp_op, A>{arg};
}

}  // namespace constgrad
