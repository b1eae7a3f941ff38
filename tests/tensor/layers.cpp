// nn::formula_layer: a gated linear unit and a highway layer, called directly (forward,
// forward_recording, backward) in float and double: outputs against plain loops written here,
// gradients against central finite differences; a dense layer written as a formula against
// nn::dense.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <constgrad/math/sigmoid.hpp>
#include <constgrad/math/tanh.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/nn/init.hpp>
#include <constgrad/nn/layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parameters.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/tensor/operators.hpp>

#include "tensor_test_support.hpp"

namespace t = constgrad::tensor;
namespace nn = constgrad::nn;

namespace {

constexpr t::input<3> x;
// GLU: (W1 x + b1) ⊙ σ(W2 x + b2), 3 -> 4.
constexpr t::matrix<"W1", 4, 3> W1;
constexpr t::vector<"b1", 4> b1;
constexpr t::matrix<"W2", 4, 3> W2;
constexpr t::vector<"b2", 4> b2;
constexpr auto glu = (W1 * x + b1) * t::apply<nn::sigmoid>(W2 * x + b2);
using glu_layer = nn::formula_layer<glu>;

// Highway: t ⊙ h + (1 - t) ⊙ x, h = tanh(W_h x + b_h), t = σ(W_t x + b_t), 3 -> 3.
constexpr t::matrix<"W_h", 3, 3> Wh;
constexpr t::vector<"b_h", 3> bh;
constexpr t::matrix<"W_t", 3, 3> Wt;
constexpr t::vector<"b_t", 3> bt;
constexpr auto gate = t::apply<nn::sigmoid>(Wt * x + bt);
constexpr auto highway = gate * t::apply<nn::tanh>(Wh * x + bh) + (1 - gate) * x;
using highway_layer = nn::formula_layer<highway>;

// A dense tanh layer as a formula.
constexpr t::matrix<"W", 4, 3> W;
constexpr t::vector<"b", 4> b;
using dense_formula = nn::formula_layer<t::apply<nn::tanh>(W * x + b)>;

static_assert(glu_layer::inputs == 3 && glu_layer::outputs == 4);
// nn::dense spells its formula as a node type (nn/detail/dense_formula.hpp, to include fewer
// headers): it must be the type the operators build, or dense would lose the fused node.
static_assert(std::is_same_v<std::remove_cvref_t<decltype(constgrad::detail::nn_dense_formula<3, 4, nn::tanh>)>,
                             std::remove_cvref_t<decltype(t::apply<nn::tanh>(t::matrix<"weight", 4, 3>{} * t::input<3>{} +
                                                                            t::vector<"bias", 4>{}))>>);
static_assert(glu_layer::parameters<double>::size == 2 * (12 + 4));
static_assert(highway_layer::inputs == 3 && highway_layer::outputs == 3);
static_assert(nn::Layer<glu_layer> && nn::Layer<highway_layer>);

template <class Layer, class T>
typename Layer::template parameters<T> random_parameters(std::uint64_t seed) {
    typename Layer::template parameters<T> p{};
    nn::rng r{nn::seed{seed}};
    Layer::init(r, nn::uniform_init{.low = -1.0, .high = 1.0, .bias = 0.25}, p);
    // Biases differ from one another too: move every scalar a little.
    tensor_test::numbers n{seed};
    auto nudge = [&](T& v) { v += static_cast<T>(n.next(-0.1, 0.1)); };
    Layer::template parameters<T>::zip(nudge, p);
    return p;
}

template <class Layer, class T>
std::array<T, Layer::outputs> run_forward(const typename Layer::template parameters<T>& p,
                                      const std::array<T, Layer::inputs>& in) {
    std::array<T, Layer::outputs> y{};
    Layer::forward(p, in, y);
    return y;
}

// The layer's gradient (g, dx) for loss Σ dy ⊙ y against central differences of that loss,
// computed on the double instantiation (for float: at the float parameters, converted). The
// float layer's own rounding (u = 6e-8, sums of 3 products through σ and tanh) keeps its
// gradient within ~1e-6 relative of the exact one; 1e-4·(1 + |g|) leaves room for that and
// is still far below any wrong-rule error. Double: 1e-6, as in central_difference.
template <class Layer, class T>
void check_backward(std::uint64_t seed) {
    using P = typename Layer::template parameters<T>;
    using PD = typename Layer::template parameters<double>;
    const P p = random_parameters<Layer, T>(seed);
    std::array<T, Layer::inputs> in{};
    std::array<T, Layer::outputs> dy{};
    tensor_test::numbers r{seed + 100};
    r.fill(in);
    r.fill(dy);

    typename Layer::template cache<T> c{};
    std::array<T, Layer::outputs> y{};
    Layer::forward_recording(p, in, y, c);
    const auto y_plain = run_forward<Layer, T>(p, in);
    BOOST_TEST(y == y_plain);  // the same kernels, the same numbers

    P g{};
    std::array<T, Layer::inputs> dx{};
    auto dy_copy = dy;
    Layer::template backward<true>(p, in, c, dy_copy, g, dx);

    PD pd{};
    std::size_t k = 0;
    std::array<double, P::size> flat_p{};
    auto read_p = [&](const T& v) { flat_p[k++] = static_cast<double>(v); };
    P::zip(read_p, p);
    k = 0;
    auto write_pd = [&](double& v) { v = flat_p[k++]; };
    PD::zip(write_pd, pd);
    std::array<double, Layer::inputs> ind{};
    for (std::size_t i = 0; i < Layer::inputs; ++i) ind[i] = in[i];
    const auto loss = [&] {
        const auto yd = run_forward<Layer, double>(pd, ind);
        double s = 0;
        for (std::size_t o = 0; o < Layer::outputs; ++o) s += static_cast<double>(dy[o]) * yd[o];
        return s;
    };
    const double tolerance = std::is_same_v<T, float> ? 1e-4 : 1e-6;
    double worst = 0;
    std::array<double, P::size> analytic{};
    k = 0;
    auto read_g = [&](const T& v) { analytic[k++] = static_cast<double>(v); };
    P::zip(read_g, g);
    k = 0;
    auto difference = [&](double& v) {
            const double original = v, h = 1e-5 * std::max(1.0, std::abs(original));
            v = original + h;
            const double up = loss();
            v = original - h;
            const double down = loss();
            v = original;
            const double numeric = (up - down) / (2 * h);
            worst = std::max(worst, std::abs(analytic[k] - numeric) / (1 + std::abs(numeric)));
            ++k;
        };
    PD::zip(difference, pd);
    for (std::size_t i = 0; i < Layer::inputs; ++i) {
        const double numeric = tensor_test::central_difference(loss, ind, i);
        worst = std::max(worst, std::abs(static_cast<double>(dx[i]) - numeric) / (1 + std::abs(numeric)));
    }
    BOOST_TEST(worst < tolerance);

    // backward adds to g; without NeedInput it leaves dx alone and adds the same g.
    P g2 = g;
    std::array<T, Layer::inputs> untouched{};
    untouched.fill(T(7));
    dy_copy = dy;
    Layer::template backward<false>(p, in, c, dy_copy, g2, untouched);
    for (T e : untouched) BOOST_TEST(e == T(7));
    k = 0;
    std::array<T, P::size> twice{};
    auto added = [&](const T& a, const T& b2v) { twice[k++] = b2v - a; };
    P::zip(added, g, g2);
    k = 0;
    bool same = true;
    auto compare = [&](const T& a) { same = same && twice[k++] == a; };
    P::zip(compare, g);
    BOOST_TEST(same);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(formula_layers)

BOOST_AUTO_TEST_CASE(glu_forward_matches_plain_loops) {
    const auto p = random_parameters<glu_layer, double>(3);
    const std::array<double, 3> in{0.5, -1.5, 2.0};
    const auto y = run_forward<glu_layer, double>(p, in);
    for (std::size_t o = 0; o < 4; ++o) {
        double a = p[b1][o], s = p[b2][o];
        for (std::size_t i = 0; i < 3; ++i) {
            a += p[W1][o][i] * in[i];
            s += p[W2][o][i] * in[i];
        }
        const double expected = a / (1 + std::exp(-s));
        // kernels::affine sums in another order than this loop: a few ulp.
        BOOST_TEST(std::abs(y[o] - expected) <= 1e-14 * (1 + std::abs(expected)));
    }
}

BOOST_AUTO_TEST_CASE(highway_forward_matches_plain_loops) {
    const auto p = random_parameters<highway_layer, double>(4);
    const std::array<double, 3> in{0.5, -1.5, 2.0};
    const auto y = run_forward<highway_layer, double>(p, in);
    for (std::size_t o = 0; o < 3; ++o) {
        double hz = p[bh][o], tz = p[bt][o];
        for (std::size_t i = 0; i < 3; ++i) {
            hz += p[Wh][o][i] * in[i];
            tz += p[Wt][o][i] * in[i];
        }
        const double tg = 1 / (1 + std::exp(-tz));
        const double expected = tg * std::tanh(hz) + (1 - tg) * in[o];
        BOOST_TEST(std::abs(y[o] - expected) <= 1e-14 * (1 + std::abs(expected)));
    }
}

BOOST_AUTO_TEST_CASE(glu_backward_matches_finite_differences) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        check_backward<glu_layer, double>(seed);
        check_backward<glu_layer, float>(seed);
    }
}

BOOST_AUTO_TEST_CASE(highway_backward_matches_finite_differences) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        check_backward<highway_layer, double>(seed);
        check_backward<highway_layer, float>(seed);
    }
}

// nn::dense<3, 4, tanh> and the formula tanh(W x + b) run the same kernels in the same
// order: equal outputs and gradients, bit for bit.
BOOST_AUTO_TEST_CASE(dense_as_formula_equals_dense) {
    using dense = nn::dense<3, 4, nn::tanh>;
    const auto pf = random_parameters<dense_formula, double>(5);
    dense::parameters<double> pd{pf[W], pf[b]};
    const std::array<double, 3> in{0.25, -0.75, 1.5};
    std::array<double, 4> yf{}, yd{}, cd{};
    dense_formula::cache<double> cf{};
    dense_formula::forward_recording(pf, in, yf, cf);
    dense::forward_recording(pd, in, yd, cd);
    BOOST_TEST(yf == yd);
    std::array<double, 4> dyf{0.5, -1.0, 2.0, 0.125}, dyd = dyf;
    dense_formula::parameters<double> gf{};
    dense::parameters<double> gd{};
    std::array<double, 3> dxf{}, dxd{};
    dense_formula::backward<true>(pf, in, cf, dyf, gf, dxf);
    dense::backward<true>(pd, in, cd, dyd, gd, dxd);
    BOOST_TEST(gf[W] == gd.w);
    BOOST_TEST(gf[b] == gd.b);
    BOOST_TEST(dxf == dxd);
}

// apply<tanh>(W x + b) is recognised as one fused node (tensor/detail/fused_dense.hpp): the
// layer then has nn::dense's batched column sweeps and fused descend, which nn::network uses.
// Both checked through a network: the batch gradient of 9 samples (more than one column block,
// and a tail) against central differences of the batch loss (double: truncation O(h²) ~1e-10
// and rounding ~1e-16/h ~1e-11 relative, bound 1e-6 as elsewhere); the same network with
// nn::dense in place of the formula gives the same gradient (the same kernels in the same
// order, so equal up to a few roundings: 1e-13 relative); descend equals p - rate·g (one
// rounding of each update, bound 1e-15 relative).
BOOST_AUTO_TEST_CASE(fused_dense_formula_batches_and_descends_in_a_network) {
    static_assert(dense_formula::is_fused_dense && !glu_layer::is_fused_dense);
    using fnet = nn::network<dense_formula, nn::dense<4, 2>>;
    using dnet = nn::network<nn::dense<3, 4, nn::tanh>, nn::dense<4, 2>>;
    using P = fnet::parameters<double>;
    const P p = fnet::init(nn::seed{11});
    std::array<nn::sample<double, 3, 2>, 9> batch{};
    tensor_test::numbers r{42};
    for (auto& s : batch) {
        r.fill(s.x);
        r.fill(s.y);
    }
    const P g = fnet::gradient(nn::squared_error, p, batch);
    auto flat = nn::flatten(p);
    const auto analytic = nn::flatten(g);
    const auto loss = [&] { return fnet::loss(nn::squared_error, nn::unflatten<P>(flat), batch); };
    double worst = 0;
    for (std::size_t k = 0; k < flat.size(); ++k) {
        const double numeric = tensor_test::central_difference(loss, flat, k);
        worst = std::max(worst, std::abs(analytic[k] - numeric) / (1 + std::abs(numeric)));
    }
    BOOST_TEST(worst < 1e-6);

    // The same numbers through nn::dense (same layout: weight then bias).
    const auto pd = nn::unflatten<dnet::parameters<double>>(nn::flatten(p));
    const auto gd = nn::flatten(dnet::gradient(nn::squared_error, pd, batch));
    double apart = 0;
    for (std::size_t k = 0; k < gd.size(); ++k)
        apart = std::max(apart, std::abs(analytic[k] - gd[k]) / (1 + std::abs(gd[k])));
    BOOST_TEST(apart < 1e-13);

    // One fused descend step against p - rate * (per-sample gradient).
    P q = p;
    const double rate = 0.125;
    const P gs = fnet::gradient(nn::squared_error, p, batch[0].x, batch[0].y);
    fnet::descend(nn::squared_error, q, rate, batch[0].x, batch[0].y);
    const auto stepped = nn::flatten(q), start = nn::flatten(p), grad = nn::flatten(gs);
    double step_error = 0;
    for (std::size_t k = 0; k < stepped.size(); ++k) {
        const double expected = start[k] - rate * grad[k];
        step_error = std::max(step_error, std::abs(stepped[k] - expected) / (1 + std::abs(expected)));
    }
    BOOST_TEST(step_error < 1e-15);
}

// nn::network takes a formula layer like any other (its cache type is the formula's slots):
// the network's gradient through a GLU and a dense read-out against central differences of
// the network's loss (tolerance as in check_backward, double), then a 2-4-1 GLU network
// trained on XOR with plain SGD.
BOOST_AUTO_TEST_CASE(glu_in_a_network_matches_finite_differences_and_learns_xor) {
    using net = nn::network<glu_layer, nn::dense<4, 1>>;
    using P = net::parameters<double>;
    const P p = net::init(nn::seed{7});
    const std::array<nn::sample<double, 3, 1>, 1> sample{{{{0.5, -1.0, 0.25}, {0.75}}}};
    const P g = net::gradient(nn::squared_error, p, sample[0].x, sample[0].y);
    auto flat = nn::flatten(p);
    const auto analytic = nn::flatten(g);
    const auto loss = [&] { return net::loss(nn::squared_error, nn::unflatten<P>(flat), sample); };
    double worst = 0;
    for (std::size_t k = 0; k < flat.size(); ++k) {
        const double numeric = tensor_test::central_difference(loss, flat, k);
        worst = std::max(worst, std::abs(analytic[k] - numeric) / (1 + std::abs(numeric)));
    }
    BOOST_TEST(worst < 1e-6);

    constexpr t::input<2> in;
    constexpr t::matrix<"W1", 4, 2> V1;
    constexpr t::vector<"b1", 4> c1;
    constexpr t::matrix<"W2", 4, 2> V2;
    constexpr t::vector<"b2", 4> c2;
    using xor_net = nn::network<nn::formula_layer<(V1 * in + c1) * t::apply<nn::sigmoid>(V2 * in + c2)>,
                                nn::dense<4, 1>>;
    constexpr std::array<xor_net::sample_type<double>, 4> data{{{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};
    auto q = xor_net::init(nn::seed{1});
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    for (int epoch = 0; epoch < 1000; ++epoch)
        for (const auto& s : data) opt.step(q, xor_net::gradient(nn::squared_error, q, s.x, s.y));
    for (const auto& s : data) BOOST_TEST(std::abs(xor_net::forward(q, s.x)[0] - s.y[0]) < 0.1);
}

BOOST_AUTO_TEST_SUITE_END()
