// Compile-time checks of tensor/ and nn::formula_layer: gradients, Jacobians (against
// hand-derived values and against finite differences) and a layer's forward and backward,
// all inside static_assert.
#define BOOST_TEST_MODULE tensor_static
#include <array>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/tensor/gradient.hpp>
#include <constgrad/tensor/jacobian_check.hpp>
#include <constgrad/tensor/operators.hpp>

namespace t = constgrad::tensor;
namespace nn = constgrad::nn;

namespace {

constexpr t::matrix<"W", 2, 3> W;
constexpr t::vector<"b", 2> b;
constexpr t::vector<"v", 2> v;
constexpr t::input<3> x;
constexpr std::array<std::array<double, 3>, 2> w_value{{{1.0, 2.0, 3.0}, {-1.0, 0.5, 0.0}}};
constexpr std::array<double, 2> b_value{0.5, -0.25};
constexpr std::array<double, 3> x_value{2.0, -1.0, 0.5};

// d/dv <v, v> = 2v.
constexpr auto g_dot = t::gradient(t::dot(v, v), v = std::array{1.0, -3.0});
static_assert(g_dot.value == 10.0 && g_dot[v][0] == 2.0 && g_dot[v][1] == -6.0);

// f = sum(2v - 1): value 2(v0 + v1) - 2, d/dv = (2, 2); the constants are data of the formula.
constexpr auto g_affine = t::gradient(t::sum(2.0 * v - 1), v = std::array{1.0, 2.0});
static_assert(g_affine.value == 4.0 && g_affine[v][0] == 2.0 && g_affine[v][1] == 2.0);

// J of W x + b: d/dx = W, d/db = I, d/dW[o][(o', i)] = [o == o'] x[i].
constexpr auto j_x = t::jacobian(W * x + b, x, W = w_value, b = b_value, x = x_value);
static_assert(j_x == w_value);
constexpr auto j_b = t::jacobian(W * x + b, b, W = w_value, b = b_value, x = x_value);
static_assert(j_b == std::array<std::array<double, 2>, 2>{{{1.0, 0.0}, {0.0, 1.0}}});
constexpr auto j_w = t::jacobian(W * x + b, W, W = w_value, b = b_value, x = x_value);
static_assert(j_w == std::array<std::array<double, 6>, 2>{{{2.0, -1.0, 0.5, 0.0, 0.0, 0.0},
                                                            {0.0, 0.0, 0.0, 2.0, -1.0, 0.5}}});

// softmax at equal logits: p = (1/2, 1/2), J = diag(p) - p pᵀ (exact in binary).
constexpr auto j_softmax = t::jacobian(t::softmax(v), v, v = std::array{3.0, 3.0});
static_assert(j_softmax == std::array<std::array<double, 2>, 2>{{{0.25, -0.25}, {-0.25, 0.25}}});

// Analytic Jacobians against central finite differences, inside the compiler.
constexpr auto layer_like = t::log_softmax(t::apply<nn::tanh>(W * x + b)) * v;
static_assert(t::jacobian_check(layer_like, W, W = w_value, b = b_value, v = std::array{0.5, 2.0}, x = x_value));
static_assert(t::jacobian_check(layer_like, x, W = w_value, b = b_value, v = std::array{0.5, 2.0}, x = x_value));
static_assert(t::jacobian_check(t::softmax(W * x) * t::apply<nn::sigmoid>(b), b, W = w_value, b = b_value,
                                x = x_value));
constexpr std::array<std::array<float, 3>, 2> w_float{{{1.0f, 2.0f, 3.0f}, {-1.0f, 0.5f, 0.0f}}};
static_assert(t::jacobian_check(t::apply<nn::tanh>(W * x), x, W = w_float, x = std::array{0.2f, -0.1f, 0.3f}));
static_assert(t::jacobian_check(t::concat(t::slice<1, 3>(x), t::sum(x)), x, x = x_value));
// The check does catch a disagreement: at relu's kink the rule says relu'(0) = 0 and the
// central difference says 1/2.
static_assert(!t::jacobian_check(t::apply<nn::relu>(v), v, v = std::array{0.0, 1.0}));

// A gated linear unit with hand-picked parameters: W2 = 0 and b2 = 0 make the gate σ(0) = 1/2
// exactly, so y = (W1 x + b1) / 2, dL/db1 = 1/2 (L = Σ y), dL/db2 = (W1 x + b1)·σ'(0) = (W1 x + b1)/4,
// dL/dW1[o][i] = x[i]/2, dL/dW2[o][i] = (W1 x + b1)[o]·x[i]/4, dL/dx[i] = Σ_o W1[o][i]/2.
constexpr t::matrix<"W1", 2, 3> W1;
constexpr t::vector<"b1", 2> b1;
constexpr t::matrix<"W2", 2, 3> W2;
constexpr t::vector<"b2", 2> b2;
constexpr auto glu = (W1 * x + b1) * t::apply<nn::sigmoid>(W2 * x + b2);
using glu_layer = nn::formula_layer<glu>;

struct glu_result {
    std::array<double, 2> y;
    glu_layer::parameters<double> g;
    std::array<double, 3> dx;
};
constexpr glu_result run_glu() {
    glu_layer::parameters<double> p{};
    p[W1] = w_value;
    p[b1] = b_value;
    glu_result r{};
    glu_layer::cache<double> c{};
    glu_layer::forward_recording(p, x_value, r.y, c);
    std::array<double, 2> dy{1.0, 1.0};
    glu_layer::backward<true>(p, x_value, c, dy, r.g, r.dx);
    return r;
}
constexpr glu_result glu_run = run_glu();
// W1 x + b1 = (2 - 2 + 1.5 + 0.5, -2 - 0.5 + 0 - 0.25) = (2, -2.75)
static_assert(glu_run.y == std::array{1.0, -1.375});
static_assert(glu_run.g[b1] == std::array{0.5, 0.5});
static_assert(glu_run.g[b2] == std::array{0.5, -0.6875});
static_assert(glu_run.g[W1] == std::array<std::array<double, 3>, 2>{{{1.0, -0.5, 0.25}, {1.0, -0.5, 0.25}}});
static_assert(glu_run.g[W2] == std::array<std::array<double, 3>, 2>{{{1.0, -0.5, 0.25}, {-1.375, 0.6875, -0.34375}}});
static_assert(glu_run.dx == std::array{0.0, 1.25, 1.5});

// The formula's graph holds each distinct node once: x is used twice but has one entry
// (W1, x, b1, W1 x + b1, W2, b2, W2 x + b2, σ, ⊙).
static_assert(glu_layer::schedule::graph::size == 9);
// The cache is what the reverse rules read: W1 x + b1 and σ(W2 x + b2) (⊙'s rule reads both
// factors) and σ's slope (apply's extra slot); not W2 x + b2 (apply's rule reads the slope
// only) nor the output (no rule reads it): 3 arrays of 2, no byte more.
static_assert(glu_layer::schedule::kept[3] && glu_layer::schedule::kept[7]);
static_assert(!glu_layer::schedule::kept[6] && !glu_layer::schedule::kept[8]);
static_assert(sizeof(glu_layer::cache<double>) == 3 * 2 * sizeof(double));

// forward (no recording) in constant evaluation, the same output.
constexpr std::array<double, 2> glu_forward() {
    glu_layer::parameters<double> p{};
    p[W1] = w_value;
    p[b1] = b_value;
    std::array<double, 2> y{};
    glu_layer::forward(p, x_value, y);
    return y;
}
static_assert(glu_forward() == glu_run.y);
static_assert(glu_layer::parameters<double>::size == 2 * (6 + 2));

}  // namespace

BOOST_AUTO_TEST_CASE(compile_time_checks_hold) {
    // Everything above is a static_assert; reaching here means it compiled.
    BOOST_TEST(glu_run.y[0] == 1.0);
}
