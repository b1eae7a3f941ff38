// Compile-time checks of the layer contract, the graph layers and the input Jacobian:
// nn::Layer, nn::residual / nn::parallel / nn::chain by hand-derived values, input_jacobian
// in a static_assert.
#include <array>
#include <cstddef>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/chain.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parallel.hpp>
#include <constgrad/nn/residual.hpp>

namespace nn = constgrad::nn;

namespace {

// ---- the contract ----
using block = nn::residual<nn::dense<2, 3, nn::tanh>, nn::dense<3, 2>>;
static_assert(nn::Layer<nn::dense<3, 2>> && nn::Layer<block> &&
              nn::Layer<nn::chain<nn::dense<2, 3>, nn::dense<3, 1>>> &&
              nn::Layer<nn::parallel<nn::concat, nn::dense<2, 1>, block>> &&
              nn::Layer<nn::parallel<nn::sum, nn::dense<2, 2>, block>>);
static_assert(!nn::Layer<int> && !nn::Layer<std::array<double, 2>>);
// dense records act' (its default cache); a chain records outputs and caches of its layers.
static_assert(std::is_same_v<nn::layer_cache_t<nn::dense<3, 2>, float>, std::array<float, 2>>);
static_assert(std::is_same_v<block::parameters<double>,
                             nn::network_parameters<double, nn::dense<2, 3, nn::tanh>, nn::dense<3, 2>>>);
static_assert(block::parameters<double>::size == 2 * 3 + 3 + 3 * 2 + 2);
static_assert(nn::parallel<nn::concat, nn::dense<2, 1>, block>::outputs == 3);
// The graph layers nest: a residual block around a parallel sum of a chain and a dense layer.
using nested = nn::residual<nn::parallel<nn::sum, nn::chain<nn::dense<2, 4, nn::tanh>, nn::dense<4, 2>>,
                                         nn::dense<2, 2>>>;
static_assert(nn::Layer<nested> && nested::inputs == 2 && nested::outputs == 2);

// dense keeps its batched kernels and fused step (the network's fast paths): detected as such,
// for both scalar types; the graph layers take the fallbacks for batches.
static_assert(constgrad::detail::nn_layer_has_columns<nn::dense<3, 2, nn::relu>, double, 16> &&
              constgrad::detail::nn_layer_has_columns<nn::dense<3, 2, nn::tanh>, float, 32> &&
              constgrad::detail::nn_layer_has_backward_descend<nn::dense<3, 2>, double> &&
              constgrad::detail::nn_layer_has_backward_descend<nn::dense<3, 2>, float>);
static_assert(!constgrad::detail::nn_layer_has_columns<block, double, 16> &&
              constgrad::detail::nn_layer_has_backward_descend<block, double>);

// ---- values by hand ----
// W = [[1, 2], [3, 4]], b = 0. A network of one dense layer: J = W exactly (each reverse
// sweep computes Wᵀ e_o, products by 1 and sums with 0: no rounding).
using linear = nn::network<nn::dense<2, 2>>;
constexpr linear::parameters<double> linear_p = [] {
    linear::parameters<double> p{};
    p.layer<0>() = {{{{1, 2}, {3, 4}}}, {0, 0}};
    return p;
}();
constexpr auto linear_J = linear::input_jacobian(linear_p, std::array{0.5, -1.0});
static_assert(linear_J[0][0] == 1 && linear_J[0][1] == 2 && linear_J[1][0] == 3 &&
              linear_J[1][1] == 4);

// The same layer as a residual block: y = x + W x, J = I + W, again exact.
using skip = nn::network<nn::residual<nn::dense<2, 2>>>;
constexpr skip::parameters<double> skip_p = [] {
    skip::parameters<double> p{};
    p.layer<0>().layer<0>() = {{{{1, 2}, {3, 4}}}, {0, 0}};
    return p;
}();
constexpr auto skip_J = skip::input_jacobian(skip_p, std::array{0.5, -1.0});
static_assert(skip_J[0][0] == 2 && skip_J[0][1] == 2 && skip_J[1][0] == 3 && skip_J[1][1] == 5);
// y = x + W x + b at x = (0.5, -1): W x = (-1.5, -2.5), y = (-1, -3.5).
static_assert(skip::forward(skip_p, std::array{0.5, -1.0})[0] == -1.0 &&
              skip::forward(skip_p, std::array{0.5, -1.0})[1] == -3.5);

// Two branches of one output on x = (1, -1): w = (1, 1) gives 0 and w = (2, -1) gives 3;
// concat is (0, 3), sum is 3; the Jacobian of the sum is the sum of the rows, (3, 0).
template <class Join>
using two = nn::network<nn::parallel<Join, nn::dense<2, 1>, nn::dense<2, 1>>>;
template <class Join>
constexpr typename two<Join>::template parameters<double> two_p = [] {
    typename two<Join>::template parameters<double> p{};
    p.template layer<0>().template layer<0>() = {{{{1, 1}}}, {0}};
    p.template layer<0>().template layer<1>() = {{{{2, -1}}}, {0}};
    return p;
}();
static_assert(two<nn::concat>::forward(two_p<nn::concat>, std::array{1.0, -1.0}) == std::array{0.0, 3.0});
static_assert(two<nn::sum>::forward(two_p<nn::sum>, std::array{1.0, -1.0}) == std::array{3.0});
static_assert(two<nn::sum>::input_jacobian(two_p<nn::sum>, std::array{1.0, -1.0})[0] == std::array{3.0, 0.0});
static_assert(two<nn::concat>::input_jacobian(two_p<nn::concat>, std::array{1.0, -1.0}) ==
              std::array{std::array{1.0, 1.0}, std::array{2.0, -1.0}});

// The gradient through a residual block, by hand: loss (y - t)² with y = x + w x + b (one
// input, one output), x = 1, w = 2, b = 0.5, t = 1: y = 3.5, dLoss/dy = 5, dLoss/dw = 5 x = 5,
// dLoss/db = 5. Computed inside the compiler.
using scalar_skip = nn::network<nn::residual<nn::dense<1, 1>>>;
constexpr auto scalar_g = [] {
    scalar_skip::parameters<double> p{};
    p.layer<0>().layer<0>() = {{{{2}}}, {0.5}};
    return scalar_skip::gradient(nn::squared_error, p, std::array{1.0}, std::array{1.0});
}();
static_assert(scalar_g.layer<0>().layer<0>().w[0][0] == 5.0 && scalar_g.layer<0>().layer<0>().b[0] == 5.0);

}  // namespace

BOOST_AUTO_TEST_CASE(input_jacobian_at_run_time) {
    // The constexpr Jacobian read at run time equals the one computed now.
    BOOST_TEST(linear::input_jacobian(linear_p, std::array{0.5, -1.0}) == linear_J);
    BOOST_TEST(skip::input_jacobian(skip_p, std::array{0.5, -1.0}) == skip_J);
}
