// Tutorial, chapter "Chain rule": along a path through a formula, local rates multiply.
//
// The loss L = (y - t)^2 of a linear neuron y = w1 x1 + w2 x2 depends on w1 only through
// a = w1 x1, and a only through y. So dL/dw1 = dL/dy * dy/da * da/dw1. This program works
// out the three local rates separately, multiplies them, and compares the product with the
// gradient of the whole formula, both inside the compiler and at run time. Exits 1 if they
// differ.
#include <cstdio>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/square.hpp>
#include <constgrad/expr/to_string.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/rules/derivative.hpp>
#include <constgrad/schedule/gradient.hpp>

namespace cg = constgrad;

constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"x2"> x2;
constexpr cg::variable<"t"> t;
// Names for the intermediate results, to look at one step of the path at a time.
constexpr cg::variable<"a"> a;
constexpr cg::variable<"y"> y;

// The whole formula, and its three steps, each a function of the step before.
constexpr auto loss = cg::square(w1 * x1 + w2 * x2 - t);
constexpr auto step_a = w1 * x1;               // a(w1)
constexpr auto step_y = a + w2 * x2;           // y(a)
constexpr auto step_loss = cg::square(y - t);  // L(y)

// The point: w1 = 0.5, x1 = 4, w2 = -1, x2 = 1.5, t = 1. Then a = 2, y = 0.5, L = 0.25.
struct rates {
    double dl_dy, dy_da, da_dw1, product, whole;
};

constexpr rates at(double w1_value) {
    const double a_value = w1_value * 4.0;
    const double y_value = a_value + -1.0 * 1.5;
    rates r{};
    r.dl_dy = cg::gradient(step_loss, y = y_value, t = 1.0)[y];           // 2 (y - t)
    r.dy_da = cg::gradient(step_y, a = a_value, w2 = -1.0, x2 = 1.5)[a];  // 1
    r.da_dw1 = cg::gradient(step_a, w1 = w1_value, x1 = 4.0)[w1];         // x1
    r.product = r.dl_dy * r.dy_da * r.da_dw1;
    r.whole = cg::gradient(loss, w1 = w1_value, x1 = 4.0, w2 = -1.0, x2 = 1.5, t = 1.0)[w1];
    return r;
}

constexpr rates r = at(0.5);
static_assert(r.dl_dy == -1.0 && r.dy_da == 1.0 && r.da_dw1 == 4.0);
static_assert(r.product == -4.0 && r.whole == -4.0);

// The derivative built by the compiler has the same shape: 2 (y - t) times x1.
static_assert(cg::to_string(cg::derivative(loss, w1)) == "2 * (w1 * x1 + w2 * x2 - t) * x1");

// One reverse sweep gives the rate of every input at once: dL/dw2 = -1 * 1 * x2 = -1.5,
// dL/dx1 = -1 * w1 = -0.5, dL/dx2 = -1 * w2 = 1, dL/dt = -2 (y - t) = 1.
constexpr auto all = cg::gradient(loss, w1 = 0.5, x1 = 4.0, w2 = -1.0, x2 = 1.5, t = 1.0);
static_assert(all.value() == 0.25);
static_assert(all[w2] == -1.5 && all[x1] == -0.5 && all[x2] == 1.0 && all[t] == 1.0);

int main() {
    volatile double w = 0.5;  // run time: the compiler cannot fold what follows
    const rates run = at(w);
    std::printf("dL/dy = %g, dy/da = %g, da/dw1 = %g\n", run.dl_dy, run.dy_da, run.da_dw1);
    std::printf("product along the path: %g; gradient of the whole formula: %g\n", run.product,
                run.whole);
    std::printf("dL/dw1 as a formula: %s\n", cg::to_string(cg::derivative(loss, w1)).str().c_str());
    if (run.product != -4.0 || run.whole != -4.0) {
        std::printf("FAILED: expected dL/dw1 = -4 both ways\n");
        return 1;
    }
    std::printf("chain rule: the product of the local rates equals dL/dw1 = -4\n");
}
