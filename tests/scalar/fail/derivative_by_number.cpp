// Misuse: differentiating with respect to a number instead of a variable.
// expect-error: constgrad::derivative\(f, x\) requires 'x' to be a constgrad::variable
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    auto d = constgrad::derivative(x * x, 3.0);
#else
    auto d = constgrad::derivative(x * x, x);
#endif
    return constgrad::evaluate(d, x = 1.0) == 2.0 ? 0 : 1;
}
