// Property test body (split over two translation units so that the build uses both cores):
// random tensor formulas (a seed picks a formula *type*, as
// tests/support/random_expression.hpp does for scalars), their compile-time gradients against
// central finite differences and against the runtime tape (tape/) evaluating the same formula
// element by element.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <typeindex>
#include <utility>

#include <constgrad/expr/functions/sigmoid.hpp>
#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/tape/exp.hpp>
#include <constgrad/tape/log.hpp>
#include <constgrad/tape/operators.hpp>
#include <constgrad/tape/sigmoid.hpp>
#include <constgrad/tape/tanh.hpp>
#include <constgrad/tape/tape.hpp>
#include <constgrad/tensor/gradient.hpp>
#include <constgrad/tensor/operators.hpp>

#include "tensor_test_support.hpp"

namespace t = constgrad::tensor;
namespace nn = constgrad::nn;

namespace tensor_property {

constexpr t::matrix<"W", 3, 3> W;
constexpr t::matrix<"U", 3, 3> U;
constexpr t::vector<"u", 3> u;
constexpr t::vector<"v", 3> v;
constexpr t::input<3> x;

constexpr constgrad::variable<"z"> z;
using swish = nn::activation<z * constgrad::sigmoid(z)>;

constexpr std::uint64_t mix(std::uint64_t s) noexcept {
    s += 0x9e3779b97f4a7c15ULL;
    s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ULL;
    s = (s ^ (s >> 27)) * 0x94d049bb133111ebULL;
    return s ^ (s >> 31);
}

inline constexpr int vocabulary = 16;

// A random vector-valued formula of depth <= Depth over the leaves above; every operation of
// tensor/ occurs. All are smooth (no relu), so finite differences apply everywhere.
template <std::uint64_t Seed, int Depth>
constexpr auto random_formula() noexcept {
    constexpr std::uint64_t h = mix(Seed);
    constexpr std::uint64_t left = mix(h ^ 0x1234567ULL), right = mix(h ^ 0x7654321ULL);
    constexpr bool leaf = Depth == 0 || (h >> 60) < static_cast<std::uint64_t>(3 - Depth);
    const double k = 0.5 + static_cast<double>(h >> 40 & 0xff) / 256.0;  // in [0.5, 1.5)
    if constexpr (leaf) {
        constexpr int pick = static_cast<int>(h % 3);
        if constexpr (pick == 0) return u;
        else if constexpr (pick == 1) return v;
        else return x;
    } else {
        constexpr int op = static_cast<int>((h >> 16) % vocabulary);
        const auto a = random_formula<left, Depth - 1>();
        const auto b = random_formula<right, Depth - 1>();
        if constexpr (op == 0) return W * a;
        else if constexpr (op == 1) return U * a + v;
        else if constexpr (op == 2) return a + b;
        else if constexpr (op == 3) return a - b;
        else if constexpr (op == 4) return a * b;
        else if constexpr (op == 5) return k * a;
        else if constexpr (op == 6) return t::sum(a) * b;
        else if constexpr (op == 7) return t::dot(a, u) * b;
        else if constexpr (op == 8) return t::apply<nn::tanh>(a);
        else if constexpr (op == 9) return t::apply<nn::sigmoid>(a);
        else if constexpr (op == 10) return t::apply<swish>(a);
        else if constexpr (op == 11) return t::softmax(a);
        else if constexpr (op == 12) return t::log_softmax(a);
        else if constexpr (op == 13) return t::concat(t::slice<0, 1>(a), t::slice<1, 3>(b));
        else if constexpr (op == 14) return 1 - a;
        else return -a;
    }
}

template <std::uint64_t Seed>
constexpr auto random_scalar_formula() noexcept {
    const auto f = random_formula<Seed, 3>();
    return t::sum(f) + t::dot(f, u);
}

// ---- the same formula on the runtime tape, element by element ----
using tv = constgrad::tape::value<double>;

struct tape_leaves {
    std::array<std::array<tv, 3>, 3> w, uu;
    std::array<tv, 3> u, v, x;
    constgrad::tape::tape<double>* tp;
};

template <std::size_t N>
using tvec = std::array<tv, N>;

inline tvec<3> tape_eval(const std::remove_cvref_t<decltype(u)>&, tape_leaves& l) { return l.u; }
inline tvec<3> tape_eval(const std::remove_cvref_t<decltype(v)>&, tape_leaves& l) { return l.v; }
inline tvec<3> tape_eval(const std::remove_cvref_t<decltype(x)>&, tape_leaves& l) { return l.x; }
inline tvec<1> tape_eval(const t::constant& c, tape_leaves& l) { return {l.tp->variable(c.value())}; }

inline const std::array<std::array<tv, 3>, 3>& tape_matrix(const std::remove_cvref_t<decltype(W)>&, tape_leaves& l) { return l.w; }
inline const std::array<std::array<tv, 3>, 3>& tape_matrix(const std::remove_cvref_t<decltype(U)>&, tape_leaves& l) { return l.uu; }

template <class Op, class... C>
auto tape_eval(const t::node<Op, C...>& n, tape_leaves& l) {
    constexpr std::size_t out = t::node<Op, C...>::shape_type::size;
    tvec<out> y;
    if constexpr (std::is_same_v<Op, t::product_op> || std::is_same_v<Op, t::affine_op>) {
        const auto& m = tape_matrix(n.a, l);
        const auto a = tape_eval(n.b, l);
        for (std::size_t o = 0; o < out; ++o) {
            tv s = m[o][0] * a[0];
            for (std::size_t i = 1; i < a.size(); ++i) s = s + m[o][i] * a[i];
            if constexpr (std::is_same_v<Op, t::affine_op>) s = s + tape_eval(n.c, l)[o];
            y[o] = s;
        }
    } else if constexpr (sizeof...(C) == 2) {
        const auto a = tape_eval(n.a, l);
        const auto b = tape_eval(n.b, l);
        if constexpr (std::is_same_v<Op, t::dot_op>) {
            tv s = a[0] * b[0];
            for (std::size_t k = 1; k < a.size(); ++k) s = s + a[k] * b[k];
            y[0] = s;
        } else if constexpr (std::is_same_v<Op, t::concat_op>) {
            for (std::size_t k = 0; k < a.size(); ++k) y[k] = a[k];
            for (std::size_t k = 0; k < b.size(); ++k) y[a.size() + k] = b[k];
        } else {
            for (std::size_t k = 0; k < out; ++k) {
                const tv& p = a[a.size() == 1 ? 0 : k];
                const tv& q = b[b.size() == 1 ? 0 : k];
                if constexpr (std::is_same_v<Op, t::elementwise_op<t::elementwise_kind::add>>) y[k] = p + q;
                else if constexpr (std::is_same_v<Op, t::elementwise_op<t::elementwise_kind::subtract>>) y[k] = p - q;
                else y[k] = p * q;
            }
        }
    } else {
        const auto a = tape_eval(n.a, l);
        if constexpr (std::is_same_v<Op, t::sum_op>) {
            tv s = a[0];
            for (std::size_t k = 1; k < a.size(); ++k) s = s + a[k];
            y[0] = s;
        } else if constexpr (std::is_same_v<Op, t::apply_op<nn::tanh>>) {
            for (std::size_t k = 0; k < out; ++k) y[k] = constgrad::tape::tanh(a[k]);
        } else if constexpr (std::is_same_v<Op, t::apply_op<nn::sigmoid>>) {
            for (std::size_t k = 0; k < out; ++k) y[k] = constgrad::tape::sigmoid(a[k]);
        } else if constexpr (std::is_same_v<Op, t::apply_op<swish>>) {
            for (std::size_t k = 0; k < out; ++k) y[k] = a[k] * constgrad::tape::sigmoid(a[k]);
        } else if constexpr (std::is_same_v<Op, t::softmax_op> || std::is_same_v<Op, t::log_softmax_op>) {
            double m = a[0].data();  // a constant shift: it changes no gradient
            for (const tv& e : a) m = std::max(m, e.data());
            tvec<out> ex;
            for (std::size_t k = 0; k < out; ++k) ex[k] = constgrad::tape::exp(a[k] - m);
            tv s = ex[0];
            for (std::size_t k = 1; k < out; ++k) s = s + ex[k];
            if constexpr (std::is_same_v<Op, t::softmax_op>) {
                for (std::size_t k = 0; k < out; ++k) y[k] = ex[k] / s;
            } else {
                const tv shift = constgrad::tape::log(s) + m;
                for (std::size_t k = 0; k < out; ++k) y[k] = a[k] - shift;
            }
        } else {  // slice
            [&]<std::size_t B, std::size_t E>(t::slice_op<B, E>*) {
                for (std::size_t k = 0; k < out; ++k) y[k] = a[B + k];
            }(static_cast<Op*>(nullptr));
        }
    }
    return y;
}

// The operation types a formula uses (to check that the seeds cover the whole vocabulary).
template <class N>
void collect_operations(const N&, std::set<std::type_index>&) {}
template <class Op, class... C>
void collect_operations(const t::node<Op, C...>& n, std::set<std::type_index>& ops) {
    ops.insert(typeid(Op));
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (collect_operations(t::detail::child<K>(n), ops), ...);
    }(std::index_sequence_for<C...>{});
}

struct values {
    std::array<std::array<double, 3>, 3> w, uu;
    std::array<double, 3> u, v, x;
};

template <class F>
double worst_tape_error(const F& f, const values& p) {
    constgrad::tape::tape<double> tp;
    tape_leaves l{};
    l.tp = &tp;
    for (std::size_t o = 0; o < 3; ++o)
        for (std::size_t i = 0; i < 3; ++i) {
            l.w[o][i] = tp.variable(p.w[o][i]);
            l.uu[o][i] = tp.variable(p.uu[o][i]);
        }
    for (std::size_t k = 0; k < 3; ++k) {
        l.u[k] = tp.variable(p.u[k]);
        l.v[k] = tp.variable(p.v[k]);
        l.x[k] = tp.variable(p.x[k]);
    }
    const tv out = tape_eval(f, l)[0];
    out.backward();
    const auto g = t::gradient(f, W = p.w, U = p.uu, u = p.u, v = p.v, x = p.x);
    using leaves = typename t::schedule<F>::leaves;
    // The two engines sum in other orders (kernels::affine at run time) and compute sigmoid
    // and exp through the same functions: agreement to a few hundred ulp of the gradient's
    // scale, 1e-12·(1 + |g|), is what rounding allows for these shallow formulas.
    double worst = std::abs(out.data() - g.value) / (1 + std::abs(g.value));
    const auto compare = [&](const auto& analytic, const auto& tape_side) {
        for (std::size_t k = 0; k < analytic.size(); ++k)
            worst = std::max(worst, std::abs(analytic[k] - tape_side[k].grad()) / (1 + std::abs(analytic[k])));
    };
    if constexpr (constgrad::detail::contains_v<std::remove_cvref_t<decltype(W)>, leaves>)
        for (std::size_t o = 0; o < 3; ++o) compare(g[W][o], l.w[o]);
    if constexpr (constgrad::detail::contains_v<std::remove_cvref_t<decltype(U)>, leaves>)
        for (std::size_t o = 0; o < 3; ++o) compare(g[U][o], l.uu[o]);
    compare(g[u], l.u);
    if constexpr (constgrad::detail::contains_v<std::remove_cvref_t<decltype(v)>, leaves>) compare(g[v], l.v);
    if constexpr (constgrad::detail::contains_v<std::remove_cvref_t<decltype(x)>, leaves>) compare(g[x], l.x);
    return worst;
}

/// What the seeds [Begin, End) found.
struct tally {
    std::set<std::type_index> types, operations;
    double worst_fd = 0, worst_tape = 0;
};

template <std::size_t Begin, std::size_t End>
void check_seeds(tally& out) {
    constexpr std::uint64_t points = 4;
    [&]<std::size_t... S>(std::index_sequence<S...>) {
        (
            [&] {
                constexpr auto f = random_scalar_formula<Begin + S>();
                out.types.insert(typeid(f));
                collect_operations(f, out.operations);
                for (std::uint64_t i = 0; i < points; ++i) {
                    values p{};
                    tensor_test::numbers r{(Begin + S) * 1000 + i};
                    r.fill(p.w);
                    r.fill(p.uu);
                    r.fill(p.u);
                    r.fill(p.v);
                    r.fill(p.x);
                    out.worst_fd = std::max(out.worst_fd, tensor_test::worst_gradient_error(
                                                              f, tensor_test::bind(W, p.w), tensor_test::bind(U, p.uu),
                                                              tensor_test::bind(u, p.u), tensor_test::bind(v, p.v),
                                                              tensor_test::bind(x, p.x)));
                    out.worst_tape = std::max(out.worst_tape, worst_tape_error(f, p));
                }
            }(),
            ...);
    }(std::make_index_sequence<End - Begin>{});
}

void check_part_0(tally& out);  // seeds [0, 24), property_part_0.cpp
void check_part_1(tally& out);  // seeds [24, 48), property_part_1.cpp

}  // namespace tensor_property
