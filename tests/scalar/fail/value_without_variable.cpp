// Misuse: passing a plain number where a binding (x = 2.0) is expected.
// expect-error: constgrad: values must be passed as bindings of variables
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const double v = constgrad::evaluate(x * x, 2.0);
#else
    const double v = constgrad::evaluate(x * x, x = 2.0);
#endif
    return v == 4.0 ? 0 : 1;
}
