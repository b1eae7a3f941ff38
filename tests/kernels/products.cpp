// The product kernels (affine, transposed_product, outer_update, gemm) and the packed
// activation maps: run-time path against the constant-evaluation path and against a long double
// reference, with the rounding-error bound of each (Higham, Accuracy and Stability, §3.1: a
// dot product of n terms computed in any order, with or without FMA, is within γ_n Σ|a_i b_i|
// of the exact value, γ_n = n·u/(1 - n·u)). Two computations of the same sum therefore differ
// by at most 2·γ_n·Σ|a_i||b_i|; each test asserts that bound and reports its tightness.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <random>
#include <span>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/kernels/affine.hpp>
#include <constgrad/kernels/detail/row_sums.hpp>
#include <constgrad/kernels/gemm.hpp>
#include <constgrad/kernels/outer_update.hpp>
#include <constgrad/kernels/transposed_product.hpp>
#include <constgrad/expr/functions/abs.hpp>
#include <constgrad/expr/functions/exp.hpp>
#include <constgrad/expr/functions/log.hpp>
#include <constgrad/expr/functions/square.hpp>
#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace kernels = constgrad::kernels;

namespace {

template <class T>
constexpr double unit_roundoff = std::numeric_limits<T>::epsilon() / 2;

template <class T>
double gamma(std::size_t n) {
    const double nu = static_cast<double>(n) * unit_roundoff<T>;
    return nu / (1 - nu);
}

template <class T, std::size_t In, std::size_t Out>
struct problem {
    std::array<std::array<T, In>, Out> w;
    std::array<T, In> x;
    std::array<T, Out> b, dz;
};

template <class T, std::size_t In, std::size_t Out>
problem<T, In, Out> make_problem(unsigned seed) {
    std::mt19937 r(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    problem<T, In, Out> p;
    for (auto& row : p.w)
        for (auto& v : row) v = static_cast<T>(u(r));
    for (auto& v : p.x) v = static_cast<T>(u(r));
    for (auto& v : p.b) v = static_cast<T>(u(r));
    for (auto& v : p.dz) v = static_cast<T>(u(r));
    return p;
}

// The constant-evaluation path of a kernel, run at run time: the same function called inside a
// constant expression takes the plain loops; a consteval-free way to reach them at run time
// with arbitrary data is the long double instantiation, which has no packed path.
template <class T, std::size_t N>
std::array<long double, N> widen(const std::array<T, N>& a) {
    std::array<long double, N> r;
    for (std::size_t k = 0; k < N; ++k) r[k] = a[k];
    return r;
}
template <class T, std::size_t In, std::size_t Out>
std::array<std::array<long double, In>, Out> widen(const std::array<std::array<T, In>, Out>& a) {
    std::array<std::array<long double, In>, Out> r;
    for (std::size_t o = 0; o < Out; ++o) r[o] = widen(a[o]);
    return r;
}

// Counts the elements where |got - exact| > bound; the real kernels must give 0.
template <class T, std::size_t N>
std::size_t violations(const std::array<T, N>& got, const std::array<long double, N>& exact,
                       const std::array<double, N>& bound, double& tightness) {
    std::size_t bad = 0;
    for (std::size_t k = 0; k < N; ++k) {
        const double err = static_cast<double>(std::fabs(static_cast<long double>(got[k]) - exact[k]));
        if (bound[k] > 0) tightness = std::max(tightness, err / bound[k]);
        if (!(err <= bound[k])) ++bad;
    }
    return bad;
}

template <class T, std::size_t In, std::size_t Out>
void check_affine(unsigned seed) {
    const auto p = make_problem<T, In, Out>(seed);
    std::array<T, Out> z;
    kernels::affine(p.w, p.x, p.b, z);
    std::array<long double, Out> exact;
    kernels::affine(widen(p.w), widen(p.x), widen(p.b), exact);  // long double: the plain loop
    std::array<double, Out> bound;
    for (std::size_t o = 0; o < Out; ++o) {
        double s = std::fabs(static_cast<double>(p.b[o]));
        for (std::size_t i = 0; i < In; ++i) s += std::fabs(static_cast<double>(p.w[o][i] * p.x[i]));
        bound[o] = gamma<T>(In + 1) * s * 1.0001;  // the long double reference's own error is ~2^-11 of that
    }
    double tight = 0;
    BOOST_TEST(violations(z, exact, bound, tight) == 0u);
    // A wrong weight must be caught: one weight off by twice what the bound allows its row.
    auto q = p;
    q.w[Out / 2][In / 2] += static_cast<T>(2 * bound[Out / 2] / std::fabs(static_cast<double>(p.x[In / 2])));
    std::array<T, Out> zq;
    kernels::affine(q.w, q.x, q.b, zq);
    double ignored = 0;
    BOOST_TEST(violations(zq, exact, bound, ignored) > 0u);
    BOOST_TEST_MESSAGE("affine " << In << "x" << Out << (sizeof(T) == 4 ? " float" : " double")
                                 << ": max |error| / bound = " << tight);
}

BOOST_AUTO_TEST_SUITE(products)

BOOST_AUTO_TEST_CASE(affine_within_the_dot_product_bound) {
    // Shapes around every blocking boundary: fewer inputs than a pack, a pack plus one, rows
    // not a multiple of the block, the benchmark shapes.
    check_affine<float, 2, 16>(1);
    check_affine<float, 16, 64>(2);
    check_affine<float, 64, 64>(3);
    check_affine<float, 17, 13>(4);
    check_affine<float, 64, 1>(5);
    check_affine<float, 33, 70>(6);
    check_affine<double, 2, 16>(7);
    check_affine<double, 10, 64>(8);
    check_affine<double, 64, 64>(9);
    check_affine<double, 9, 5>(10);
    check_affine<double, 64, 1>(11);
    check_affine<double, 31, 67>(12);
}

template <class T, std::size_t In, std::size_t Out>
void check_transposed(unsigned seed) {
    const auto p = make_problem<T, In, Out>(seed);
    std::array<T, In> dx;
    kernels::transposed_product(p.w, p.dz, dx);
    std::array<long double, In> exact;
    kernels::transposed_product(widen(p.w), widen(p.dz), exact);
    std::array<double, In> bound;
    for (std::size_t i = 0; i < In; ++i) {
        double s = 0;
        for (std::size_t o = 0; o < Out; ++o) s += std::fabs(static_cast<double>(p.w[o][i] * p.dz[o]));
        bound[i] = gamma<T>(Out) * s * 1.0001;
    }
    double tight = 0;
    BOOST_TEST(violations(dx, exact, bound, tight) == 0u);
    // Off by one in the sum: the last row left out.
    auto q = p;
    q.dz[Out - 1] = 0;
    std::array<T, In> dq;
    kernels::transposed_product(q.w, q.dz, dq);
    double ignored = 0;
    BOOST_TEST(violations(dq, exact, bound, ignored) > 0u);
    BOOST_TEST_MESSAGE("transposed_product " << In << "x" << Out << ": max |error| / bound = " << tight);
}

BOOST_AUTO_TEST_CASE(transposed_product_within_the_dot_product_bound) {
    check_transposed<float, 16, 64>(21);
    check_transposed<float, 64, 64>(22);
    check_transposed<float, 3, 5>(23);
    check_transposed<float, 70, 9>(24);
    check_transposed<double, 64, 64>(25);
    check_transposed<double, 13, 1>(26);
    check_transposed<double, 130, 3>(27);
}

BOOST_AUTO_TEST_CASE(outer_update_one_rounding_per_element) {
    // w + a·x[i] with a = alpha·dz[o]: the FMA rounds once, the plain loop twice (product, sum)
    // and forms alpha·(dz·x) instead of (alpha·dz)·x: at most 3 roundings of the update plus
    // one of the result apart, all relative to |w| + |alpha·dz·x|.
    const auto p = make_problem<double, 37, 11>(31);
    const double alpha = -0.37;
    auto w = p.w;
    kernels::outer_update(alpha, p.dz, p.x, w);
    auto wl = widen(p.w);
    for (std::size_t o = 0; o < 11; ++o)
        for (std::size_t i = 0; i < 37; ++i) {
            wl[o][i] += static_cast<long double>(alpha) * p.dz[o] * p.x[i];
            const double bound =
                4 * unit_roundoff<double> * (std::fabs(p.w[o][i]) + std::fabs(alpha * p.dz[o] * p.x[i]));
            BOOST_TEST(std::fabs(static_cast<long double>(w[o][i]) - wl[o][i]) <= bound);
        }
    // alpha = 1 adds the gradient dz xᵀ exactly as the rank-1 update should.
    std::array<std::array<float, 3>, 2> g{};
    kernels::outer_update(1.0f, std::array{2.0f, -1.0f}, std::array{1.0f, 0.5f, 4.0f}, g);
    BOOST_TEST(g[0][2] == 8.0f);
    BOOST_TEST(g[1][1] == -0.5f);
}

template <class T, std::size_t M, std::size_t K, std::size_t N>
void check_gemm(unsigned seed) {
    std::mt19937 r(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    static std::array<std::array<T, K>, M> a;
    static std::array<std::array<T, N>, K> b;
    static std::array<std::array<T, N>, M> c, c0;
    for (auto& row : a)
        for (auto& v : row) v = static_cast<T>(u(r));
    for (auto& row : b)
        for (auto& v : row) v = static_cast<T>(u(r));
    for (auto& row : c)
        for (auto& v : row) v = static_cast<T>(u(r));
    c0 = c;
    kernels::gemm<true, M, K, N>(kernels::strided<T, K, 1>{a[0].data()}, b[0].data(), c[0].data());
    std::size_t bad = 0;
    double tight = 0;
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t n = 0; n < N; ++n) {
            long double exact = c0[m][n];
            double s = std::fabs(static_cast<double>(c0[m][n]));
            for (std::size_t k = 0; k < K; ++k) {
                exact += static_cast<long double>(a[m][k]) * b[k][n];
                s += std::fabs(static_cast<double>(a[m][k] * b[k][n]));
            }
            const double bound = gamma<T>(K + 1) * s * 1.0001;
            const double err = static_cast<double>(std::fabs(c[m][n] - exact));
            tight = std::max(tight, err / bound);
            if (!(err <= bound)) ++bad;
        }
    BOOST_TEST(bad == 0u);
    // Wᵀ through swapped strides gives the product with the transpose.
    static std::array<std::array<T, M>, K> at;
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t k = 0; k < K; ++k) at[k][m] = a[m][k];
    static std::array<std::array<T, N>, M> ct;
    kernels::gemm<false, M, K, N>(kernels::strided<T, 1, M>{at[0].data()}, b[0].data(), ct[0].data());
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t n = 0; n < N; ++n) {
            long double exact = 0;
            double s = 0;
            for (std::size_t k = 0; k < K; ++k) {
                exact += static_cast<long double>(a[m][k]) * b[k][n];
                s += std::fabs(static_cast<double>(a[m][k] * b[k][n]));
            }
            BOOST_TEST(std::fabs(ct[m][n] - exact) <= gamma<T>(K) * s * 1.0001);
        }
    BOOST_TEST_MESSAGE("gemm " << M << "x" << K << "x" << N << ": max |error| / bound = " << tight);
}

BOOST_AUTO_TEST_CASE(gemm_within_the_dot_product_bound) {
    check_gemm<float, 64, 64, 32>(41);
    check_gemm<float, 7, 3, 13>(42);
    check_gemm<float, 1, 64, 32>(43);
    check_gemm<float, 65, 16, 2>(44);
    check_gemm<double, 64, 32, 16>(45);
    check_gemm<double, 5, 9, 2>(46);
    check_gemm<double, 3, 17, 41>(47);
}

template <class T, std::size_t Bytes>
void check_row_sums() {
    using V = kernels::pack_n<T, Bytes>;
    constexpr std::size_t P = kernels::lanes_of<V>;
    V acc[P];
    for (std::size_t r = 0; r < P; ++r) {
        T lanes[P];
        for (std::size_t l = 0; l < P; ++l) lanes[l] = static_cast<T>(100 * r + l * l + 1);
        acc[r] = kernels::load_n<Bytes>(lanes);
    }
    T out[P];
    kernels::store(out, kernels::detail::row_sums(acc));
    for (std::size_t r = 0; r < P; ++r) {
        T expected = 0;
        for (std::size_t l = 0; l < P; ++l) expected += static_cast<T>(100 * r + l * l + 1);
        BOOST_TEST(out[r] == expected, "row " << r << " of " << P);  // small integers: exact in any order
    }
}

BOOST_AUTO_TEST_CASE(row_sums_put_row_r_in_lane_r) {
    // Every pack width the target has: the shuffle pattern differs per width and type.
    check_row_sums<float, 16>();
    check_row_sums<double, 16>();
    if constexpr (kernels::pack_bytes >= 32) {
        check_row_sums<float, (kernels::pack_bytes >= 32 ? 32 : 16)>();
        check_row_sums<double, (kernels::pack_bytes >= 32 ? 32 : 16)>();
    }
    if constexpr (kernels::pack_bytes >= 64) {
        check_row_sums<float, kernels::pack_bytes>();
        check_row_sums<double, kernels::pack_bytes>();
    }
}

constexpr constgrad::variable<"z"> z;
using softplus = constgrad::nn::activation<constgrad::log(1.0 + constgrad::exp(z))>;
using mixed = constgrad::nn::activation<constgrad::abs(z) - constgrad::square(constgrad::tanh(z)) /
                                                                 (2.0 + constgrad::relu(z))>;

BOOST_AUTO_TEST_CASE(packed_activation_maps_match_the_scalar_sweep) {
    // The packed map (kernels/math, selects, rules evaluated on packs) against the scalar sweep
    // (constgrad::math, i.e. libm at run time) element by element: value and derivative within
    // 4 ulp of the larger of the two magnitudes each for tanh and sigmoid (both sides are
    // within 4 ulp of exact; derivative 1 - r² and r(1 - r) add two roundings), exact for the
    // piecewise ones. 37 elements: whole packs and a tail.
    namespace nn = constgrad::nn;
    auto check = [](auto act, auto tag) {
        using A = decltype(act);
        using T = decltype(tag);
        std::array<T, 37> z, y, d;
        for (std::size_t k = 0; k < z.size(); ++k) z[k] = static_cast<T>(-9.0 + 0.5 * static_cast<double>(k));
        z[3] = T(0);
        z[4] = -T(0);
        constgrad::detail::nn_activation<A>::map_recording(z, y, d);
        for (std::size_t k = 0; k < z.size(); ++k) {
            T ys{}, ds{};
            constgrad::detail::nn_activation<A>::value_and_derivative(z[k], ys, ds);
            const T ulp = std::numeric_limits<T>::epsilon();
            BOOST_TEST(std::fabs(y[k] - ys) <= 8 * ulp * std::fabs(ys) + std::numeric_limits<T>::denorm_min());
            BOOST_TEST(std::fabs(d[k] - ds) <= 8 * ulp * std::max(std::fabs(ds), T(1)));
        }
    };
    check(nn::tanh{}, 0.0f);
    check(nn::tanh{}, 0.0);
    check(nn::sigmoid{}, 0.0f);
    check(nn::sigmoid{}, 0.0);
    check(nn::relu{}, 0.0f);
    check(nn::leaky_relu{}, 0.0);
    check(nn::identity{}, 0.0f);
    // User formulas: every node kind (constants, +, -, *, /, exp, log, abs, relu, square, tanh).
    check(softplus{}, 0.0);
    check(softplus{}, 0.0f);
    check(mixed{}, 0.0);
    BOOST_TEST(constgrad::detail::nn_activation<softplus>::packed<float>);
    BOOST_TEST(constgrad::detail::nn_activation<nn::tanh>::packed<float>);
    BOOST_TEST(constgrad::detail::nn_activation<nn::leaky_relu>::packed<double>);
}

template <class T, class Net>
void check_forward_batch(std::size_t count) {
    // forward_batch (blocks of batch_columns<T> samples through gemm) against forward (one
    // sample at a time through affine), element by element. Both are within the a-priori
    // bound of tests/support/error_bound.hpp of the exact value; here a simpler sufficient
    // tolerance: 64 units of roundoff times the output's magnitude plus one (widths <= 64,
    // three layers, activations within 4 ulp), and an exact count of written outputs.
    const auto p = Net::template init<T>(constgrad::nn::seed{5});
    std::vector<typename Net::template sample_type<T>> samples(count);
    std::vector<typename Net::template input<T>> xs(count);
    for (std::size_t k = 0; k < count; ++k)
        for (std::size_t i = 0; i < Net::input_size; ++i)
            xs[k][i] = samples[k].x[i] = static_cast<T>(std::sin(0.7 * static_cast<double>(k) + 1.3 * static_cast<double>(i)));
    std::vector<typename Net::template output<T>> ys(count + 3), from_samples(count);
    const std::size_t written = Net::forward_batch(p, std::span(std::as_const(xs)), std::span(ys));
    BOOST_TEST(written == count);  // min(inputs, outputs)
    BOOST_TEST(Net::forward_batch(p, std::span(samples), std::span(from_samples)) == count);
    std::size_t bad = 0;
    for (std::size_t k = 0; k < count; ++k) {
        const auto one = Net::forward(p, xs[k]);
        for (std::size_t o = 0; o < Net::output_size; ++o) {
            const T tol = 64 * std::numeric_limits<T>::epsilon() * (std::fabs(one[o]) + 1);
            if (!(std::fabs(ys[k][o] - one[o]) <= tol) || from_samples[k][o] != ys[k][o]) ++bad;
        }
    }
    BOOST_TEST(bad == 0u);
    // The outputs past count are not touched.
    BOOST_TEST(ys[count][0] == T(0));
}

BOOST_AUTO_TEST_CASE(forward_batch_equals_forward_per_sample) {
    namespace nn = constgrad::nn;
    using small = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;
    using wide = nn::network<nn::dense<10, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 3>>;
    // 1 sample, a partial block, exactly one block, several blocks with a remainder.
    for (std::size_t count : {std::size_t{1}, std::size_t{5}, small::batch_columns<float>, std::size_t{70}}) {
        check_forward_batch<float, small>(count);
        check_forward_batch<double, wide>(count);
    }
    check_forward_batch<double, small>(33);
    check_forward_batch<float, wide>(33);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
