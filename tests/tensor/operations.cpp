// Every tensor operation: gradients against central finite differences, values against
// hand-derived numbers, and the cross-entropy of /work/shared/oracles/torch_layers.json (O1, O1b).
#include <array>
#include <cmath>
#include <limits>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/tensor/gradient.hpp>
#include <constgrad/tensor/operators.hpp>

#include "tensor_test_support.hpp"

namespace t = constgrad::tensor;
namespace nn = constgrad::nn;
using tensor_test::bind;
using tensor_test::worst_gradient_error;

namespace {

constexpr t::matrix<"W", 3, 4> W;
constexpr t::vector<"b", 3> b;
constexpr t::vector<"u", 4> u;
constexpr t::vector<"v", 3> v;
constexpr t::input<4> x;

constexpr constgrad::variable<"z"> z;
using swish = nn::activation<z * constgrad::sigmoid(z)>;

struct point {
    std::array<std::array<double, 4>, 3> w;
    std::array<double, 3> b, v;
    std::array<double, 4> u, x;
    explicit point(std::uint64_t seed) {
        tensor_test::numbers r{seed};
        r.fill(w);
        r.fill(b);
        r.fill(v);
        r.fill(u);
        r.fill(x);
    }
};

// The tolerance of every finite-difference check here (see central_difference).
constexpr double fd_tolerance = 1e-6;

template <class F>
double worst_over_points(const F& f) {
    double worst = 0;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        point p{seed};
        worst = std::max(worst, worst_gradient_error(f, bind(W, p.w), bind(b, p.b), bind(v, p.v),
                                                     bind(u, p.u), bind(x, p.x)));
    }
    return worst;
}

// The sum of a formula's elements against finite differences at five points.
#define CHECK_FD(...)                                                         \
    do {                                                                          \
        constexpr auto f = __VA_ARGS__;                                               \
        const double worst = worst_over_points(t::sum(f));                        \
        BOOST_TEST_INFO(#__VA_ARGS__);                                                \
        BOOST_TEST(worst < fd_tolerance);                                         \
    } while (false)

}  // namespace

BOOST_AUTO_TEST_SUITE(operations)

BOOST_AUTO_TEST_CASE(product_and_affine_match_finite_differences) {
    CHECK_FD(W * x);
    CHECK_FD(W * (u * x) + b);
    CHECK_FD(v * (W * x));
    // W x + b is one affine node (kernels::affine), b + W x an addition of a product.
    static_assert(std::is_same_v<decltype(W * x + b)::operation, t::affine_op>);
    static_assert(std::is_same_v<decltype(b + W * x)::operation, t::elementwise_op<t::elementwise_kind::add>>);
    CHECK_FD(b + W * x);
}

BOOST_AUTO_TEST_CASE(elementwise_and_broadcast_match_finite_differences) {
    CHECK_FD(u + x);
    CHECK_FD(u - x);
    CHECK_FD(u * x);
    CHECK_FD(u * u);  // one leaf twice: both reverse rules add into one adjoint
    CHECK_FD(2.5 * u - x * 3);
    CHECK_FD(1 - u * x);
    CHECK_FD(-x);
    CHECK_FD(t::sum(u) * x);
    CHECK_FD(x * t::dot(u, x));
    CHECK_FD(t::sum(u) - t::dot(u, x));
}

BOOST_AUTO_TEST_CASE(apply_matches_finite_differences) {
    CHECK_FD(t::apply<nn::tanh>(W * x + b));
    CHECK_FD(t::apply<nn::sigmoid>(u * x));
    CHECK_FD(t::apply<swish>(u - x));  // a user activation: its derivative from the scalar engine
    CHECK_FD(t::apply<nn::tanh>(t::dot(u, x)) * v);
}

BOOST_AUTO_TEST_CASE(reductions_concat_slice_match_finite_differences) {
    CHECK_FD(t::concat(u, x) * t::concat(x, u));
    CHECK_FD(t::concat(t::slice<1, 3>(u), t::sum(x)) * v);
    CHECK_FD(t::slice<0, 3>(x) * (W * u));
}

BOOST_AUTO_TEST_CASE(softmax_and_log_softmax_match_finite_differences) {
    CHECK_FD(t::softmax(W * x + b) * v);
    CHECK_FD(t::log_softmax(W * x + b) * v);
    CHECK_FD(t::log_softmax(10.0 * u) * x);
}

BOOST_AUTO_TEST_CASE(shared_sub_formula_is_one_entry) {
    // h appears three times, once as its own sub-expression: the graph holds it once.
    constexpr auto h = t::apply<nn::tanh>(W * x + b);
    constexpr auto f = t::sum(h * h + h);
    using graph = t::schedule<std::remove_cvref_t<decltype(f)>>::graph;
    // W, x, b, affine, tanh, h*h, +, sum
    BOOST_TEST(graph::size == 8u);
    CHECK_FD(h * h + h);
}

BOOST_AUTO_TEST_CASE(softmax_values_by_hand) {
    // softmax of equal logits is uniform; shifting all logits changes nothing.
    const std::array<double, 4> equal{7.0, 7.0, 7.0, 7.0};
    const auto s = t::evaluate(t::softmax(x), x = equal);
    for (double e : s) BOOST_TEST(e == 0.25);
    // log_softmax(1000, 0, -1000, 0) = (0, -1000, -2000, -1000) to within the rounding of
    // log(1 + 2e^-1000) = 0: no overflow, no NaN.
    const std::array<double, 4> large{1000.0, 0.0, -1000.0, 0.0};
    const auto l = t::evaluate(t::log_softmax(x), x = large);
    BOOST_TEST(l[0] == 0.0);
    BOOST_TEST(l[1] == -1000.0);
    BOOST_TEST(l[2] == -2000.0);
    const std::array<float, 4> large_float{1000.0f, 0.0f, -1000.0f, 0.0f};
    const auto lf = t::evaluate(t::log_softmax(x), x = large_float);
    BOOST_TEST(lf[1] == -1000.0f);
}

// O1b_softmax_ce_large_logits: logits (1000, 0, -1000), class 1: loss 1000, dlogits (1, -1, 0),
// in double and in float (a stable log-sum-exp has no rounding to speak of here: e^-1000 and
// e^-2000 vanish against 1, so the expected values are exact).
BOOST_AUTO_TEST_CASE(cross_entropy_of_large_logits_matches_torch) {
    constexpr t::input<3> logits;
    constexpr auto loss = -t::sum(t::slice<1, 2>(t::log_softmax(logits)));
    const std::array<double, 3> l{1000.0, 0.0, -1000.0};
    const auto g = t::gradient(loss, logits = l);
    BOOST_TEST(g.value == 1000.0);
    BOOST_TEST(g[logits][0] == 1.0);
    BOOST_TEST(g[logits][1] == -1.0);
    BOOST_TEST(g[logits][2] == 0.0);
    const std::array<float, 3> lf{1000.0f, 0.0f, -1000.0f};
    const auto gf = t::gradient(loss, logits = lf);
    BOOST_TEST(gf.value == 1000.0f);
    BOOST_TEST(gf[logits][0] == 1.0f);
    BOOST_TEST(gf[logits][1] == -1.0f);
}

// O1_softmax_ce_2_3_3: Linear(2,3) -> tanh -> Linear(3,3), cross-entropy of class 2 at
// x = (0.8, -1.2), parameters 0.5 sin(k + 1) over the state dict in order. Written as one
// tensor formula. The oracle's numbers are float64 PyTorch; ours differ by summation order
// only (a few ulp of values of order 1): 1e-13 relative.
BOOST_AUTO_TEST_CASE(two_layer_cross_entropy_matches_torch) {
    constexpr t::matrix<"0.weight", 3, 2> W0;
    constexpr t::vector<"0.bias", 3> b0;
    constexpr t::matrix<"2.weight", 3, 3> W2;
    constexpr t::vector<"2.bias", 3> b2;
    constexpr t::input<2> in;
    constexpr auto logits = W2 * t::apply<nn::tanh>(W0 * in + b0) + b2;
    constexpr auto loss = -t::sum(t::slice<2, 3>(t::log_softmax(logits)));
    std::array<std::array<double, 2>, 3> w0{};
    std::array<double, 3> bias0{}, bias2{};
    std::array<std::array<double, 3>, 3> w2{};
    int k = 0;
    for (auto& row : w0)
        for (auto& e : row) e = 0.5 * std::sin(++k);
    for (auto& e : bias0) e = 0.5 * std::sin(++k);
    for (auto& row : w2)
        for (auto& e : row) e = 0.5 * std::sin(++k);
    for (auto& e : bias2) e = 0.5 * std::sin(++k);
    const std::array<double, 2> xin{0.8, -1.2};
    const auto g = t::gradient(loss, W0 = w0, b0 = bias0, W2 = w2, b2 = bias2, in = xin);
    const auto close = [](double a, double e) { return std::abs(a - e) <= 1e-13 * (1 + std::abs(e)); };
    BOOST_TEST(close(g.value, 1.375092227104263));
    const double d0w[] = {0.14252502945195597, -0.2137875441779339, 0.18539660532283866,
                          -0.27809490798425796, 0.33623245886012976, -0.5043486882901945};
    const double d0b[] = {0.17815628681494494, 0.23174575665354832, 0.42029057357516214};
    const double d2w[] = {0.020678432936088672, 0.13278920577906786, -0.0017144024446085816,
                          0.06818979969741586, 0.4378895331207967, -0.005653463183595179,
                          -0.08886823263350455, -0.5706787388998646, 0.007367865628203762};
    const double d2b[] = {0.17385952239605143, 0.5733241993876927, -0.7471837217837443};
    for (int i = 0; i < 6; ++i) BOOST_TEST(close(g[W0][i / 2][i % 2], d0w[i]));
    for (int i = 0; i < 3; ++i) BOOST_TEST(close(g[b0][i], d0b[i]));
    for (int i = 0; i < 9; ++i) BOOST_TEST(close(g[W2][i / 3][i % 3], d2w[i]));
    for (int i = 0; i < 3; ++i) BOOST_TEST(close(g[b2][i], d2b[i]));
}

BOOST_AUTO_TEST_CASE(jacobian_matches_finite_differences) {
    constexpr auto f = t::softmax(W * x + b) * t::apply<nn::tanh>(v);
    point p{11};
    const auto j = t::jacobian(f, W, W = p.w, b = p.b, v = p.v, x = p.x);
    const auto jx = t::jacobian(f, x, W = p.w, b = p.b, v = p.v, x = p.x);
    for (std::size_t o = 0; o < 3; ++o) {
        const auto eval = [&] { return t::evaluate(f, W = p.w, b = p.b, v = p.v, x = p.x)[o]; };
        for (std::size_t i = 0; i < 12; ++i) {
            const double n = tensor_test::central_difference(eval, p.w, i);
            BOOST_TEST(std::abs(j[o][i] - n) < fd_tolerance * (1 + std::abs(n)));
        }
        for (std::size_t i = 0; i < 4; ++i) {
            const double n = tensor_test::central_difference(eval, p.x, i);
            BOOST_TEST(std::abs(jx[o][i] - n) < fd_tolerance * (1 + std::abs(n)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
