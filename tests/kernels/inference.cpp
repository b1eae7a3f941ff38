// nn::inference (weights prepared by columns, kernels/prepared_affine.hpp) against the
// a-priori error bounds of tests/support/error_bound.hpp, the constexpr path, and the layer
// layouts it chooses (by columns, by rows, padded widths).
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>

#include <boost/test/unit_test.hpp>

#include <constgrad/expr/functions/log.hpp>
#include <constgrad/expr/functions/sin.hpp>
#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/inference.hpp>
#include <constgrad/nn/network.hpp>

#include "support/error_bound.hpp"

namespace {

namespace nn = constgrad::nn;
namespace eb = error_bound;

constexpr constgrad::variable<"z"> z;
// Not packable (sin has no pack kernel): evaluated lane by lane through the scalar engine.
using wave = nn::activation<constgrad::sin(z)>;
// A packable user formula with a log.
using log_of_square = nn::activation<constgrad::log(z * z + 1.0)>;
// 1/z is +inf at the padding lanes (z = 0): the padding must be cleared, or a layer that
// reads it by packs (0 · inf) turns its outputs into NaN.
using reciprocal = nn::activation<1.0 / z>;

}  // namespace

// Bounds for the two user activations: sin is 1-Lipschitz with |sin''| <= 1, within 1 ulp
// (the scalar engine's sin: tests/math); log(z² + 1) has |f'| <= 1, |f''| <= 2, and three
// roundings before a log within 1 ulp: 4 ulp.
template <>
struct error_bound::activation_model<wave> {
    static constexpr activation_constants constants{1, 1, 0, 1, 4};
};
template <>
struct error_bound::activation_model<log_of_square> {
    static constexpr activation_constants constants{1, 2, 0, 4, 8};
};

namespace {

// Every output of the prepared network within 2E of the reference engine's (both within E of
// the exact value), on 50 inputs; a perturbed weight must be caught.
template <class T, class Net>
void check_inference(unsigned seed) {
    auto p = Net::template init<T>(nn::seed{seed});
    // Nonzero biases: a bias dropped or added to the wrong output must show.
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((p.template layer<K>().b[0] = T(0.25), p.template layer<K>().b.back() = T(-0.5)), ...);
    }(std::make_index_sequence<Net::layer_count>{});
    const auto run = std::make_unique<nn::inference<Net, T>>(p);
    std::size_t bad = 0, checked = 0;
    double tightness = 0;
    for (int k = 0; k < 50; ++k) {
        typename Net::template input<T> x;
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = static_cast<T>(std::sin(0.9 * k + 1.7 * static_cast<double>(i)));
        const typename Net::template output<T> target{};
        const auto a = eb::analyse_sample<Net>(p, x, target, eb::squared_error);
        const auto y = (*run)(x);
        for (std::size_t o = 0; o < y.size(); ++o) {
            const auto err = std::fabs(static_cast<eb::real>(y[o]) - static_cast<eb::real>(a.output[o].value));
            const auto bound = 2 * a.output[o].error;
            if (bound > 0) tightness = std::max(tightness, static_cast<double>(err / bound));
            if (!(err <= bound)) ++bad;
            ++checked;
        }
    }
    BOOST_TEST(bad == 0u);
    BOOST_TEST(checked == 50 * Net::output_size);
    BOOST_TEST_MESSAGE("inference " << sizeof(T) * 8 << "-bit: max |difference| / 2E = " << tightness);

    // A weight of the last layer off by 1e-2 (far above the bound) must be seen on the output.
    auto q = p;
    q.template layer<Net::layer_count - 1>().w[0][0] += T(1e-2);
    const auto moved = std::make_unique<nn::inference<Net, T>>(q);
    typename Net::template input<T> x{};
    x.fill(T(0.5));
    BOOST_TEST((*moved)(x)[0] != (*run)(x)[0]);
}

using benchmark_shape = nn::network<nn::dense<16, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 1>>;
using small_shape = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>, nn::dense<16, 1>>;
// Widths that are not whole packs, a by-rows layer (3 outputs) feeding a by-columns one, more
// than 16 output packs (blocks of the column kernel), sigmoid and leaky relu.
using odd_shape = nn::network<nn::dense<3, 10, nn::sigmoid>, nn::dense<10, 300, nn::leaky_relu>,
                              nn::dense<300, 3, nn::tanh>, nn::dense<3, 37>, nn::dense<37, 2>>;
using user_activations = nn::network<nn::dense<5, 7, wave>, nn::dense<7, 3, log_of_square>,
                                     nn::dense<3, 9, log_of_square>, nn::dense<9, 1>>;

// The constexpr path: plain loops on the prepared layout, in input order; equal to the
// network's own constexpr forward bit for bit (same sums, same order, same activations).
constexpr auto constexpr_parameters = small_shape::init<double>(nn::seed{3});
constexpr nn::inference<small_shape, double> constexpr_inference{constexpr_parameters};
static_assert(constexpr_inference(std::array{0.5, -0.25})[0] ==
              small_shape::forward(constexpr_parameters, std::array{0.5, -0.25})[0]);
static_assert(constexpr_inference(std::array{-1.0, 2.0})[0] ==
              small_shape::forward(constexpr_parameters, std::array{-1.0, 2.0})[0]);

BOOST_AUTO_TEST_SUITE(inference)

BOOST_AUTO_TEST_CASE(outputs_within_the_error_bound) {
    check_inference<float, benchmark_shape>(1);
    check_inference<double, benchmark_shape>(2);
    check_inference<float, small_shape>(3);
    check_inference<double, small_shape>(4);
    check_inference<float, odd_shape>(5);
    check_inference<double, odd_shape>(6);
    check_inference<float, user_activations>(7);
    check_inference<double, user_activations>(8);
}

BOOST_AUTO_TEST_CASE(layouts_follow_the_cost_rule) {
    // By columns unless the layer is too narrow to fill packs of outputs.
    using constgrad::detail::nn_prepared_dense;
    BOOST_TEST((nn_prepared_dense<float, nn::dense<16, 64>>::by_columns));
    BOOST_TEST((nn_prepared_dense<double, nn::dense<64, 64>>::by_columns));
    BOOST_TEST((!nn_prepared_dense<float, nn::dense<64, 1>>::by_columns));
    BOOST_TEST((!nn_prepared_dense<double, nn::dense<300, 3>>::by_columns));
    BOOST_TEST((nn_prepared_dense<float, nn::dense<2, 1>>::by_columns));  // one pack either way
    // Padded strides: whole packs.
    constexpr std::size_t P = constgrad::kernels::lanes<float>;
    BOOST_TEST((nn_prepared_dense<float, nn::dense<3, 10>>::out_stride == (10 + P - 1) / P * P));
}

BOOST_AUTO_TEST_CASE(padding_is_cleared_for_the_next_layer) {
    // 37 outputs: padded to 48 floats / 40 doubles with AVX-512 (to 40 / 38 with AVX, SSE2);
    // the last layer is by rows and reads the padding by packs.
    using net = nn::network<nn::dense<4, 37, reciprocal>, nn::dense<37, 1>>;
    BOOST_TEST((!constgrad::detail::nn_prepared_dense<float, nn::dense<37, 1>>::by_columns));
    BOOST_TEST((!constgrad::detail::nn_prepared_dense<double, nn::dense<37, 1>>::by_columns));
    const auto check = [](auto zero) {
        using T = decltype(zero);
        typename net::template parameters<T> p{};
        for (std::size_t o = 0; o < 37; ++o) {
            p.template layer<0>().b[o] = T(1);  // z in [1, 1.1]: 1/z within [0.9, 1]
            for (std::size_t i = 0; i < 4; ++i) p.template layer<0>().w[o][i] = T(0.025);
            p.template layer<1>().w[0][o] = T(1);
        }
        const std::array<T, 4> x{T(0.5), T(1), T(0.25), T(0.75)};
        const T got = nn::inference<net, T>{p}(x)[0];
        const T expected = net::forward(p, x)[0];  // 37 / 1.0625
        BOOST_TEST(std::isfinite(got));
        BOOST_TEST(std::fabs(got - expected) <= 64 * std::numeric_limits<T>::epsilon() * expected);
    };
    check(0.0f);
    check(0.0);
}

BOOST_AUTO_TEST_CASE(long_double_takes_the_plain_loops) {
    // No packs for long double: the plain path at run time, in the order of nn::dense's plain
    // path, hence equal to the network's forward bit for bit.
    const auto p = odd_shape::init<long double>(nn::seed{9});
    const auto run = std::make_unique<nn::inference<odd_shape, long double>>(p);
    const std::array<long double, 3> x{0.5L, -1.25L, 2.0L};
    const auto a = (*run)(x);
    const auto b = odd_shape::forward(p, x);
    BOOST_TEST(a[0] == b[0]);
    BOOST_TEST(a[1] == b[1]);
}

BOOST_AUTO_TEST_CASE(assign_replaces_the_snapshot) {
    auto p = small_shape::init<float>(nn::seed{11});
    nn::inference<small_shape, float> run{p};
    const std::array<float, 2> x{0.3f, -0.7f};
    const float before = run(x)[0];
    p.layer<2>().b[0] += 1.0f;  // the output layer is linear: the output moves by exactly 1
    BOOST_TEST(run(x)[0] == before);  // a snapshot: unchanged until assigned
    run.assign(p);
    BOOST_TEST(std::fabs(run(x)[0] - (before + 1.0f)) <= 4 * std::numeric_limits<float>::epsilon() * (std::fabs(before) + 1));
    const nn::inference<small_shape, float> zeros{};
    BOOST_TEST(zeros(x)[0] == 0.0f);  // all weights and biases zero, relu(0) = 0
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
