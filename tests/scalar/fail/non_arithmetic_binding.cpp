// Misuse: binding a value that is not a number.
// expect-error: constgrad: a variable can only be bound to an arithmetic value
#include <string>

#include <constgrad/constgrad.hpp>

constexpr constgrad::variable<"x"> x;

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    const auto v = constgrad::evaluate(x * x, x = std::string("2"));
#else
    const auto v = constgrad::evaluate(x * x, x = 2.0);
#endif
    return v == 4.0 ? 0 : 1;
}
