// abs(e): the absolute value; its derivative at 0 is taken as sign(0) = 0.
#pragma once


#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation abs; see abs(e).
struct abs_op {
    static constexpr const char* symbol = "abs";
    template <class T>
    static constexpr T apply(T a) noexcept { return a < T(0) ? -a : a; }
};

/// The absolute value; its derivative at 0 is taken as sign(0) = 0.
template <Expression A>
constexpr auto abs(const A& arg) noexcept {
    return unary<abs_op, A>{arg};
}

}  // namespace constgrad
