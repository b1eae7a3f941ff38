// Formula suite: the time of a gradient divided by the time of the function, for constgrad's
// compile-time reverse mode, the runtime tape and a hand-derived gradient.
//
// Each formula is written once, generically, and instantiated three ways: with constgrad
// variables (an expression type: cg::evaluate / cg::gradient), with tape values (recorded,
// then backward()), and with doubles (the plain function, the denominator of every ratio).
// The hand-derived gradient is written out separately, the way one derives it on paper and
// shares the intermediate values. Before anything is timed, all three gradients are compared
// with each other at every benchmark point and with the oracle values of
// shared/oracles/README.md; a mismatch aborts.
//
// Benchmarks: formula/<name>/<engine>/<function|gradient>, time per point (each iteration
// evaluates 256 points through a non-inlined function, so loop overhead and constant folding
// stay out of the numbers).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <constgrad/constgrad.hpp>
#include <constgrad/tape/cos.hpp>
#include <constgrad/tape/exp.hpp>
#include <constgrad/tape/log.hpp>
#include <constgrad/tape/operators.hpp>
#include <constgrad/tape/pow.hpp>
#include <constgrad/tape/relu.hpp>
#include <constgrad/tape/sigmoid.hpp>
#include <constgrad/tape/sin.hpp>
#include <constgrad/tape/sqrt.hpp>
#include <constgrad/tape/square.hpp>
#include <constgrad/tape/tanh.hpp>
#include <constgrad/tape/tape.hpp>
#include <constgrad/tape/value.hpp>

#include "../support/allocation_counter.hpp"

namespace cg = constgrad;
namespace tp = constgrad::tape;

namespace constgrad_bench::formulas {

// The functions of the formulas on doubles. Unqualified calls in the generic formulas find
// these for doubles, and constgrad's or the tape's by argument-dependent lookup otherwise.
inline double relu(double z) { return z > 0 ? z : 0.0; }
inline double square(double z) { return z * z; }
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
inline double tanh(double z) { return std::tanh(z); }
inline double exp(double z) { return std::exp(z); }
inline double log(double z) { return std::log(z); }
inline double sqrt(double z) { return std::sqrt(z); }
inline double sin(double z) { return std::sin(z); }
inline double cos(double z) { return std::cos(z); }
inline double pow(double z, double e) { return std::pow(z, e); }

/// The integer K: a type-level literal in a constgrad formula, a number elsewhere.
template <long long K, class V>
constexpr auto lit(const V&) {
    if constexpr (cg::Expression<V>) return cg::c<K>;
    else return static_cast<double>(K);
}

/// base^N: a type-level exponent in a constgrad formula (pow<N>), pow(base, N) elsewhere.
template <long long N, class V>
constexpr auto ipow(const V& base) {
    if constexpr (cg::Expression<V>) return cg::pow<N>(base);
    else return pow(base, static_cast<int>(N));
}

// ---- the formulas --------------------------------------------------------------------------

/// The seed's f(x) = 3x^2 + 4x.
struct seed {
    static constexpr const char* name = "seed_3x2_4x";
    static constexpr std::size_t arity = 1;
    static constexpr double low = -3, high = 3;
    template <class X>
    static constexpr auto f(const X& x) {
        return 3 * x * x + 4 * x;
    }
    static double hand_gradient(const double* v, double* g) {
        const double x = v[0];
        g[0] = 6 * x + 4;
        return (3 * x + 4) * x;
    }
    static constexpr std::array<double, 1> oracle_point{2.0};
    static constexpr std::array<double, 2> oracle{20.0, 16.0};  // f, df/dx
};

/// Shared sub-expressions (oracles: y(-4) = -20, dy/dx = 46).
struct shared_expression {
    static constexpr const char* name = "shared_expression";
    static constexpr std::size_t arity = 1;
    static constexpr double low = -3, high = 2;
    template <class X>
    static constexpr auto f(const X& x) {
        const auto z = 2 * x + 2 + x;
        const auto q = relu(z) + z * x;
        const auto h = relu(z * z);
        return h + q + q * x;
    }
    static double hand_gradient(const double* v, double* g) {
        const double x = v[0];
        const double z = 3 * x + 2;
        const double q = relu(z) + z * x;
        const double zz = z * z;
        const double h = relu(zz);
        const double dq_dz = (z > 0 ? 1.0 : 0.0) + x;  // q = relu(z) + z x
        const double dh_dz = zz > 0 ? 2 * z : 0.0;      // h = relu(z^2)
        // y = h + q + q x: dy/dq = 1 + x, dy/dh = 1, and q x adds q directly.
        g[0] = q + (1 + x) * (z + dq_dz * 3) + dh_dz * 3;
        return h + q + q * x;
    }
    static constexpr std::array<double, 1> oracle_point{-4.0};
    static constexpr std::array<double, 2> oracle{-20.0, 46.0};
};

/// The deep shared expression (oracles: g(-4, 2) = 2421/98, dg/da = 47620/343, dg/db = 221433/343).
struct deep_expression {
    static constexpr const char* name = "deep_expression";
    static constexpr std::size_t arity = 2;
    static constexpr double low = -2, high = 2;
    template <class A, class B>
    static constexpr auto f(const A& a, const B& b) {
        const auto c1 = a + b;
        const auto c2 = c1 + (c1 + 1);
        const auto c3 = c2 + (1 + c2 + (-a));
        const auto d1 = a * b + pow(b, 3);
        const auto d2 = d1 + (d1 * 2 + relu(b + a));
        const auto d3 = d2 + (3 * d2 + relu(b - a));
        const auto e = c3 - d3;
        const auto ff = pow(e, 2);
        const auto g1 = ff / 2;
        return g1 + 10 / ff;
    }
    static double hand_gradient(const double* v, double* g) {
        const double a = v[0], b = v[1];
        const double c3 = 2 * (2 * (a + b) + 1) + 1 - a;
        const double d1 = a * b + std::pow(b, 3);
        const double r1 = b + a > 0 ? 1.0 : 0.0, r2 = b - a > 0 ? 1.0 : 0.0;
        const double d2 = 3 * d1 + relu(b + a);
        const double d3 = 4 * d2 + relu(b - a);
        const double e = c3 - d3;
        const double ff = std::pow(e, 2);
        const double dg_de = (0.5 - 10 / (ff * ff)) * 2 * e;
        const double dd2_da = 3 * b + r1, dd2_db = 3 * (a + 3 * b * b) + r1;
        g[0] = dg_de * (3 - (4 * dd2_da - r2));  // dc3/da = 3
        g[1] = dg_de * (4 - (4 * dd2_db + r2));  // dc3/db = 4
        return ff / 2 + 10 / ff;
    }
    static constexpr std::array<double, 2> oracle_point{-4.0, 2.0};
    static constexpr std::array<double, 3> oracle{2421.0 / 98, 47620.0 / 343, 221433.0 / 343};
};

/// The shared expression with its integers written as type-level literals (c<2>): every
/// node is stateless, so equal sub-expressions are one node by type identity, found at
/// compile time. Same values and oracles as shared_expression.
struct shared_expression_literals : shared_expression {
    static constexpr const char* name = "shared_expression_literals";
    template <class X>
    static constexpr auto f(const X& x) {
        const auto z = lit<2>(x) * x + lit<2>(x) + x;
        const auto q = relu(z) + z * x;
        const auto h = relu(z * z);
        return h + q + q * x;
    }
};

/// The deep expression with type-level literals and exponents (c<N>, pow<N>).
struct deep_expression_literals : deep_expression {
    static constexpr const char* name = "deep_expression_literals";
    template <class A, class B>
    static constexpr auto f(const A& a, const B& b) {
        const auto c1 = a + b;
        const auto c2 = c1 + (c1 + lit<1>(a));
        const auto c3 = c2 + (lit<1>(a) + c2 + (-a));
        const auto d1 = a * b + ipow<3>(b);
        const auto d2 = d1 + (d1 * lit<2>(a) + relu(b + a));
        const auto d3 = d2 + (lit<3>(a) * d2 + relu(b - a));
        const auto e = c3 - d3;
        const auto ff = ipow<2>(e);
        const auto g1 = ff / lit<2>(a);
        return g1 + lit<10>(a) / ff;
    }
};

/// A 100-term sum, f(x, y) = sum_{k=1..100} tanh(k x + y), summed as a balanced tree (a
/// chain of 100 binary nodes is what DESIGN.md warns against).
struct sum_100 {
    static constexpr const char* name = "sum_100_terms";
    static constexpr std::size_t arity = 2;
    static constexpr double low = -0.05, high = 0.05;
    template <std::size_t Lo, std::size_t Hi, class X, class Y>
    static constexpr auto range(const X& x, const Y& y) {
        if constexpr (Hi - Lo == 1) return tanh(lit<static_cast<long long>(Lo) + 1>(x) * x + y);
        else return range<Lo, (Lo + Hi) / 2>(x, y) + range<(Lo + Hi) / 2, Hi>(x, y);
    }
    template <class X, class Y>
    static constexpr auto f(const X& x, const Y& y) {
        return range<0, 100>(x, y);
    }
    static double hand_gradient(const double* v, double* g) {
        double value = 0, gx = 0, gy = 0;
        for (int k = 1; k <= 100; ++k) {
            const double t = std::tanh(k * v[0] + v[1]);
            const double d = 1 - t * t;
            value += t;
            gx += k * d;
            gy += d;
        }
        g[0] = gx;
        g[1] = gy;
        return value;
    }
    static constexpr std::array<double, 2> oracle_point{0.0, 0.0};
    static constexpr std::array<double, 3> oracle{0.0, 5050.0, 100.0};  // tanh(0) = 0, tanh'(0) = 1
};

/// A mixed elementary formula.
struct mixed {
    static constexpr const char* name = "mixed_elementary";
    static constexpr std::size_t arity = 2;
    static constexpr double low = -1.5, high = 1.5;
    template <class X, class Y>
    static constexpr auto f(const X& x, const Y& y) {
        return exp(sin(x) * y) / (1 + square(x)) + log(1 + square(y)) * sqrt(square(x) + 1) + sigmoid(x * y) -
               cos(x - y);
    }
    static double hand_gradient(const double* v, double* g) {
        const double x = v[0], y = v[1];
        const double s = std::sin(x), e = std::exp(s * y), d = 1 + x * x, a = e / d;
        const double l = std::log(1 + y * y), r = std::sqrt(x * x + 1);
        const double sg = sigmoid(x * y), ds = sg * (1 - sg);
        const double sd = std::sin(x - y);
        g[0] = a * y * std::cos(x) - a * 2 * x / d + l * x / r + ds * y + sd;
        g[1] = a * s + 2 * y / (1 + y * y) * r + ds * x - sd;
        return a + l * r + sg - std::cos(x - y);
    }
    // f(0, 0) = 1 + 0 + 1/2 - 1; df/dx = 0 + 0 + 0 + sin(0) = 0; df/dy = sin(0)... = 0.
    static constexpr std::array<double, 2> oracle_point{0.0, 0.0};
    static constexpr std::array<double, 3> oracle{0.5, 0.0, 0.0};
};

/// The oracle tanh neuron o = tanh(x1 w1 + x2 w2 + b).
struct neuron {
    static constexpr const char* name = "tanh_neuron";
    static constexpr std::size_t arity = 5;
    static constexpr double low = -1, high = 1;
    template <class X1, class X2, class W1, class W2, class B>
    static constexpr auto f(const X1& x1, const X2& x2, const W1& w1, const W2& w2, const B& b) {
        return tanh(x1 * w1 + x2 * w2 + b);
    }
    static double hand_gradient(const double* v, double* g) {
        const double o = std::tanh(v[0] * v[2] + v[1] * v[3] + v[4]);
        const double t = 1 - o * o;
        g[0] = v[2] * t;
        g[1] = v[3] * t;
        g[2] = v[0] * t;
        g[3] = v[1] * t;
        g[4] = t;
        return o;
    }
    static constexpr std::array<double, 5> oracle_point{2.0, 0.0, -3.0, 1.0, 6.8813735870195432};
    static constexpr std::array<double, 6> oracle{0.70710678118654768, -1.5, 0.5, 1.0, 0.0, 0.5};
};

// ---- the three engines ---------------------------------------------------------------------

inline constexpr cg::variable<"v0"> v0;
inline constexpr cg::variable<"v1"> v1;
inline constexpr cg::variable<"v2"> v2;
inline constexpr cg::variable<"v3"> v3;
inline constexpr cg::variable<"v4"> v4;
inline constexpr auto variables = std::make_tuple(v0, v1, v2, v3, v4);

/// The formula as a constgrad expression of v0, v1, ...
template <class F>
constexpr auto expression() {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return F::f(std::get<K>(variables)...);
    }(std::make_index_sequence<F::arity>{});
}

/// The gradient of the expression at p (g[0..arity-1]); returns the value.
template <class F>
double constgrad_gradient(const double* p, double* g) {
    static constexpr auto e = expression<F>();
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        const auto r = cg::gradient(e, (std::get<K>(variables) = p[K])...);
        ((g[K] = r[std::get<K>(variables)]), ...);
        return r.value();
    }(std::make_index_sequence<F::arity>{});
}

template <class F>
double constgrad_function(const double* p) {
    static constexpr auto e = expression<F>();
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return cg::evaluate(e, (std::get<K>(variables) = p[K])...);
    }(std::make_index_sequence<F::arity>{});
}

template <class F>
double plain_function(const double* p) {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return static_cast<double>(F::f(p[K]...));
    }(std::make_index_sequence<F::arity>{});
}

template <class F>
double tape_gradient(tp::tape<double>& t, const double* p, double* g) {
    t.clear();
    std::array<tp::value<double>, F::arity> x;
    for (std::size_t k = 0; k < F::arity; ++k) x[k] = t.variable(p[k]);
    const tp::value<double> y = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return F::f(x[K]...);
    }(std::make_index_sequence<F::arity>{});
    y.backward();
    for (std::size_t k = 0; k < F::arity; ++k) g[k] = x[k].grad();
    return y.data();
}

// ---- the timed loops: 256 points per call, through non-inlined functions ------------------

inline constexpr std::size_t points = 256;

template <class F>
struct point_set {
    std::vector<double> p;  // points * arity coordinates
    std::vector<double> g;  // points * arity partials
    std::vector<double> value;

    static point_set& get() {
        static point_set s = [] {
            point_set r;
            std::uint64_t state = 0x5eed0000u + F::arity * 97 + std::char_traits<char>::length(F::name);
            auto next = [&] {
                std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
                z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
                z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
                return z ^ (z >> 31);
            };
            for (std::size_t k = 0; k < points * F::arity; ++k)
                r.p.push_back(F::low + (F::high - F::low) * static_cast<double>(next() >> 11) * 0x1.0p-53);
            r.g.resize(points * F::arity);
            r.value.resize(points);
            return r;
        }();
        return s;
    }
};

template <class F>
[[gnu::noinline]] void run_plain(point_set<F>& s) {
    for (std::size_t i = 0; i < points; ++i) s.value[i] = plain_function<F>(&s.p[i * F::arity]);
}
template <class F>
[[gnu::noinline]] void run_constgrad_function(point_set<F>& s) {
    for (std::size_t i = 0; i < points; ++i) s.value[i] = constgrad_function<F>(&s.p[i * F::arity]);
}
template <class F>
[[gnu::noinline]] void run_constgrad_gradient(point_set<F>& s) {
    for (std::size_t i = 0; i < points; ++i)
        s.value[i] = constgrad_gradient<F>(&s.p[i * F::arity], &s.g[i * F::arity]);
}
template <class F>
[[gnu::noinline]] void run_hand_gradient(point_set<F>& s) {
    for (std::size_t i = 0; i < points; ++i) s.value[i] = F::hand_gradient(&s.p[i * F::arity], &s.g[i * F::arity]);
}
template <class F>
[[gnu::noinline]] void run_tape_gradient(point_set<F>& s, tp::tape<double>& t) {
    for (std::size_t i = 0; i < points; ++i)
        s.value[i] = tape_gradient<F>(t, &s.p[i * F::arity], &s.g[i * F::arity]);
}

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "constgrad formula benchmark: %s\n", message.c_str());
    std::abort();
}

bool close(double a, double b, double scale) {
    return std::isfinite(a) && std::fabs(a - b) <= 1e-12 * std::max(1.0, scale);
}

/// Every engine agrees with the hand-derived gradient at every point, and with the oracles.
template <class F>
[[gnu::cold]] void verify() {
    static bool done = false;
    if (done) return;
    point_set<F>& s = point_set<F>::get();
    tp::tape<double> t;
    for (std::size_t i = 0; i < points; ++i) {
        const double* p = &s.p[i * F::arity];
        std::array<double, F::arity> gh{}, gc{}, gt{};
        const double vh = F::hand_gradient(p, gh.data());
        const double vc = constgrad_gradient<F>(p, gc.data());
        const double vt = tape_gradient<F>(t, p, gt.data());
        const double vp = plain_function<F>(p);
        const double ve = constgrad_function<F>(p);
        double scale = std::fabs(vh);
        for (double x : gh) scale = std::max(scale, std::fabs(x));
        bool ok = close(vc, vh, scale) && close(vt, vh, scale) && close(vp, vh, scale) && close(ve, vh, scale);
        for (std::size_t k = 0; k < F::arity; ++k) ok = ok && close(gc[k], gh[k], scale) && close(gt[k], gh[k], scale);
        if (!ok)
            fail(std::string(F::name) + ": the engines disagree at point " + std::to_string(i) + " (hand " +
                 std::to_string(vh) + ", constgrad " + std::to_string(vc) + ", tape " + std::to_string(vt) + ")");
    }
    std::array<double, F::arity> g{};
    const double v = constgrad_gradient<F>(F::oracle_point.data(), g.data());
    bool ok = close(v, F::oracle[0], std::fabs(F::oracle[0]));
    for (std::size_t k = 0; k < F::arity; ++k) ok = ok && close(g[k], F::oracle[k + 1], std::fabs(F::oracle[k + 1]));
    const double vh = F::hand_gradient(F::oracle_point.data(), g.data());
    ok = ok && close(vh, F::oracle[0], std::fabs(F::oracle[0]));
    for (std::size_t k = 0; k < F::arity; ++k) ok = ok && close(g[k], F::oracle[k + 1], std::fabs(F::oracle[k + 1]));
    if (!ok) fail(std::string(F::name) + ": the oracle values are not reproduced");
    done = true;
}

template <class F, class Run>
void timed(benchmark::State& state, Run run) {
    verify<F>();
    point_set<F>& s = point_set<F>::get();
    run(s);  // warm-up (the tape grows its storage once)
    for (auto _ : state) {
        run(s);
        benchmark::ClobberMemory();
    }
    // Allocations per evaluation, counted over 4 more calls outside the timed loop.
    const std::size_t news = new_calls(), mallocs = malloc_calls();
    for (int k = 0; k < 4; ++k) run(s);
    const double evaluations = 4.0 * points;
    // Read both before the counters map allocates its entries.
    const std::size_t new_count = new_calls() - news, malloc_count = malloc_calls() - mallocs;
    state.counters["new_per_eval"] = static_cast<double>(new_count) / evaluations;
    state.counters["malloc_per_eval"] = static_cast<double>(malloc_count) / evaluations;
    state.counters["points"] = static_cast<double>(points);
    state.SetItemsProcessed(state.iterations() * static_cast<benchmark::IterationCount>(points));
    double sum = 0;
    for (double x : s.value) sum += x;
    benchmark::DoNotOptimize(sum);
}

template <class F>
void register_formula() {
    const std::string base = std::string("formula/") + F::name + "/";
    benchmark::RegisterBenchmark((base + "hand/function").c_str(),
                                 [](benchmark::State& st) { timed<F>(st, [](point_set<F>& s) { run_plain<F>(s); }); });
    benchmark::RegisterBenchmark((base + "hand/gradient").c_str(), [](benchmark::State& st) {
        timed<F>(st, [](point_set<F>& s) { run_hand_gradient<F>(s); });
    });
    benchmark::RegisterBenchmark((base + "constgrad/function").c_str(), [](benchmark::State& st) {
        timed<F>(st, [](point_set<F>& s) { run_constgrad_function<F>(s); });
    });
    benchmark::RegisterBenchmark((base + "constgrad/gradient").c_str(), [](benchmark::State& st) {
        timed<F>(st, [](point_set<F>& s) { run_constgrad_gradient<F>(s); });
    });
    benchmark::RegisterBenchmark((base + "tape/gradient").c_str(), [](benchmark::State& st) {
        tp::tape<double> t;
        timed<F>(st, [&](point_set<F>& s) { run_tape_gradient<F>(s, t); });
    });
}

}  // namespace constgrad_bench::formulas

int main(int argc, char** argv) {
    using namespace constgrad_bench::formulas;
    register_formula<seed>();
    register_formula<shared_expression>();
    register_formula<deep_expression>();
    register_formula<shared_expression_literals>();
    register_formula<deep_expression_literals>();
    register_formula<sum_100>();
    register_formula<mixed>();
    register_formula<neuron>();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
