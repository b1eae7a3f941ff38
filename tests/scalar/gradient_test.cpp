// gradient(): one reverse sweep, shared sub-expressions, gradient_check, large formulas.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
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

// Sub-expressions holding constants are shared when their constants are equal (compared
// child by child, folded away by the optimiser when f is a compile-time constant): the
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
// Cheap stateful sub-expressions are shared the same way: 2 x + 2 written twice is computed
// once, 3 x + 2 next to it is not 2 x + 2.
template <class Node, class F>
constexpr std::size_t entries_of(const F& f, double at, bool computed_only) {
    using graph = cg::detail::graph_t<F>;
    cg::detail::sweep<double, F> slots{f};
    slots.forward(cg::detail::environment<cg::binding<"x", double>>{{at}});
    slots.reverse();
    constexpr std::array<bool, graph::size> is_node = [] {
        std::array<bool, graph::size> flags{};
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((flags[I] = std::is_same_v<typename cg::detail::at_t<I, graph>::node, Node>), ...);
        }(std::make_index_sequence<graph::size>{});
        return flags;
    }();
    std::size_t count = 0;
    for (std::size_t i = 0; i < graph::size; ++i)
        if (is_node[i] && (!computed_only || slots.representative[i] == i)) ++count;
    return count;
}
using affine_node = std::remove_cvref_t<decltype(2 * x + 2)>;
constexpr auto cheap_twice = cg::relu(2 * x + 2) * (2 * x + 2);
static_assert(entries_of<affine_node>(cheap_twice, 0.5, false) == 2);
static_assert(entries_of<affine_node>(cheap_twice, 0.5, true) == 1);
static_assert(cg::gradient(cheap_twice, x = 0.5)[x] == 2 * 3 + 3 * 2);      // u' v + u v'
static_assert(cg::gradient(cheap_twice, x = -2.0)[x] == 0.0);               // relu off
constexpr auto cheap_different = cg::relu(2 * x + 2) * (3 * x + 2);
static_assert(entries_of<affine_node>(cheap_different, 0.5, true) == 2);
static_assert(cg::gradient(cheap_different, x = 0.5)[x] == 2 * 3.5 + 3 * 3);
// Equal children below, different constant above: (2x + 2) * 3 and (2x + 2) * 4 are two
// entries over one shared 2x + 2; the same with the inner constants differing.
constexpr auto outer_differs = ((2 * x + 2) * 3) * ((2 * x + 2) * 4);
static_assert(entries_of<affine_node>(outer_differs, 1.0, true) == 1);
static_assert(cg::gradient(outer_differs, x = 1.0)[x] == 24 * 4 * 2);  // 12 u^2: 24 u u', u = 4
constexpr auto inner_differs = ((2 * x + 2) * 3) * ((2 * x + 1) * 3);
static_assert(entries_of<affine_node>(inner_differs, 1.0, true) == 2);
static_assert(cg::gradient(inner_differs, x = 1.0)[x] == 2 * 3 * 9 + 4 * 3 * 2 * 3);
// -0.0 and 0.0 are different constants (compared bit for bit): x * -0.0 is -0 for x > 0.
constexpr auto signed_zeros = cg::relu(x * 0.0) + cg::relu(x * -0.0);
static_assert(entries_of<std::remove_cvref_t<decltype(x * 0.0)>>(signed_zeros, 1.0, true) == 2);
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

// Run-time constants: f is not a compile-time constant, so the sweep compares constants
// on every call. Equal ones share, different ones do not; the values are the hand-derived
// ones (all exact in binary64) and those of the same formula evaluated at compile time.
BOOST_AUTO_TEST_CASE(run_time_constants_are_shared_when_equal) {
    volatile double two = 2.0, three = 3.0, one = 1.0;
    const auto equal = cg::relu(two * x + two) * (two * x + two);
    const auto differ = cg::relu(two * x + two) * (three * x + one);
    using equal_t = std::remove_cvref_t<decltype(equal)>;
    for (const double at : {-2.0, -0.5, 0.25, 1.5}) {
        cg::detail::sweep<double, equal_t> slots{equal};
        slots.forward(cg::detail::environment<cg::binding<"x", double>>{{at}});
        slots.reverse();
        std::size_t computed = 0;
        for (std::size_t i = 0; i < slots.size; ++i) computed += slots.representative[i] == i;
        BOOST_TEST(computed == 5u);  // x, 2 (twice: constants are leaves), 2x, 2x + 2, relu, *
        const double u = 2 * at + 2, v3 = 3 * at + 1;
        const auto g = cg::gradient(equal, x = at);
        BOOST_TEST(g[x] == (u > 0 ? 2 * u + u * 2 : 0.0));
        BOOST_TEST(g.value() == (u > 0 ? u * u : 0.0));
        BOOST_TEST(g[x] == cg::gradient(cheap_twice, x = at)[x]);
        const auto h = cg::gradient(differ, x = at);
        BOOST_TEST(h[x] == (u > 0 ? 2 * v3 + u * 3 : 0.0));
    }
}

// The run-time fast paths of math::pow (exponents 2, 1, -1, 0.5) and of step give the bits
// of the compile-time path; pow's derivative at a run-time point is hand-checkable.
template <class T>
constexpr std::array<T, 10> pow_points{T(0.1), T(0.7), T(1.0), T(1.3), T(2.5), T(3.0),
                                       T(10.0), T(1e-3), T(123.456), T(7.25e5)};
template <class T>
constexpr std::array<std::array<T, 10>, 3> constexpr_powers = [] {
    std::array<std::array<T, 10>, 3> out{};
    for (std::size_t i = 0; i < 10; ++i) {
        out[0][i] = cg::math::pow(pow_points<T>[i], T(2));
        out[1][i] = cg::math::pow(-pow_points<T>[i], T(1));
        out[2][i] = cg::math::pow(-pow_points<T>[i], T(-1));
    }
    return out;
}();

template <class T>
void check_pow_fast_paths() {
    volatile T two = 2, one = 1, minus_one = -1, half = T(0.5);
    for (std::size_t i = 0; i < 10; ++i) {
        const T a = pow_points<T>[i];
        BOOST_TEST(cg::math::pow(a, T(two)) == constexpr_powers<T>[0][i]);
        BOOST_TEST(cg::math::pow(-a, T(one)) == constexpr_powers<T>[1][i]);
        BOOST_TEST(cg::math::pow(-a, T(minus_one)) == constexpr_powers<T>[2][i]);
        BOOST_TEST(cg::math::pow(a, T(half)) == std::sqrt(a));
        BOOST_TEST(cg::math::pow(a, T(half)) == static_cast<T>(std::pow(a, T(half))));
        // With an int exponent (computed in double, rounded once to T).
        BOOST_TEST(cg::math::pow(a, int(two)) == static_cast<T>(std::pow(a, 2)));
    }
    constexpr T inf = std::numeric_limits<T>::infinity();
    const T nan = std::numeric_limits<T>::quiet_NaN();
    BOOST_TEST(cg::math::pow(T(-0.0), T(half)) == T(0));
    BOOST_TEST(!std::signbit(cg::math::pow(T(-0.0), T(half))));
    BOOST_TEST(cg::math::pow(-inf, T(half)) == inf);
    BOOST_TEST(std::isnan(cg::math::pow(T(-4), T(half))));
    BOOST_TEST(cg::math::pow(T(-0.0), T(minus_one)) == -inf);
    BOOST_TEST(cg::math::pow(T(0.0), T(minus_one)) == inf);
    BOOST_TEST(cg::math::pow(-inf, T(minus_one)) == T(0));
    BOOST_TEST(std::signbit(cg::math::pow(-inf, T(minus_one))));
    BOOST_TEST(!std::signbit(cg::math::pow(T(-0.0), T(two))));
    BOOST_TEST(cg::math::pow(-inf, T(two)) == inf);
    BOOST_TEST(std::isnan(cg::math::pow(nan, T(two))));
    BOOST_TEST(std::isnan(cg::math::pow(nan, T(one))));
    BOOST_TEST(std::isnan(cg::math::pow(nan, T(minus_one))));
    BOOST_TEST(std::isnan(cg::math::pow(nan, T(half))));
}

BOOST_AUTO_TEST_CASE(pow_fast_paths_match_the_compile_time_path) {
    check_pow_fast_paths<float>();
    check_pow_fast_paths<double>();
    check_pow_fast_paths<long double>();
    // The gradient of pow with a run-time constant exponent: d x^2 = 2 x, d x^1 = 1 (the
    // rule's pow(x, 2 - 1) takes the fast path), d x^3 = 3 x^2.
    volatile double e2 = 2, e3 = 3;
    for (const double at : {-1.5, 0.3, 2.0, 7.0}) {
        BOOST_TEST(cg::gradient(cg::pow(x, e2), x = at)[x] == 2 * at);
        BOOST_TEST(cg::gradient(cg::pow(x, e2), x = at).value() == at * at);
        BOOST_TEST(cg::gradient(cg::pow(x, e3), x = at)[x] == 3 * (at * at));
        BOOST_TEST(cg::gradient(cg::pow(x, e2), x = at)[x] == cg::gradient(cg::pow<2>(x), x = at)[x]);
    }
}

template <class T>
auto bits_of(T value) {
    return std::bit_cast<std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>>(value);
}

template <class T>
inline constexpr std::array<T, 8> step_points{T(-1), T(-0.0), T(0), T(1e-30), T(2.5),
                                              std::numeric_limits<T>::infinity(),
                                              -std::numeric_limits<T>::infinity(),
                                              std::numeric_limits<T>::denorm_min()};
template <class T>
void check_step() {
    static constexpr auto at_compile_time = [] {
        std::array<T, 8> out{};
        for (std::size_t i = 0; i < 8; ++i) out[i] = cg::step_op::apply(step_points<T>[i]);
        return out;
    }();
    for (std::size_t i = 0; i < 8; ++i) {
        volatile T a = step_points<T>[i];
        BOOST_TEST(bits_of(cg::step_op::apply(T(a))) == bits_of(at_compile_time[i]));
    }
    volatile T nan = std::numeric_limits<T>::quiet_NaN();
    BOOST_TEST(bits_of(cg::step_op::apply(T(nan))) == bits_of(T(0)));
}

BOOST_AUTO_TEST_CASE(step_at_run_time_has_the_compile_time_bits) {
    check_step<float>();
    check_step<double>();
    BOOST_TEST(cg::step_op::apply(2.0L) == 1.0L);
    BOOST_TEST(cg::step_op::apply(-2.0L) == 0.0L);
}

BOOST_AUTO_TEST_SUITE_END()
