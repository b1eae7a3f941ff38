// sigmoid(e): the logistic function 1 / (1 + exp(-e)).
#pragma once


#include "../../math/sigmoid.hpp"
#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation sigmoid; see sigmoid(e).
struct sigmoid_op {
    static constexpr bool calls_math_library = true;  // costs more than comparing constants
    static constexpr const char* symbol = "sigmoid";
    template <class T>
    static constexpr T apply(T a) noexcept { return math::sigmoid(a); }
};

/// The logistic function 1 / (1 + exp(-e)).
template <Expression A>
constexpr auto sigmoid(const A& arg) noexcept {
    return unary<sigmoid_op, A>{arg};
}

}  // namespace constgrad
