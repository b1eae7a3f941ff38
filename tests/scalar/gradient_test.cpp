// gradient(): one reverse sweep, shared sub-expressions, gradient_check, large formulas.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <utility>
#include <type_traits>
#include <cmath>
#include <cstddef>

#include <constgrad/constgrad.hpp>

namespace cg = constgrad;

namespace {

constexpr cg::variable<"x"> x;
constexpr cg::variable<"y"> y;
constexpr cg::variable<"unused"> unused;

// A stateless sub-expression written three times is one node: x, y, x*y, sin, s*s, s*s + s.
constexpr auto s = cg::sin(x * y);
constexpr auto shared = s * s + s;
static_assert(cg::detail::graph_t<std::remove_cvref_t<decltype(shared)>>::size == 6);
static_assert(cg::gradient_check(shared, x = 0.3, y = 1.7));

// Sub-expressions holding constants are shared when their constants are equal and they
// call a math-library function (then comparing constants is cheaper than recomputing): the
// oracle's expression with z = sin(2x + 2) + x, written four times, computes the sine once.
constexpr auto z = cg::sin(2 * x + 2) + x;
constexpr auto with_z = cg::relu(z) + z * x + cg::relu(z * z);
using sine_node = std::remove_cvref_t<decltype(cg::sin(2 * x + 2))>;
template <bool ComputedOnly>
constexpr std::size_t sine_entries() {
    using F = std::remove_cvref_t<decltype(with_z)>;
    using graph = cg::detail::graph_t<F>;
    cg::detail::sweep<double, F> slots{with_z};
    slots.forward(cg::detail::environment<cg::binding<"x", double>>{{-4.0}});
    constexpr std::array<bool, graph::size> is_sine = [] {
        std::array<bool, graph::size> flags{};
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((flags[I] = std::is_same_v<typename cg::detail::at_t<I, graph>::node, sine_node>), ...);
        }(std::make_index_sequence<graph::size>{});
        return flags;
    }();
    std::size_t count = 0;
    for (std::size_t i = 0; i < graph::size; ++i)
        if (is_sine[i] && (!ComputedOnly || slots.representative[i] == i)) ++count;
    return count;
}
static_assert(sine_entries<false>() == 4);  // four entries in the graph (one per copy of z)
static_assert(sine_entries<true>() == 1);   // one computed
static_assert(cg::gradient_check(with_z, x = -0.3));
// Cheap stateful sub-expressions are recomputed rather than compared: no merge bookkeeping.
static_assert(!cg::detail::same_type_chain<cg::detail::graph_t<
                  std::remove_cvref_t<decltype(cg::relu(2 * x + 2) * (2 * x + 2))>>>::any);
// 3 * x and 5 * x share a type but not a value: both are computed.
static_assert(cg::gradient(3 * x + 5 * x, x = 1.0)[x] == 8.0);
static_assert(cg::gradient(3 * x * (5 * x), x = 1.0)[x] == 30.0);

// A bound variable f does not use has derivative 0.
static_assert(cg::gradient(x * x, x = 3.0, unused = 1.0)[unused] == 0.0);
static_assert(cg::gradient(x * x, x = 3.0, unused = 1.0)[x] == 6.0);

// gradient_check fails where analytic and numeric derivatives differ: relu's kink at 0,
// where the convention relu'(0) = 0 meets the symmetric difference 0.5.
static_assert(!cg::gradient_check(cg::relu(x), x = 0.0));
static_assert(cg::gradient_check(cg::relu(x), x = 0.25));
// A tolerance can be given; a tight one still passes on a polynomial.
static_assert(cg::gradient_check(x * x * x - 2 * x, cg::tolerance{1e-10}, x = 1.25));
// A fast-varying function needs the refined step.
static_assert(cg::gradient_check(cg::sin(400 * x * x), x = 1.1));

// A 256-term balanced sum of products compiles and agrees with the derivative.
template <std::size_t N>
constexpr auto balanced_sum() {
    if constexpr (N == 1)
        return x * y;
    else
        return balanced_sum<N / 2>() + cg::sin(balanced_sum<N - N / 2>());
}
constexpr auto big = balanced_sum<256>();
static_assert(cg::gradient_check(big, x = 0.25, y = 0.5));

}  // namespace

BOOST_AUTO_TEST_SUITE(gradient)

BOOST_AUTO_TEST_CASE(large_formula_at_run_time_matches_derivative) {
    volatile double at = 0.25;
    const auto g = cg::gradient(big, x = at, y = 0.5);
    const double dx = cg::evaluate(cg::derivative(big, x), x = at, y = 0.5);
    BOOST_TEST(std::abs(g[x] - dx) <= 1e-12 * std::max(1.0, std::abs(dx)));
    BOOST_TEST(cg::gradient_check(big, x = at, y = 0.5));
}

BOOST_AUTO_TEST_SUITE_END()
