// nn::sequence_inference (the prepared streaming step: recurrent and convolution weights by
// columns) equals the whole-sequence window forward and Net::step within rounding, in float and
// double, at run time and during constant evaluation; kernels::tanh_single's error.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/kernels/math/tanh_single.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/elu.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/sequence_inference.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;

namespace {

// Every prepared layer kind and the widths that take every pack path: a convolution with
// dilation (Groups = 1: prepared by columns; Groups = 2: kept as it is), a GRU of 24 units (16-
// and 8-lane packs with AVX-512), an LSTM of 5 (a 4-lane pack and a scalar unit with SSE),
// an activation layer and a dense output (stepped on copies of their parameters).
using mixed = nn::sequence_network<nn::conv1d<2, 8, 3, 2>, nn::activation_layer<8, nn::tanh>,
                                   nn::gru<8, 24>, nn::lstm<24, 5>, nn::conv1d<5, 6, 2, 3, 1>,
                                   nn::conv1d<6, 4, 2, 1, 2>, nn::time_distributed<nn::dense<4, 3>>>;
constexpr std::size_t frames = 40;

template <class T>
std::array<std::array<T, 2>, 2 * frames> inputs() {
    std::array<std::array<T, 2>, 2 * frames> xs{};
    for (std::size_t t = 0; t < xs.size(); ++t)
        xs[t] = {static_cast<T>(std::sin(0.3 * t)), static_cast<T>(std::cos(0.17 * t) * 0.5)};
    return xs;
}

// Tolerance: the prepared products sum the same terms in another order (biases first, columns
// in input order, FMA): per pre-activation at most 2·n·u·Σ|w·x| apart, n <= 49 terms (the GRU:
// 8 inputs + 24 hidden + 2 biases; the LSTM: 24 + 5 + 2), |w| <= 1/sqrt(H) <= 0.45 (recurrent_
// uniform) and |x|, |h| <= 1: 2·49·u·22 ≈ 2.2e3·u, passed on through activations of slope <= 1
// and contracting recurrences; float's tanh_single adds 6 ulp per activation. Bound: 1e-4 for
// float (u = 6e-8: 1.3e-4 worst case, measured ~1e-7), 1e-12 for double (u = 1.1e-16: 2.4e-13).
template <class T>
void check_against_window(T tol) {
    using net = mixed;
    net::parameters<T> p{};
    net::buffers<T> b{};
    nn::rng r{nn::seed{7}};
    net::init<T>(r, nn::recurrent_uniform{}, p, b);
    const auto xs = inputs<T>();
    static net::workspace<T, 2 * frames> ws;
    std::array<net::state<T>, 2> states{};
    BOOST_TEST(net::forward_window(p, b, std::span<net::state<T>>(states), frames,
                                   std::span<const std::array<T, 2>>(xs), ws, nn::mode::eval));
    const auto& window = net::output(ws);

    static const nn::sequence_inference<net, T> run{p, b};
    nn::stream<net, T> s, plain;
    T worst = 0;
    for (std::size_t seq = 0; seq < 2; ++seq) {
        s.reset();
        plain.reset();
        for (std::size_t t = 0; t < frames; ++t) {
            const auto y = s.step(run, xs[seq * frames + t]);
            const auto z = plain.step(p, b, xs[seq * frames + t]);
            for (std::size_t k = 0; k < 3; ++k) {
                worst = std::max(worst, std::abs(y[k] - window[seq * frames + t][k]));
                worst = std::max(worst, std::abs(y[k] - z[k]));
            }
        }
        // The stream ends where the window left the sequence: the GRU's h, the LSTM's c.
        const auto& g = s.state.template layer<2>();
        const auto& w = states[seq].template layer<2>();
        for (std::size_t k = 0; k < 24; ++k) BOOST_TEST(std::abs(g.h[k] - w.h[k]) <= tol);
        const auto& c = s.state.template layer<3>();
        const auto& cw = states[seq].template layer<3>();
        for (std::size_t k = 0; k < 5; ++k) BOOST_TEST(std::abs(c.c[k] - cw.c[k]) <= tol);
    }
    BOOST_TEST(worst <= tol);
    BOOST_TEST(worst > T(0));  // a different summation order: not silently the same code

    // process() over a buffer == step() frame by frame.
    std::array<std::array<T, 3>, 2 * frames> buffered{}, stepped{};
    s.reset();
    s.process(run, std::span<const std::array<T, 2>>(xs), std::span<std::array<T, 3>>(buffered));
    net::state<T> fresh{};
    for (std::size_t t = 0; t < xs.size(); ++t) run.step(fresh, xs[t], stepped[t]);
    BOOST_TEST((buffered == stepped));
    BOOST_TEST(noexcept(s.step(run, xs[0])));
    BOOST_TEST(noexcept(run.step(fresh, xs[0], stepped[0])));
}

// Constant evaluation: the prepared snapshot (plain loops) against Net::step on hand-set
// parameters, a GRU, an LSTM and a dilated convolution; the same sums in another order, so equal
// within 1e-12 (terms of order 1, a handful of them: a few ulps of double).
using small = nn::sequence_network<nn::conv1d<1, 2, 2, 2>, nn::gru<2, 3>, nn::lstm<3, 2>>;

constexpr double prepared_gap_at_compile_time() {
    small::parameters<double> p{};
    small::buffers<double> b{};
    double v = 0.05;
    auto fill = [&v](double& x) {
        x = v;
        v = v > 0.4 ? -0.35 : v + 0.07;
    };
    small::parameters<double>::zip(fill, p);
    const nn::sequence_inference<small, double> run{p, b};
    small::state<double> a{}, c{};
    double gap = 0;
    for (int t = 0; t < 9; ++t) {
        const std::array<double, 1> x{t % 3 == 0 ? 1.0 : -0.5};
        std::array<double, 2> y{}, z{};
        run.step(a, x, y);
        small::step(p, b, c, x, z);
        for (std::size_t k = 0; k < 2; ++k) {
            const double d = y[k] - z[k];
            gap = gap > (d < 0 ? -d : d) ? gap : (d < 0 ? -d : d);
        }
    }
    return gap;
}
static_assert(prepared_gap_at_compile_time() <= 1e-12);

// ulps of x from the double reference r, in float's spacing at r.
double float_ulps(float x, double r) {
    int e = 0;
    std::frexp(r, &e);
    return std::abs(static_cast<double>(x) - r) / std::ldexp(1.0, std::max(e - 24, -149));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(streaming_prepared)

BOOST_AUTO_TEST_CASE(prepared_equals_window_float) { check_against_window<float>(1e-4f); }
BOOST_AUTO_TEST_CASE(prepared_equals_window_double) { check_against_window<double>(1e-12); }

BOOST_AUTO_TEST_CASE(prepared_single_layer) {
    using L = nn::lstm<1, 4>;
    L::parameters<double> p{};
    nn::rng r{nn::seed{5}};
    nn::no_buffers b;
    L::init<double>(r, nn::recurrent_uniform{}, p, b);
    const nn::sequence_inference<L, double> run{p, b};
    nn::stream<L, double> s, plain;
    for (int t = 0; t < 20; ++t) {
        const auto y = s.step(run, {0.1 * t});
        const auto z = plain.step(p, b, {0.1 * t});
        for (std::size_t k = 0; k < 4; ++k) BOOST_TEST(std::abs(y[k] - z[k]) <= 1e-14);  // 7 terms
    }
}

// kernels::tanh_single against std::tanh in double on every 16381st float bit pattern (262,000
// of them, every binade; a fraction of a second even under the sanitizers; the whole range,
// 2^32 floats, was measured once: 5.30 ulp, see docs/reference.md) and its special values.
// Bound: that measured maximum, rounded up to 6 ulp.
BOOST_AUTO_TEST_CASE(tanh_single_error) {
    double worst = 0;
    for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << 32); bits += 16381) {
        const auto u = static_cast<std::uint32_t>(bits);
        float x;
        std::memcpy(&x, &u, sizeof x);
        if (std::isnan(x)) continue;
        const float y = constgrad::kernels::tanh_single(x);
        worst = std::max(worst, float_ulps(y, std::tanh(static_cast<double>(x))));
        BOOST_TEST(std::signbit(y) == std::signbit(x));
    }
    BOOST_TEST(worst <= 6.0);
    BOOST_TEST(constgrad::kernels::tanh_single(std::numeric_limits<float>::infinity()) == 1.0f);
    BOOST_TEST(constgrad::kernels::tanh_single(-std::numeric_limits<float>::infinity()) == -1.0f);
    BOOST_TEST(std::isnan(constgrad::kernels::tanh_single(std::numeric_limits<float>::quiet_NaN())));
    BOOST_TEST(std::signbit(constgrad::kernels::tanh_single(-0.0f)));
}

BOOST_AUTO_TEST_SUITE_END()
