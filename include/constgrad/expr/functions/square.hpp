// square(e): e * e, cheaper and more exact than pow(e, 2).
#pragma once


#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation square; see square(e).
struct square_op {
    static constexpr const char* symbol = "square";
    template <class T>
    static constexpr T apply(T a) noexcept { return a * a; }
};

/// e * e, cheaper and more exact than pow(e, 2).
template <Expression A>
constexpr auto square(const A& arg) noexcept {
    return unary<square_op, A>{arg};
}

}  // namespace constgrad
