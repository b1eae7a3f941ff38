// Misuse: asking a gradient for a variable that was not bound in the call.
// expect-error: constgrad: g\[x\] asks for a variable that was not bound
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;
[[maybe_unused]] constexpr constgrad::variable<"y"> y;

int main() {
    const auto g = constgrad::gradient(x * x, x = 1.0);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    return g[y] == 0.0 ? 0 : 1;
#else
    return g[x] == 2.0 ? 0 : 1;
#endif
}
