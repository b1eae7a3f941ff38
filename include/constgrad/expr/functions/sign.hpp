// sign(e): -1, 0 or 1 (abs's derivative; its own derivative is 0).
#pragma once


#include "../expression.hpp"
#include "../unary.hpp"

namespace constgrad {

/// The operation sign; see sign(e).
struct sign_op {
    static constexpr const char* symbol = "sign";
    template <class T>
    static constexpr T apply(T a) noexcept { return a > T(0) ? T(1) : (a < T(0) ? T(-1) : T(0)); }
};

/// -1, 0 or 1 (abs's derivative; its own derivative is 0).
template <Expression A>
constexpr auto sign(const A& arg) noexcept {
    return unary<sign_op, A>{arg};
}

}  // namespace constgrad
