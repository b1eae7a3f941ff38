// Misuse: differentiating with respect to an expression (x * y) instead of a variable.
// expect-error: constgrad::derivative\(f, x\) requires 'x' to be a constgrad::variable
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;
constexpr constgrad::variable<"y"> y;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    auto d = constgrad::derivative(x * y, x * y);
#else
    auto d = constgrad::derivative(x * y, y);
#endif
    return constgrad::evaluate(d, x = 1.0, y = 2.0) == 1.0 ? 0 : 1;
}
