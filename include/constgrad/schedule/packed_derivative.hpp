// packed_value_and_derivative(f, z): f and df/dz of a one-variable formula, a pack of z at once.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/detail/type_list.hpp"
#include "../expr/arithmetic.hpp"
#include "../expr/binary.hpp"
#include "../expr/constant.hpp"
#include "../expr/functions/abs.hpp"
#include "../expr/functions/exp.hpp"
#include "../expr/functions/leaky_relu.hpp"
#include "../expr/functions/log.hpp"
#include "../expr/functions/relu.hpp"
#include "../expr/functions/sigmoid.hpp"
#include "../expr/functions/sign.hpp"
#include "../expr/functions/square.hpp"
#include "../expr/functions/step.hpp"
#include "../expr/functions/tanh.hpp"
#include "../expr/literal.hpp"
#include "../expr/unary.hpp"
#include "../expr/variable.hpp"
#include "../kernels/math/exp.hpp"
#include "../kernels/math/log.hpp"
#include "../kernels/math/sigmoid.hpp"
#include "../kernels/math/tanh.hpp"
#include "../kernels/pack.hpp"
#include "../rules/derivative.hpp"

// A layer applies its activation to a whole vector of pre-activations and needs act and act'
// of each. The scalar sweep (schedule/sweep.hpp) does that one element at a time through
// constgrad::math, i.e. libm at run time: a call per element that no compiler vectorises.
// Here the same formula is evaluated on kernels::pack<T> values (or on plain T for the loop
// tail, with bit-identical results), with the run-time kernels of kernels/math for tanh,
// sigmoid, exp and log and selects for the piecewise functions (relu, step, abs, sign,
// leaky_relu, leaky_step). The derivative is taken in forward mode, which for a function of
// one variable costs what the reverse sweep costs, and each node's local derivative is
// rule<Op> of rules/ evaluated on packs: no derivative is written twice. A formula with an
// operation outside that set (sin, cos, pow, sqrt) is not packable and its layer keeps the
// scalar sweep.
namespace constgrad::detail {

template <class Op>
inline constexpr bool packed_op_v = false;
template <> inline constexpr bool packed_op_v<add_op> = true;
template <> inline constexpr bool packed_op_v<subtract_op> = true;
template <> inline constexpr bool packed_op_v<multiply_op> = true;
template <> inline constexpr bool packed_op_v<divide_op> = true;
template <> inline constexpr bool packed_op_v<negate_op> = true;
template <> inline constexpr bool packed_op_v<square_op> = true;
template <> inline constexpr bool packed_op_v<relu_op> = true;
template <> inline constexpr bool packed_op_v<step_op> = true;
template <> inline constexpr bool packed_op_v<abs_op> = true;
template <> inline constexpr bool packed_op_v<sign_op> = true;
template <> inline constexpr bool packed_op_v<tanh_op> = true;
template <> inline constexpr bool packed_op_v<sigmoid_op> = true;
template <> inline constexpr bool packed_op_v<exp_op> = true;
template <> inline constexpr bool packed_op_v<log_op> = true;
template <> inline constexpr bool packed_op_v<leaky_relu_op> = true;
template <> inline constexpr bool packed_op_v<leaky_step_op> = true;

/// Whether every operation of F (and of the rules of its derivative) has a packed form.
template <class F>
inline constexpr bool packable_formula_v = false;
template <fixed_string Name>
inline constexpr bool packable_formula_v<variable<Name>> = true;
template <long long N>
inline constexpr bool packable_formula_v<literal<N>> = true;
template <>
inline constexpr bool packable_formula_v<constant> = true;
template <class Op, class A>
inline constexpr bool packable_formula_v<unary<Op, A>> = packed_op_v<Op> && packable_formula_v<A>;
template <class Op, class L, class R>
inline constexpr bool packable_formula_v<binary<Op, L, R>> =
    packed_op_v<Op> && packable_formula_v<L> && packable_formula_v<R>;

// A V (a pack or a plain float/double) with every lane x: a literal's integer or a constant's
// double, converted to V's element type, through the kernels' own splat.
template <class V, class X>
[[gnu::always_inline]] inline V splat(X x) noexcept {
    return kernels::detail::splat<V>(static_cast<kernels::detail::scalar_t<V>>(x));
}

template <class Op>
struct packed_apply {
    // + - * / negate square: their apply() is written for any T with those operators.
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return Op::apply(a); }
    template <class V>
    [[gnu::always_inline]] static V binary(V a, V b) noexcept { return Op::apply(a, b); }
};
// The selects below treat NaN and -0 as relu_op, step_op, abs_op, sign_op, leaky_relu_op and
// leaky_step_op do.
template <>
struct packed_apply<relu_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return a < splat<V>(0) ? splat<V>(0) : a; }
};
template <>
struct packed_apply<step_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return a > splat<V>(0) ? splat<V>(1) : splat<V>(0); }
};
template <>
struct packed_apply<abs_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return a < splat<V>(0) ? -a : a; }
};
template <>
struct packed_apply<sign_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept {
        return a > splat<V>(0) ? splat<V>(1) : (a < splat<V>(0) ? splat<V>(-1) : splat<V>(0));
    }
};
template <>
struct packed_apply<leaky_relu_op> {
    template <class V>
    [[gnu::always_inline]] static V binary(V a, V slope) noexcept { return a > splat<V>(0) ? a : slope * a; }
};
template <>
struct packed_apply<leaky_step_op> {
    template <class V>
    [[gnu::always_inline]] static V binary(V a, V slope) noexcept { return a > splat<V>(0) ? splat<V>(1) : slope; }
};
template <>
struct packed_apply<tanh_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return kernels::tanh(a); }
};
template <>
struct packed_apply<sigmoid_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return kernels::sigmoid(a); }
};
template <>
struct packed_apply<exp_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return kernels::exp(a); }
};
template <>
struct packed_apply<log_op> {
    template <class V>
    [[gnu::always_inline]] static V unary(V a) noexcept { return kernels::log(a); }
};

// The values of the rule stand-ins $a, $b, $r (and of the formula's variable, under any name).
template <class V>
struct packed_slots {
    V a, b, r;
};

// Declared first: the overloads call each other for children of any kind.
template <class V, fixed_string Name>
V packed_eval(const variable<Name>&, const packed_slots<V>& s) noexcept;
template <class V, long long N>
V packed_eval(const literal<N>&, const packed_slots<V>&) noexcept;
template <class V>
V packed_eval(const constant& c, const packed_slots<V>&) noexcept;
template <class V, class Op, class A>
V packed_eval(const unary<Op, A>& n, const packed_slots<V>& s) noexcept;
template <class V, class Op, class L, class R>
V packed_eval(const binary<Op, L, R>& n, const packed_slots<V>& s) noexcept;

template <class V, fixed_string Name>
[[gnu::always_inline]] inline V packed_eval(const variable<Name>&, const packed_slots<V>& s) noexcept {
    if constexpr (Name.equals("$b"))
        return s.b;
    else if constexpr (Name.equals("$r"))
        return s.r;
    else
        return s.a;
}
template <class V, long long N>
[[gnu::always_inline]] inline V packed_eval(const literal<N>&, const packed_slots<V>&) noexcept {
    return splat<V>(N);
}
template <class V>
[[gnu::always_inline]] inline V packed_eval(const constant& c, const packed_slots<V>&) noexcept {
    return splat<V>(c.value);
}
template <class V, class Op, class A>
[[gnu::always_inline]] inline V packed_eval(const unary<Op, A>& n, const packed_slots<V>& s) noexcept {
    return packed_apply<Op>::unary(packed_eval<V>(n.arg, s));
}
template <class V, class Op, class L, class R>
[[gnu::always_inline]] inline V packed_eval(const binary<Op, L, R>& n, const packed_slots<V>& s) noexcept {
    return packed_apply<Op>::binary(packed_eval<V>(n.lhs, s), packed_eval<V>(n.rhs, s));
}

/// A value and its derivative with respect to the formula's one variable.
template <class V>
struct packed_dual {
    V value, slope;
};

template <class V, fixed_string Name>
packed_dual<V> packed_forward(const variable<Name>&, V z) noexcept;
template <class V, long long N>
packed_dual<V> packed_forward(const literal<N>& n, V) noexcept;
template <class V>
packed_dual<V> packed_forward(const constant& n, V) noexcept;
template <class V, class Op, class A>
packed_dual<V> packed_forward(const unary<Op, A>& n, V z) noexcept;
template <class V, class Op, class L, class R>
packed_dual<V> packed_forward(const binary<Op, L, R>& n, V z) noexcept;

template <class V, fixed_string Name>
[[gnu::always_inline]] inline packed_dual<V> packed_forward(const variable<Name>&, V z) noexcept {
    return {z, splat<V>(1)};
}
template <class V, long long N>
[[gnu::always_inline]] inline packed_dual<V> packed_forward(const literal<N>& n, V) noexcept {
    return {packed_eval<V>(n, {}), splat<V>(0)};
}
template <class V>
[[gnu::always_inline]] inline packed_dual<V> packed_forward(const constant& n, V) noexcept {
    return {splat<V>(n.value), splat<V>(0)};
}
template <class V, class Op, class A>
[[gnu::always_inline]] inline packed_dual<V> packed_forward(const unary<Op, A>& n, V z) noexcept {
    const packed_dual<V> a = packed_forward<V>(n.arg, z);
    const V r = packed_apply<Op>::unary(a.value);
    if constexpr (!has_variables_v<A>)
        return {r, splat<V>(0)};
    else
        return {r, packed_eval<V>(rule<Op>::partial(variable<"$a">{}, variable<"$r">{}),
                                  {a.value, a.value, r}) * a.slope};
}
template <class V, class Op, class L, class R>
[[gnu::always_inline]] inline packed_dual<V> packed_forward(const binary<Op, L, R>& n, V z) noexcept {
    const packed_dual<V> l = packed_forward<V>(n.lhs, z);
    const packed_dual<V> r = packed_forward<V>(n.rhs, z);
    const V value = packed_apply<Op>::binary(l.value, r.value);
    const packed_slots<V> s{l.value, r.value, value};
    V slope = splat<V>(0);
    if constexpr (has_variables_v<L>)
        slope = packed_eval<V>(rule<Op>::lhs(variable<"$a">{}, variable<"$b">{}, variable<"$r">{}), s) * l.slope;
    if constexpr (has_variables_v<R>) {
        const V right =
            packed_eval<V>(rule<Op>::rhs(variable<"$a">{}, variable<"$b">{}, variable<"$r">{}), s) * r.slope;
        if constexpr (has_variables_v<L>)
            slope += right;
        else
            slope = right;
    }
    return {value, slope};
}

/// f(z) and f'(z) for a formula of one variable, lane by lane (V a kernels::pack or a scalar).
template <class F, class V>
[[gnu::always_inline]] inline packed_dual<V> packed_value_and_derivative(const F& f, V z) noexcept {
    return packed_forward<V>(f, z);
}

/// f(z) alone.
template <class F, class V>
[[gnu::always_inline]] inline V packed_value(const F& f, V z) noexcept {
    return packed_eval<V>(f, packed_slots<V>{z, z, z});
}

// Formulas of several variables (a recurrent cell: pre-activations and previous state in, new
// state out). Vars is a type_list of the formula's variables in the caller's order; x[j] is the
// value of Vars' j-th. The derivatives are taken in forward mode with one slope per variable,
// and a node carries only the slopes of the variables it depends on (decided at compile time):
// a GRU cell of 5 variables costs its value plus ~2 multiplications per (node, variable it
// depends on). As above, each local derivative is rule<Op> of rules/ evaluated on packs.

template <class Vars, class E, std::size_t J>
inline constexpr bool depends_on_v = contains_v<at_t<J, Vars>, free_variables_t<E>>;

/// A value and its derivatives with respect to the K variables of Vars (slope[j] is meaningful
/// only when the node depends on variable j; the others stay zero).
template <class V, std::size_t K>
struct packed_multi_dual {
    V value;
    std::array<V, K> slope;
};

template <class Vars, class V, std::size_t K, fixed_string Name>
[[gnu::always_inline]] inline V packed_multi_eval(const variable<Name>&,
                                                  const std::array<V, K>& x) noexcept {
    return x[index_of_v<variable<Name>, Vars>];
}
template <class Vars, class V, std::size_t K, long long N>
[[gnu::always_inline]] inline V packed_multi_eval(const literal<N>&,
                                                  const std::array<V, K>&) noexcept {
    return splat<V>(N);
}
template <class Vars, class V, std::size_t K>
[[gnu::always_inline]] inline V packed_multi_eval(const constant& c,
                                                  const std::array<V, K>&) noexcept {
    return splat<V>(c.value);
}
template <class Vars, class V, std::size_t K, class Op, class A>
V packed_multi_eval(const unary<Op, A>& n, const std::array<V, K>& x) noexcept;
template <class Vars, class V, std::size_t K, class Op, class L, class R>
V packed_multi_eval(const binary<Op, L, R>& n, const std::array<V, K>& x) noexcept;
template <class Vars, class V, std::size_t K, class Op, class A>
[[gnu::always_inline]] inline V packed_multi_eval(const unary<Op, A>& n,
                                                  const std::array<V, K>& x) noexcept {
    return packed_apply<Op>::unary(packed_multi_eval<Vars>(n.arg, x));
}
template <class Vars, class V, std::size_t K, class Op, class L, class R>
[[gnu::always_inline]] inline V packed_multi_eval(const binary<Op, L, R>& n,
                                                  const std::array<V, K>& x) noexcept {
    return packed_apply<Op>::binary(packed_multi_eval<Vars>(n.lhs, x),
                                    packed_multi_eval<Vars>(n.rhs, x));
}

template <class Vars, class V, std::size_t K, fixed_string Name>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_forward(const variable<Name>&, const std::array<V, K>& x) noexcept {
    constexpr std::size_t j = index_of_v<variable<Name>, Vars>;
    packed_multi_dual<V, K> d{x[j], {}};
    d.slope[j] = splat<V>(1);
    return d;
}
template <class Vars, class V, std::size_t K, long long N>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_forward(const literal<N>&, const std::array<V, K>&) noexcept {
    return {splat<V>(N), {}};
}
template <class Vars, class V, std::size_t K>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_forward(const constant& c, const std::array<V, K>&) noexcept {
    return {splat<V>(c.value), {}};
}
template <class Vars, class V, std::size_t K, class Op, class A>
packed_multi_dual<V, K> packed_multi_forward(const unary<Op, A>& n,
                                             const std::array<V, K>& x) noexcept;
template <class Vars, class V, std::size_t K, class Op, class L, class R>
packed_multi_dual<V, K> packed_multi_forward(const binary<Op, L, R>& n,
                                             const std::array<V, K>& x) noexcept;

template <class Vars, class V, std::size_t K, class Op, class A>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_forward(const unary<Op, A>& n, const std::array<V, K>& x) noexcept {
    const packed_multi_dual<V, K> a = packed_multi_forward<Vars>(n.arg, x);
    packed_multi_dual<V, K> d{packed_apply<Op>::unary(a.value), {}};
    if constexpr (has_variables_v<A>) {
        const V local = packed_eval<V>(rule<Op>::partial(variable<"$a">{}, variable<"$r">{}),
                                       {a.value, a.value, d.value});
        [&]<std::size_t... J>(std::index_sequence<J...>) {
            ((depends_on_v<Vars, A, J> ? void(d.slope[J] = local * a.slope[J]) : void()), ...);
        }
        (std::make_index_sequence<K>{});
    }
    return d;
}
template <class Vars, class V, std::size_t K, class Op, class L, class R>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_forward(const binary<Op, L, R>& n, const std::array<V, K>& x) noexcept {
    const packed_multi_dual<V, K> l = packed_multi_forward<Vars>(n.lhs, x);
    const packed_multi_dual<V, K> r = packed_multi_forward<Vars>(n.rhs, x);
    packed_multi_dual<V, K> d{packed_apply<Op>::binary(l.value, r.value), {}};
    const packed_slots<V> s{l.value, r.value, d.value};
    V dl = splat<V>(0), dr = splat<V>(0);
    if constexpr (has_variables_v<L>)
        dl = packed_eval<V>(rule<Op>::lhs(variable<"$a">{}, variable<"$b">{}, variable<"$r">{}), s);
    if constexpr (has_variables_v<R>)
        dr = packed_eval<V>(rule<Op>::rhs(variable<"$a">{}, variable<"$b">{}, variable<"$r">{}), s);
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        (([&] {
             constexpr bool in_l = depends_on_v<Vars, L, J>, in_r = depends_on_v<Vars, R, J>;
             if constexpr (in_l && in_r)
                 d.slope[J] = dl * l.slope[J] + dr * r.slope[J];
             else if constexpr (in_l)
                 d.slope[J] = dl * l.slope[J];
             else if constexpr (in_r)
                 d.slope[J] = dr * r.slope[J];
         }()),
         ...);
    }
    (std::make_index_sequence<K>{});
    return d;
}

/// f(x) for a formula of the variables Vars (x[j] the value of the j-th), lane by lane.
template <class Vars, class F, class V, std::size_t K>
[[gnu::always_inline]] inline V packed_multi_value(const F& f, const std::array<V, K>& x) noexcept {
    static_assert(Vars::size == K);
    return packed_multi_eval<Vars>(f, x);
}

/// f(x) and df/dx_j for every variable j of Vars, lane by lane.
template <class Vars, class F, class V, std::size_t K>
[[gnu::always_inline]] inline packed_multi_dual<V, K>
packed_multi_value_and_gradient(const F& f, const std::array<V, K>& x) noexcept {
    static_assert(Vars::size == K);
    return packed_multi_forward<Vars>(f, x);
}

}  // namespace constgrad::detail
