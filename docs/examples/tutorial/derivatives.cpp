// Tutorial, chapter "Derivatives": rates of change, built by the compiler as formulas.
//
// derivative(f, x) is a new expression, made at compile time by the differentiation rules;
// evaluate() turns it into a number at a point, and gradient() gives that number directly.
// The sum and the product rule are checked by nudging an input by 1 and watching the output.
// Every claim is a static_assert; the program repeats them at run time and exits 1 on a
// mismatch.
#include <cstdio>
#include <type_traits>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/evaluate.hpp>
#include <constgrad/expr/functions/pow.hpp>
#include <constgrad/expr/literal.hpp>
#include <constgrad/expr/to_string.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/rules/derivative.hpp>
#include <constgrad/schedule/gradient.hpp>
#include <constgrad/schedule/gradient_check.hpp>

namespace cg = constgrad;

constexpr cg::variable<"x"> x;
constexpr cg::variable<"a"> a;
constexpr cg::variable<"b"> b;

// A straight line grows at the same rate everywhere: f(x) = 5x - 3, f'(x) = 5.
constexpr auto line = 5 * x - 3;
static_assert(cg::to_string(cg::derivative(line, x)) == "5");

// A curve does not: g(x) = x^3 + 2x, g'(x) = 3x^2 + 2, another formula of x.
constexpr auto g = cg::pow<3>(x) + 2 * x;
constexpr auto dg = cg::derivative(g, x);
static_assert(cg::to_string(dg) == "3 * pow(x, 2) + 2");
// The value of the derivative at a point: at x = 3 the curve rises 29 times as fast as x.
static_assert(cg::evaluate(dg, x = 3.0) == 29.0);
// gradient() gives the same number without building the formula of g' first.
static_assert(cg::gradient(g, x = 3.0)[x] == 29.0);
static_assert(cg::gradient(g, x = 3.0).value() == 33.0);  // and g(3) itself
// It agrees with the slope measured numerically, (g(x + h) - g(x - h)) / 2h and refinements.
static_assert(cg::gradient_check(g, x = 3.0));
// A derivative is an expression like any other, so it can be differentiated again.
static_assert(cg::to_string(cg::derivative(dg, x)) == "6 * x");

// Addition: f(a, b) = a + b. Adding 1 to a adds exactly 1 to f, whatever a and b are.
constexpr auto sum = a + b;
static_assert(std::is_same_v<decltype(cg::derivative(sum, a)), cg::one>);  // the type-level 1
static_assert(cg::evaluate(sum, a = 1.5 + 1, b = -4.0) - cg::evaluate(sum, a = 1.5, b = -4.0) ==
              1.0);
static_assert(cg::gradient(sum, a = 1.5, b = -4.0)[a] == 1.0);
static_assert(cg::gradient(sum, a = 1.5, b = -4.0)[b] == 1.0);

// Multiplication: f(a, b) = a * b. Adding 1 to a adds b to f, and adding 1 to b adds a.
constexpr auto product = a * b;
static_assert(cg::to_string(cg::derivative(product, a)) == "b");
static_assert(cg::to_string(cg::derivative(product, b)) == "a");
static_assert(cg::evaluate(product, a = 1.5 + 1, b = -4.0) -
                  cg::evaluate(product, a = 1.5, b = -4.0) ==
              -4.0);
static_assert(cg::gradient(product, a = 1.5, b = -4.0)[a] == -4.0);
static_assert(cg::gradient(product, a = 1.5, b = -4.0)[b] == 1.5);

int main() {
    volatile double at = 3.0;  // run time: the compiler cannot fold what follows
    const double slope = cg::evaluate(dg, x = at);
    const auto gp = cg::gradient(product, a = at - 1.5, b = -4.0);
    std::printf("g(x)   = %s\n", cg::to_string(g).str().c_str());
    std::printf("g'(x)  = %s, g'(3) = %g\n", cg::to_string(dg).str().c_str(), slope);
    std::printf("g''(x) = %s\n", cg::to_string(cg::derivative(dg, x)).str().c_str());
    std::printf("d(a*b)/da = %s = %g and d(a*b)/db = %s = %g at a = 1.5, b = -4\n",
                cg::to_string(cg::derivative(product, a)).str().c_str(), gp[a],
                cg::to_string(cg::derivative(product, b)).str().c_str(), gp[b]);
    if (slope != 29.0 || gp[a] != -4.0 || gp[b] != 1.5 || !cg::gradient_check(g, x = at)) {
        std::printf("FAILED: a derivative differs from the value worked out by hand\n");
        return 1;
    }
    std::printf("all derivatives match the hand-derived values\n");
}
