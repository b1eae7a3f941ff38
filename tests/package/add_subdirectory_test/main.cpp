// Package test consumer: uses constgrad through the umbrella header, at compile and run time.
#include <constgrad/constgrad.hpp>

#include <cstdio>

int main() {
    namespace cg = constgrad;
    constexpr cg::variable<"x"> x;
    constexpr auto f = 3 * x * x + 4 * x;
    static_assert(cg::evaluate(f, x = 2.0) == 20.0);

    // volatile: evaluate at run time too, where the library may take other code paths.
    volatile double at = 2.0;
    const double value = cg::evaluate(f, x = at);
    std::printf("3x^2 + 4x at x = 2: %g\n", value);
    return value == 20.0 ? 0 : 1;
}
