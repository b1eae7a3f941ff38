// Misuse: a gradient with a variable left unbound (y).
// expect-error: constgrad: the expression has a variable that is not bound
#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;
constexpr constgrad::variable<"y"> y;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const auto g = constgrad::gradient(x * y, x = 1.0);
#else
    const auto g = constgrad::gradient(x * y, x = 1.0, y = 2.0);
#endif
    return g[x] == 2.0 ? 0 : 1;
}
