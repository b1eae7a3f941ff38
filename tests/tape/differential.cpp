// Differential test: the random expression generator of the scalar engine drives both
// engines; for each expression type and point, the tape's value and gradient must equal
// constgrad::gradient's: within 1e-12 relative, and nearly all (>= 99%) bit for bit.
//
// Bit for bit holds because both engines share the same sub-expressions (the schedule
// merges equal stateful sub-expressions too, see schedule/graph.hpp, as the tape records a
// value once): they evaluate the same operations with the same run-time functions
// (constgrad::math, i.e. <cmath>, with the same fast paths of pow) and the same partial
// formulas. (While the engine recomputed cheap stateful sub-expressions, the adjoints
// reached the leaves in another order there, ~1e-14 relative; the 99% bound is kept as a
// margin.) One compiler effect can break it: GCC evaluates libm calls on
// compile-time-known arguments with correctly rounded MPFR (tanh(1.079 - 0.548) in seed 219)
// while the tape, like any run-time computation, calls glibc, 1 ulp away. CMakeLists.txt
// compiles this file with -fno-builtin on GCC so that both engines compute at run time;
// without it, ~1% of the numbers differ by <= 4e-15 relative (Clang: none).
#include <boost/test/unit_test.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>
#include <type_traits>
#include <typeindex>
#include <vector>

#include <constgrad/constgrad.hpp>

#include "support/random_expression.hpp"
#include "tape_test_support.hpp"

using namespace tape_test;
namespace cg = constgrad;

namespace {

constexpr std::uint64_t expression_count = 240;
constexpr std::uint64_t points_per_expression = 20;

// A compile-time expression as a runtime list of operations (children before parents), so
// that recording it on the tape is one ordinary loop: the only per-type code is emit(), one
// tiny function per node type (a template-heavy recursive replay cost ~3x more compile time).
enum class op_code {
    variable_x, variable_y, variable_z, number,
    add, subtract, multiply, divide, power,
    negate, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu, square, step, sign,
};

struct operation {
    op_code op;
    int lhs;        // index of the first operand, -1 if none
    int rhs;        // index of the second operand, -1 if none
    double number;  // op_code::number only

    friend bool operator<(const operation& a, const operation& b)
    {
        if (a.op != b.op) return a.op < b.op;
        if (a.lhs != b.lhs) return a.lhs < b.lhs;
        if (a.rhs != b.rhs) return a.rhs < b.rhs;
        return std::bit_cast<std::uint64_t>(a.number) < std::bit_cast<std::uint64_t>(b.number);
    }
};

// Appends operations, giving an operation that is already there its earlier index: a
// sub-expression that occurs twice (`u * v + u`) is computed once, as a user of the tape
// would write it, and as the compile-time engine shares it (same type and, for types that
// hold runtime constants, the same constants bit for bit: exactly structural equality).
class program {
public:
    int add(operation o)
    {
        const auto [it, inserted] = index_.try_emplace(o, static_cast<int>(ops_.size()));
        if (inserted) {
            ops_.push_back(o);
        }
        return it->second;
    }
    [[nodiscard]] const std::vector<operation>& operations() const { return ops_; }

private:
    std::vector<operation> ops_;
    std::map<operation, int> index_;
};

template <class Op>
constexpr op_code code_of()
{
    if constexpr (std::is_same_v<Op, cg::add_op>) return op_code::add;
    else if constexpr (std::is_same_v<Op, cg::subtract_op>) return op_code::subtract;
    else if constexpr (std::is_same_v<Op, cg::multiply_op>) return op_code::multiply;
    else if constexpr (std::is_same_v<Op, cg::divide_op>) return op_code::divide;
    else if constexpr (std::is_same_v<Op, cg::pow_op>) return op_code::power;
    else if constexpr (std::is_same_v<Op, cg::negate_op>) return op_code::negate;
    else if constexpr (std::is_same_v<Op, cg::exp_op>) return op_code::exp;
    else if constexpr (std::is_same_v<Op, cg::log_op>) return op_code::log;
    else if constexpr (std::is_same_v<Op, cg::sqrt_op>) return op_code::sqrt;
    else if constexpr (std::is_same_v<Op, cg::abs_op>) return op_code::abs;
    else if constexpr (std::is_same_v<Op, cg::sin_op>) return op_code::sin;
    else if constexpr (std::is_same_v<Op, cg::cos_op>) return op_code::cos;
    else if constexpr (std::is_same_v<Op, cg::tanh_op>) return op_code::tanh;
    else if constexpr (std::is_same_v<Op, cg::sigmoid_op>) return op_code::sigmoid;
    else if constexpr (std::is_same_v<Op, cg::relu_op>) return op_code::relu;
    else if constexpr (std::is_same_v<Op, cg::square_op>) return op_code::square;
    else if constexpr (std::is_same_v<Op, cg::step_op>) return op_code::step;
    else {
        static_assert(std::is_same_v<Op, cg::sign_op>, "an operation the differential test does not know");
        return op_code::sign;
    }
}

template <cg::detail::fixed_string Name>
int emit(const cg::variable<Name>&, program& p)
{
    if constexpr (Name == cg::detail::fixed_string("x")) {
        return p.add({op_code::variable_x, -1, -1, 0.0});
    } else if constexpr (Name == cg::detail::fixed_string("y")) {
        return p.add({op_code::variable_y, -1, -1, 0.0});
    } else {
        static_assert(Name == cg::detail::fixed_string("z"), "the generator uses x, y and z only");
        return p.add({op_code::variable_z, -1, -1, 0.0});
    }
}
template <long long N>
int emit(const cg::literal<N>&, program& p)
{
    return p.add({op_code::number, -1, -1, static_cast<double>(N)});
}
inline int emit(const cg::constant& c, program& p) { return p.add({op_code::number, -1, -1, c.value}); }
template <class Op, class A>
int emit(const cg::unary<Op, A>& n, program& p)
{
    const int a = emit(n.arg, p);
    return p.add({code_of<Op>(), a, -1, 0.0});
}
template <class Op, class L, class R>
int emit(const cg::binary<Op, L, R>& n, program& p)
{
    const int a = emit(n.lhs, p);   // left first: the tape's creation order is a post-order
    const int b = emit(n.rhs, p);
    return p.add({code_of<Op>(), a, b, 0.0});
}

// A number or a value of the tape: what each operation of the program evaluates to. A
// sub-expression without variables stays a number (the engine computes it with the
// operation's apply, and the tape's number overloads record nothing for it).
struct operand {
    bool on_tape;
    double number;
    tp::value<> v;
};

template <class F>
operand unary_operand(const operand& a, F on_tape, double (*on_number)(double))
{
    return a.on_tape ? operand{true, 0.0, on_tape(a.v)} : operand{false, on_number(a.number), {}};
}

template <class F>
operand binary_operand(const operand& a, const operand& b, F f, double (*on_numbers)(double, double))
{
    if (a.on_tape && b.on_tape) return {true, 0.0, f(a.v, b.v)};
    if (a.on_tape) return {true, 0.0, f(a.v, b.number)};
    if (b.on_tape) return {true, 0.0, f(a.number, b.v)};
    return {false, on_numbers(a.number, b.number), {}};
}

// Records the program on the tape of x, y, z; returns the root's operand (the last one).
operand record(const program& prog, const tp::value<>& x, const tp::value<>& y, const tp::value<>& z)
{
    std::vector<operand> r;
    r.reserve(prog.operations().size());
    for (const operation& o : prog.operations()) {
        const operand no{false, 0.0, {}};
        const operand& a = o.lhs >= 0 ? r[static_cast<std::size_t>(o.lhs)] : no;
        const operand& b = o.rhs >= 0 ? r[static_cast<std::size_t>(o.rhs)] : no;
        const auto add = [](const auto& u, const auto& v) { return u + v; };
        const auto sub = [](const auto& u, const auto& v) { return u - v; };
        const auto mul = [](const auto& u, const auto& v) { return u * v; };
        const auto div = [](const auto& u, const auto& v) { return u / v; };
        const auto pw = [](const auto& u, const auto& v) { return pow(u, v); };
        switch (o.op) {
        case op_code::variable_x: r.push_back({true, 0.0, x}); break;
        case op_code::variable_y: r.push_back({true, 0.0, y}); break;
        case op_code::variable_z: r.push_back({true, 0.0, z}); break;
        case op_code::number: r.push_back({false, o.number, {}}); break;
        case op_code::add: r.push_back(binary_operand(a, b, add, &cg::add_op::apply<double>)); break;
        case op_code::subtract: r.push_back(binary_operand(a, b, sub, &cg::subtract_op::apply<double>)); break;
        case op_code::multiply: r.push_back(binary_operand(a, b, mul, &cg::multiply_op::apply<double>)); break;
        case op_code::divide: r.push_back(binary_operand(a, b, div, &cg::divide_op::apply<double>)); break;
        case op_code::power: r.push_back(binary_operand(a, b, pw, &cg::pow_op::apply<double>)); break;
        case op_code::negate:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return -u; }, &cg::negate_op::apply<double>));
            break;
        case op_code::exp:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return exp(u); }, &cg::exp_op::apply<double>));
            break;
        case op_code::log:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return log(u); }, &cg::log_op::apply<double>));
            break;
        case op_code::sqrt:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return sqrt(u); }, &cg::sqrt_op::apply<double>));
            break;
        case op_code::abs:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return abs(u); }, &cg::abs_op::apply<double>));
            break;
        case op_code::sin:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return sin(u); }, &cg::sin_op::apply<double>));
            break;
        case op_code::cos:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return cos(u); }, &cg::cos_op::apply<double>));
            break;
        case op_code::tanh:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return tanh(u); }, &cg::tanh_op::apply<double>));
            break;
        case op_code::sigmoid:
            r.push_back(
                unary_operand(a, [](const tp::value<>& u) { return sigmoid(u); }, &cg::sigmoid_op::apply<double>));
            break;
        case op_code::relu:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return relu(u); }, &cg::relu_op::apply<double>));
            break;
        case op_code::square:
            r.push_back(unary_operand(a, [](const tp::value<>& u) { return square(u); }, &cg::square_op::apply<double>));
            break;
        case op_code::step:   // piecewise constant: derivative 0 (the generator does not use it)
            r.push_back(unary_operand(
                a, [](const tp::value<>& u) { return u.owner().record(cg::step_op::apply(u.data()), u, 0.0); },
                &cg::step_op::apply<double>));
            break;
        case op_code::sign:
            r.push_back(unary_operand(
                a, [](const tp::value<>& u) { return u.owner().record(cg::sign_op::apply(u.data()), u, 0.0); },
                &cg::sign_op::apply<double>));
            break;
        }
    }
    return r.back();
}

// |a - b| <= 1e-12 max(|a|, |b|), NaN only against NaN.
bool agrees(double a, double b)
{
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b);
    }
    return std::fabs(a - b) <= 1e-12 * std::fmax(std::fabs(a), std::fabs(b));
}

struct tally {
    std::set<std::type_index> types;
    int expressions = 0;
    int points = 0;
    int numbers = 0;          // values and partials compared
    int bit_identical = 0;    // equal as numbers (+0 and -0 count as equal)
    int mismatches = 0;
    double worst = 0;         // largest relative difference seen
};

// Records the program at point p on t, back-propagates, and compares with the compile-time
// engine's value and partials. Not a template: the per-expression code stays small (Boost.Test's
// macros inside the per-seed lambda doubled this file's compile time).
void compare_at(std::uint64_t seed, std::uint64_t index, const std::array<double, 3>& p, const program& prog,
                const std::array<double, 4>& compile_time, tp::tape<>& t, tally& count)
{
    t.clear();
    const tp::value<> vx = t.variable(p[0]), vy = t.variable(p[1]), vz = t.variable(p[2]);
    const operand out = record(prog, vx, vy, vz);
    if (out.on_tape) {
        out.v.backward();
    }
    const std::array<double, 4> tape{out.on_tape ? out.v.data() : out.number, vx.grad(), vy.grad(), vz.grad()};
    static constexpr const char* names[] = {"value", "d/dx", "d/dy", "d/dz"};
    ++count.points;
    for (std::size_t k = 0; k < 4; ++k) {
        ++count.numbers;
        if (compile_time[k] == tape[k]) {
            ++count.bit_identical;
        } else if (!std::isnan(compile_time[k])) {
            BOOST_TEST_MESSAGE("not bit-identical: seed " << seed << ", point " << index << ", " << names[k] << ": "
                                                          << compile_time[k] << " vs " << tape[k]);
            count.worst = std::fmax(count.worst, std::fabs(compile_time[k] - tape[k])
                                                     / std::fmax(std::fabs(compile_time[k]), std::fabs(tape[k])));
        }
        if (!agrees(compile_time[k], tape[k])) {
            ++count.mismatches;
            BOOST_ERROR("seed " << seed << ", point " << index << " (" << p[0] << ", " << p[1] << ", " << p[2]
                                << "), " << names[k] << ": compile-time " << compile_time[k] << ", tape "
                                << tape[k]);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(differential)

BOOST_AUTO_TEST_CASE(tape_gradient_equals_compile_time_gradient)
{
    using cg::testing::x;
    using cg::testing::y;
    using cg::testing::z;
    tally count;
    tp::tape<> t;
    cg::testing::for_each_seed<0, expression_count>([&](auto seed) {
        constexpr auto f = cg::testing::random_expression<seed()>();
        count.types.insert(typeid(f));
        ++count.expressions;
        program prog;
        emit(f, prog);
        for (std::uint64_t i = 0; i < points_per_expression; ++i) {
            const auto p = cg::testing::random_point(seed(), i);
            const auto g = cg::gradient(f, x = p[0], y = p[1], z = p[2]);
            compare_at(seed(), i, p, prog, {g.value(), g[x], g[y], g[z]}, t, count);
        }
    });
    // Printed whatever the log level: the counts are part of what this test reports.
    std::cout << "differential: " << count.expressions << " expressions (" << count.types.size()
              << " distinct types) x " << points_per_expression << " points = " << count.points << " points, "
              << count.numbers << " numbers compared (value + 3 partials), " << count.bit_identical
              << " equal, largest relative difference " << count.worst << ", " << count.mismatches
              << " mismatches" << std::endl;
    BOOST_TEST(count.expressions >= 200);
    BOOST_TEST(count.types.size() >= 200u);
    BOOST_TEST(count.points >= 4000);
    BOOST_TEST(count.mismatches == 0);
    // Not every number is bit-identical: a cheap stateful sub-expression written twice (u in
    // u * v + u, u holding constants) is one node on the tape but two entries of the
    // compile-time schedule, whose adjoints then reach the leaves by two products instead of
    // one of their sum (different rounding, ~1e-14 relative). The bound is 1e-12.
    BOOST_TEST(count.bit_identical >= count.numbers * 99 / 100);
}

BOOST_AUTO_TEST_SUITE_END()
