// Misuse: binding the same variable twice in one call.
// expect-error: constgrad: a variable is bound twice
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const double v = constgrad::evaluate(x * x, x = 1.0, x = 2.0);
#else
    const double v = constgrad::evaluate(x * x, x = 2.0);
#endif
    return v == 4.0 ? 0 : 1;
}
