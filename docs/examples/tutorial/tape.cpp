// Tutorial, chapter "Autograd", the classic way: a tape recorded at run time.
//
// constgrad::tape records every operation on tape::value numbers as it happens (result,
// operands, local derivatives); backward() seeds the output with 1 and walks the records in
// reverse. It handles graphs whose shape is only known at run time, and it is the reference
// the compile-time engine is tested against: this program computes the same gradients both
// ways. Exits 1 if they differ.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <vector>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/relu.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/schedule/gradient.hpp>
#include <constgrad/tape/mlp.hpp>
#include <constgrad/tape/operators.hpp>
#include <constgrad/tape/relu.hpp>
#include <constgrad/tape/square.hpp>
#include <constgrad/tape/tape.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;
namespace tp = constgrad::tape;

int main(int argc, char**) {
    bool ok = true;

    // 1. f = (a + b) * b. Each operation appends a node; backward() fills in grad().
    tp::tape<> t;
    auto a = t.variable(2.0);
    auto b = t.variable(3.0);
    auto f = (a + b) * b;
    f.backward();
    std::printf("tape: f = %g, df/da = %g, df/db = %g (%zu nodes recorded)\n", f.data(), a.grad(),
                b.grad(), t.size());
    ok = ok && f.data() == 15 && a.grad() == 3 && b.grad() == 8;

    // 2. The shared sub-expressions of the previous program: on a tape, z is one node because
    // it is computed once and then reused as a value, not because of its type.
    t.clear();  // forget the last graph, keep the memory
    auto x = t.variable(-4.0);
    auto z = 2 * x + 2 + x;
    auto q = tp::relu(z) + z * x;
    auto h = tp::relu(z * z);
    auto y = h + q + q * x;
    y.backward();
    // The compile-time engine on the same formula, built from types instead of records.
    constexpr cg::variable<"x"> cx;
    constexpr auto cz = 2 * cx + 2 + cx;
    constexpr auto cq = cg::relu(cz) + cz * cx;
    const auto cy = cg::gradient(cg::relu(cz * cz) + cq + cq * cx, cx = -4.0);
    std::printf("tape: y = %g, dy/dx = %g; compile-time engine: y = %g, dy/dx = %g\n", y.data(),
                x.grad(), cy.value(), cy[cx]);
    ok = ok && y.data() == -20 && x.grad() == 46 && cy[cx] == x.grad();

    // 3. A graph whose shape depends on run-time data: p(u) = 1 + u + u^2 + ... + u^n by
    // Horner's rule, n read at run time. p'(u) = 1 + 2u + ... + n u^(n-1).
    const int n = 9 + argc;  // 10 when run without arguments
    t.clear();
    auto u = t.variable(0.5);
    auto p = t.variable(1.0);  // the leading coefficient; a leaf like u
    for (int k = 0; k < n; ++k) p = p * u + 1;
    p.backward();
    double expected = 0, power = 1;
    for (int k = 1; k <= n; ++k, power *= 0.5) expected += k * power;
    std::printf("tape: degree-%d polynomial at 0.5: p = %.10f, p' = %.10f (by hand %.10f)\n", n,
                p.data(), u.grad(), expected);
    ok = ok && std::abs(u.grad() - expected) < 1e-12;

    // 4. A whole network: tape::mlp is the runtime twin of nn::network, with the same
    // parameter layout and the same initialisation. Its gradient matches the compile-time
    // network's, number by number.
    using net = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
    const auto params = net::init(nn::seed{5});
    tp::mlp<> runtime_net(2, {3, 1}, tp::activation::tanh, tp::activation::identity);
    runtime_net.init(nn::seed{5});
    t.clear();
    const std::vector<double> input{0.5, -1.0};
    const auto out = runtime_net(t, input);
    tp::square(out[0] - 0.25).backward();
    const std::vector<double> tape_grad = runtime_net.gradient();
    const auto net_grad = nn::flatten(
        net::gradient(nn::squared_error, params, std::array{0.5, -1.0}, std::array{0.25}));
    double worst = 0;
    for (std::size_t i = 0; i < net_grad.size(); ++i)
        worst = std::fmax(worst, std::abs(tape_grad[i] - net_grad[i]));
    std::printf("tape::mlp vs nn::network: %zu gradients, largest difference %.1e\n",
                net_grad.size(), worst);
    ok = ok && tape_grad.size() == net_grad.size() && worst < 1e-14;

    if (!ok) {
        std::printf("FAILED: the tape and the compile-time engine disagree\n");
        return 1;
    }
    std::printf("the tape and the compile-time engine give the same gradients\n");
}
