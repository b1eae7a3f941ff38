// relu(e): max(e, 0). relu'(0) is taken as 0 (step(0) = 0), as PyTorch does; relu(NaN) is NaN.
#pragma once


#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation relu; see relu(e).
struct relu_op {
    static constexpr const char* symbol = "relu";
    template <class T>
    static constexpr T apply(T a) noexcept { return a < T(0) ? T(0) : a; }
};

/// max(e, 0). relu'(0) is taken as 0 (step(0) = 0), as PyTorch does; relu(NaN) is NaN.
template <Expression A>
constexpr auto relu(const A& arg) noexcept {
    return unary<relu_op, A>{arg};
}

}  // namespace constgrad
