// The demo: the seed's derivative examples computed by constgrad, then the two-moons network.
//
// Every derivative below is built by the compiler (derivative() makes a new expression type,
// gradient() runs one reverse sweep); the static_asserts prove they are known at compile
// time. Then a 2-16-16-1 ReLU network learns two noisy half moons, one line per epoch.
#include <cstdio>

#include <constgrad/constgrad.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>
#include <support/two_moons.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

// to_string gives a fixed-capacity string; print it through its view (no terminating zero needed).
template <class E>
void print_formula(const char* label, const E& e) {
    const auto text = cg::to_string(e);
    std::printf("%s%.*s", label, static_cast<int>(text.view().size()), text.view().data());
}

constexpr cg::variable<"x"> x;
constexpr cg::variable<"a"> a;
constexpr cg::variable<"b"> b;
constexpr cg::variable<"w1"> w1;
constexpr cg::variable<"w2"> w2;
constexpr cg::variable<"x1"> x1;
constexpr cg::variable<"x2"> x2;

void derivatives() {
    std::puts("Derivatives (the seed's examples), computed at compile time:");

    constexpr auto f1 = 2 * x + 7;
    static_assert(cg::evaluate(cg::derivative(f1, x), x = 5.0) == 2.0);
    print_formula("  f(x) = ", f1);
    print_formula("   f'(x) = ", cg::derivative(f1, x));
    std::puts("");

    constexpr auto f2 = 3 * x * x + 4 * x;
    constexpr double f2_at_2 = cg::evaluate(cg::derivative(f2, x), x = 2.0);
    static_assert(f2_at_2 == 16.0);
    print_formula("  f(x) = ", f2);
    print_formula("   f'(x) = ", cg::derivative(f2, x));
    std::printf("   f'(2) = %g\n", f2_at_2);

    constexpr auto sum = cg::gradient(a + b, a = 3.0, b = -2.0);
    static_assert(sum[a] == 1.0 && sum[b] == 1.0);
    std::printf("  f(a, b) = a + b   at a = 3, b = -2: df/da = %g, df/db = %g\n", sum[a], sum[b]);

    constexpr auto product = cg::gradient(a * b, a = 3.0, b = -2.0);
    static_assert(product[a] == -2.0 && product[b] == 3.0);
    std::printf("  f(a, b) = a * b   at a = 3, b = -2: df/da = b = %g, df/db = a = %g\n",
                product[a], product[b]);

    // The chain rule: a = w1 x1, b = w2 x2, y = a + b.
    constexpr auto y = w1 * x1 + w2 * x2;
    constexpr auto g = cg::gradient(y, w1 = 0.5, x1 = 2.0, w2 = -1.5, x2 = 4.0);
    static_assert(g[w1] == 2.0 && g[x1] == 0.5 && g[w2] == 4.0 && g[x2] == -1.5);
    std::printf("  y = w1*x1 + w2*x2 at w1 = 0.5, x1 = 2, w2 = -1.5, x2 = 4:\n"
                "    dy/dw1 = x1 = %g, dy/dx1 = w1 = %g, dy/dw2 = x2 = %g, dy/dx2 = w2 = %g\n",
                g[w1], g[x1], g[w2], g[x2]);
}

using net = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;

int two_moons() {
    std::puts("\nTraining a 2-16-16-1 ReLU network on two moons (100 points, noise 0.1):");
    const auto data = support::make_moons<100>(0.1, nn::seed{1});
    auto params = net::init(nn::seed{1337}, nn::uniform_init{-1.0, 1.0});
    optim::sgd opt{.learning_rate = optim::linear_decay(1.0, 0.1, 100)};
    nn::fit<net>(params, opt, nn::hinge + nn::l2{1e-4}, data,
                 {.epochs = 100, .accuracy = nn::accuracy::sign},
                 [](const nn::epoch_report<double>& r) {
                     std::printf("  epoch %3zu  loss %.6f  accuracy %5.1f%%\n", r.epoch, r.loss,
                                 100 * r.accuracy);
                 });
    int correct = 0;
    for (const auto& [in, label] : data)
        correct += (net::forward(params, in)[0] > 0) == (label[0] > 0);
    std::printf("final training accuracy: %d of %zu\n", correct, data.size());
    return correct >= 97 ? 0 : 1;
}

}  // namespace

int main() {
    derivatives();
    return two_moons();
}
