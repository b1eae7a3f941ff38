// log(e): the natural logarithm (NaN below 0, -inf at 0).
#pragma once


#include "../../math/log.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation log; see log(e).
struct log_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "log";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::log(a); }
};

/// The natural logarithm (NaN below 0, -inf at 0).
template <Expression A>
constexpr auto log(const A& arg) noexcept {
    return unary<log_op, A>{arg};
}

}  // namespace constgrad
