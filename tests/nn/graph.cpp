// Graph layers (nn::chain, nn::residual, nn::parallel) and a layer of one's own (a custom cache,
// no batched sweeps, no fused descend) inside nn::network: gradients vs central differences in
// double and float, the batched and fused paths against the per-sample gradient, input
// Jacobians vs central differences, and a residual network that learns sin.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/chain.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/residual.hpp>
#include <constgrad/optim/adam.hpp>

#include "nn_test_support.hpp"

namespace nn = constgrad::nn;
using nn_test::relative_error;

namespace {

// y_i = a_i x_i², a layer written against nn::Layer alone: its cache is a struct of its own
// (x², the derivative of y_i by a_i), and it has neither forward_columns/backward_columns nor
// backward_descend, so the network takes the per-sample and backward-then-step fallbacks.
template <std::size_t N>
struct squares {
    static constexpr std::size_t inputs = N;
    static constexpr std::size_t outputs = N;

    template <class T>
    struct parameters {
        std::array<T, N> a;
        static constexpr std::size_t size = N;
        template <class F, class First, class... Rest>
        static constexpr void zip(F& f, First& first, Rest&... rest) {
            for (std::size_t i = 0; i < N; ++i) f(first.a[i], rest.a[i]...);
        }
    };
    template <class T>
    struct cache {
        std::array<T, N> x2;
    };

    template <class T, class Init>
    static constexpr void init(nn::rng& r, const Init& scheme, parameters<T>& p) {
        for (auto& a : p.a) a = scheme.template weight<T>(r, N, N);
    }
    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, N>& x,
                                  std::array<T, N>& y) noexcept {
        for (std::size_t i = 0; i < N; ++i) y[i] = p.a[i] * x[i] * x[i];
    }
    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, N>& x,
                                            std::array<T, N>& y, cache<T>& c) noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            c.x2[i] = x[i] * x[i];
            y[i] = p.a[i] * c.x2[i];
        }
    }
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, N>& x, const cache<T>& c,
                                   std::array<T, N>& dy, parameters<T>& g,
                                   std::array<T, N>& dx) noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            g.a[i] += dy[i] * c.x2[i];
            if constexpr (NeedInput) dx[i] = dy[i] * 2 * p.a[i] * x[i];
        }
    }
};
static_assert(nn::Layer<squares<3>>);

// Every graph layer once: a residual block, a concat of a dense layer, a two-layer chain and
// the custom layer (2 + 3 + 4 = 9 wide), a sum of two branches. Smooth activations only, so
// that central differences hold everywhere.
using block = nn::residual<nn::dense<4, 6, nn::tanh>, nn::dense<6, 4>>;
using branches = nn::parallel<nn::concat, nn::dense<4, 2, nn::tanh>,
                              nn::chain<nn::dense<4, 3, nn::sigmoid>, nn::dense<3, 3>>, squares<4>>;
using joined = nn::parallel<nn::sum, nn::dense<9, 2, nn::tanh>, nn::dense<9, 2>>;
using graph_net = nn::network<nn::dense<3, 4, nn::tanh>, block, branches, joined, nn::dense<2, 2>>;

static_assert(nn::Layer<block> && nn::Layer<branches> && nn::Layer<joined>);
static_assert(branches::outputs == 9 && joined::outputs == 2);
static_assert(graph_net::parameter_count ==
              (3 * 4 + 4) + (4 * 6 + 6 + 6 * 4 + 4) + (4 * 2 + 2 + 4 * 3 + 3 + 3 * 3 + 3 + 4) +
                  (9 * 2 + 2) * 2 + (2 * 2 + 2));

const std::array<double, 3> input_x{0.4, -0.7, 0.25};
const std::array<double, 2> target_y{0.3, -0.2};

template <class P>
double max_abs(const P& g) {
    double m = 0;
    for (double v : nn::flatten(g)) m = std::max(m, std::fabs(v));
    return m;
}

// max_k |a_k - b_k| / max_k |b_k|: the normwise relative difference of two gradients.
template <class A, class B>
double normwise(const A& a, const B& b) {
    const auto fa = nn::flatten(a);
    const auto fb = nn::flatten(b);
    double diff = 0, scale = 0;
    for (std::size_t k = 0; k < fa.size(); ++k) {
        diff = std::max(diff, std::fabs(static_cast<double>(fa[k]) - static_cast<double>(fb[k])));
        scale = std::max(scale, std::fabs(static_cast<double>(fb[k])));
    }
    return diff / scale;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph_layers)

BOOST_AUTO_TEST_CASE(gradient_matches_central_differences_double) {
    const auto p = graph_net::init(nn::seed{11});
    const auto g = graph_net::gradient(nn::mse, p, input_x, target_y);
    BOOST_TEST(max_abs(g) > 1e-3);  // not vacuous
    // Central differences with h = 1e-5 (nn_test::fd_step): truncation ~h² f''' ≈ 1e-10 and
    // rounding ~1e-16/h ≈ 1e-11 against gradients of order 1e-3..1: 1e-6 relative is 100x that.
    const double worst = nn_test::max_gradient_error(
        p, g, [&](const auto& q) { return graph_net::loss(nn::mse, q, input_x, target_y); });
    BOOST_TEST_MESSAGE("graph network: gradient max relative error " << worst);
    BOOST_TEST(worst < 1e-6);
}

BOOST_AUTO_TEST_CASE(gradient_matches_central_differences_float) {
    // The float gradient against central differences of the double loss at the same
    // (float-representable) parameters. Each entry is a sum of products along ~6 layers of at
    // most 9-wide sums: forward error ≲ 60 u |terms| with u = 6e-8, ~4e-6 normwise; 1e-4 leaves
    // a factor 25 (the FD's own error, ~1e-10, does not count).
    const auto pf = graph_net::init<float>(nn::seed{11});
    const std::array<float, 3> xf{0.4f, -0.7f, 0.25f};
    const std::array<float, 2> yf{0.3f, -0.2f};
    const auto gf = graph_net::gradient(nn::mse, pf, xf, yf);
    const auto pd = nn::unflatten<graph_net::parameters<double>>([&] {
        std::array<double, graph_net::parameter_count> flat{};
        const auto f = nn::flatten(pf);
        for (std::size_t k = 0; k < f.size(); ++k) flat[k] = f[k];
        return flat;
    }());
    const std::array<double, 3> xd{xf[0], xf[1], xf[2]};
    const std::array<double, 2> yd{yf[0], yf[1]};
    auto fd = graph_net::parameters<double>{};
    auto flat = nn::flatten(pd);
    std::array<double, graph_net::parameter_count> fd_flat{};
    for (std::size_t k = 0; k < flat.size(); ++k) {
        auto shifted = flat;
        fd_flat[k] = nn_test::central_difference(
            [&](double v) {
                shifted[k] = v;
                return graph_net::loss(nn::mse, nn::unflatten<graph_net::parameters<double>>(shifted), xd, yd);
            },
            flat[k]);
    }
    fd = nn::unflatten<graph_net::parameters<double>>(fd_flat);
    const double err = normwise(gf, fd);
    BOOST_TEST_MESSAGE("graph network, float: normwise error " << err);
    BOOST_TEST(err < 1e-4);
}

BOOST_AUTO_TEST_CASE(batch_gradient_is_the_mean_of_sample_gradients) {
    // 40 samples: two full blocks of 16 (double) and a partial one, through the per-sample
    // fallback of the graph layers. Mean of 40 per-sample gradients in another summation order:
    // ≲ 40 u relative to the largest term, 1e-11 normwise is ~1000x that.
    const auto p = graph_net::init(nn::seed{5});
    std::vector<nn::sample<double, 3, 2>> batch;
    for (int k = 0; k < 40; ++k)
        batch.push_back({{0.05 * k - 1, std::sin(0.3 * k), 0.2}, {std::cos(0.1 * k), 0.01 * k}});
    const auto gb = graph_net::gradient(nn::mse, p, std::span(batch));
    graph_net::parameters<double> sum{};
    for (const auto& s : batch) {
        const auto gs = graph_net::gradient(nn::mse, p, s.x, s.y);
        graph_net::parameters<double>::zip([](double& a, const double& b) { a += b / 40; }, sum, gs);
    }
    BOOST_TEST(normwise(gb, sum) < 1e-11);
    // The loss of the batch agrees too.
    double mean_loss = 0;
    for (const auto& s : batch) mean_loss += graph_net::loss(nn::mse, p, s.x, s.y) / 40;
    BOOST_TEST(std::fabs(graph_net::loss(nn::mse, p, std::span(batch)) - mean_loss) < 1e-13);
}

BOOST_AUTO_TEST_CASE(forward_batch_matches_forward) {
    // forward_batch runs the dense layers by blocks (another summation order): 1e-13.
    const auto p = graph_net::init(nn::seed{5});
    std::vector<graph_net::input<double>> xs;
    for (int k = 0; k < 21; ++k) xs.push_back({0.1 * k - 1, 0.5, -0.03 * k});
    std::vector<graph_net::output<double>> ys(xs.size());
    BOOST_TEST(graph_net::forward_batch(p, std::span(xs), std::span(ys)) == xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k)
        for (std::size_t o = 0; o < 2; ++o)
            BOOST_TEST(std::fabs(ys[k][o] - graph_net::forward(p, xs[k])[o]) < 1e-13);
}

BOOST_AUTO_TEST_CASE(descend_is_a_gradient_step) {
    // The fused step (dense: one FMA per weight; the custom layer: backward then a step)
    // equals p - rate * gradient within one rounding of each update: 1e-15 normwise.
    auto p = graph_net::init(nn::seed{8});
    const auto g = graph_net::gradient(nn::mse, p, input_x, target_y);
    auto expected = p;
    graph_net::parameters<double>::zip([](double& w, const double& d) { w -= 0.1 * d; }, expected, g);
    const double before = graph_net::loss(nn::mse, p, input_x, target_y);
    BOOST_TEST(graph_net::descend(nn::mse, p, 0.1, input_x, target_y) == before);
    BOOST_TEST(normwise(p, expected) < 1e-15);
}

BOOST_AUTO_TEST_CASE(residual_adds_the_input) {
    // y = x + W x + b with W = [[1, 2], [3, 4]], b = (0.5, -1), x = (1, -1): W x = (-1, -1),
    // y = (0.5, -3); dy = (1, 0) gives dx = dy + Wᵀ dy = (2, 2), db = (1, 0), dW = dy xᵀ.
    using r = nn::residual<nn::dense<2, 2>>;
    r::parameters<double> p{};
    p.layer<0>() = {{{{1, 2}, {3, 4}}}, {0.5, -1}};
    std::array<double, 2> y{};
    r::cache<double> c{};
    r::forward_recording(p, std::array{1.0, -1.0}, y, c);
    BOOST_TEST(y[0] == 0.5);
    BOOST_TEST(y[1] == -3.0);
    std::array<double, 2> dy{1, 0}, dx{};
    r::parameters<double> g{};
    r::backward<true>(p, std::array{1.0, -1.0}, c, dy, g, dx);
    BOOST_TEST(dx[0] == 2.0);
    BOOST_TEST(dx[1] == 2.0);
    BOOST_TEST(g.layer<0>().b[0] == 1.0);
    BOOST_TEST(g.layer<0>().w[0][1] == -1.0);
    BOOST_TEST(g.layer<0>().w[1][0] == 0.0);
}

BOOST_AUTO_TEST_CASE(input_jacobian_matches_central_differences) {
    // Each column by central differences of the forward pass; h = 1e-5 as above: 1e-7 absolute
    // against entries of order 0.01..1.
    const auto p = graph_net::init(nn::seed{13});
    const auto J = graph_net::input_jacobian(p, input_x);
    double worst = 0, largest = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        auto xp = input_x, xm = input_x;
        xp[i] += nn_test::fd_step;
        xm[i] -= nn_test::fd_step;
        const auto yp = graph_net::forward(p, xp), ym = graph_net::forward(p, xm);
        for (std::size_t o = 0; o < 2; ++o) {
            const double fd = (yp[o] - ym[o]) / (2 * nn_test::fd_step);
            worst = std::max(worst, std::fabs(J[o][i] - fd));
            largest = std::max(largest, std::fabs(fd));
        }
    }
    BOOST_TEST_MESSAGE("input Jacobian: max abs error " << worst << " (largest entry " << largest << ")");
    BOOST_TEST(largest > 1e-2);
    BOOST_TEST(worst < 1e-7);
    // The caller-placed scratch gives the same Jacobian.
    graph_net::parameters<double> scratch;
    BOOST_TEST(graph_net::input_jacobian(p, input_x, scratch) == J);
    // Row o is the input gradient of a loss whose adjoint at the output is e_o: squared error
    // Σ (y - t)² at t = y - e_o / 2 (dLoss/dy = 2 (y - t) = e_o, up to one rounding of y - t).
    for (std::size_t o = 0; o < 2; ++o) {
        auto t = graph_net::forward(p, input_x);
        t[o] -= 0.5;
        const auto dx = graph_net::input_gradient(nn::squared_error, p, input_x, t);
        for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(std::fabs(dx[i] - J[o][i]) < 1e-12);
    }
}

BOOST_AUTO_TEST_CASE(residual_network_learns_sin) {
    // sin on [-π, π], 32 points; two residual blocks between a 1→16 and a 16→1 dense layer,
    // Adam on the full batch. Before training the mean squared error is that of a near-constant
    // (~0.5); after 1500 steps it must be below 1e-3 (a dense-only network of this size gets there
    // too: the point is that gradients flow through the skip paths correctly).
    using block16 = nn::residual<nn::dense<16, 16, nn::tanh>, nn::dense<16, 16>>;
    using net = nn::network<nn::dense<1, 16, nn::tanh>, block16, block16, nn::dense<16, 1>>;
    std::array<nn::sample<double, 1, 1>, 32> data{};
    for (std::size_t k = 0; k < data.size(); ++k) {
        const double x = -std::numbers::pi + 2 * std::numbers::pi * static_cast<double>(k) / 31;
        data[k] = {{x}, {std::sin(x)}};
    }
    auto p = net::init(nn::seed{1});
    const double before = net::loss(nn::mse, p, data);
    constgrad::optim::adam<net::parameters<double>> opt{.learning_rate = 0.01};
    net::parameters<double> g{};
    for (int step = 0; step < 1500; ++step) {
        net::gradient_into(g, nn::mse, p, std::span(data));
        opt.step(p, g);
    }
    const double after = net::loss(nn::mse, p, data);
    BOOST_TEST_MESSAGE("residual sin: mse " << before << " -> " << after);
    BOOST_TEST(before > 0.1);
    BOOST_TEST(after < 1e-3);
}

BOOST_AUTO_TEST_SUITE_END()
