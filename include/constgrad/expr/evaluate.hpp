// evaluate(f, x = 2.0, ...): the value of an expression at given values of its variables.
#pragma once

#include <cstddef>
#include <type_traits>

#include "detail/expression_traits.hpp"
#include "detail/type_list.hpp"
#include "binary.hpp"
#include "binding.hpp"
#include "constant.hpp"
#include "expression.hpp"
#include "literal.hpp"
#include "unary.hpp"
#include "variable.hpp"

namespace constgrad {
namespace detail {

// The bindings of one call, as bases of one struct: looking a variable up is overload
// resolution against the base binding<Name, T>, with no recursion over the bindings.
template <class... Bindings>
struct environment : Bindings... {};

template <fixed_string Name, class T>
constexpr T lookup(const binding<Name, T>& bound) noexcept {
    return bound.value;
}

template <class Binding>
struct binding_traits {  // not a binding: check_arguments reports it
    using variable_type = void;
    using value_type = double;
};
template <fixed_string Name, class T>
struct binding_traits<binding<Name, T>> {
    using variable_type = variable<Name>;
    using value_type = T;
};

// Integers promote to double, so evaluate(x / 2, x = 3) is 1.5, as in any numeric library.
template <class... Bindings>
struct evaluation_type {
    using common = std::common_type_t<typename binding_traits<Bindings>::value_type...>;
    using type = std::conditional_t<std::is_floating_point_v<common>, common, double>;
};
template <>
struct evaluation_type<> {
    using type = double;
};

/// The number type evaluate and gradient compute in: the common type of the bound values,
/// double if that is an integer type.
template <class... Bindings>
using evaluation_type_t = typename evaluation_type<Bindings...>::type;

// Two variables have the same name exactly when they are the same type.
template <class Var, class... Bindings>
inline constexpr bool is_bound_v =
    (std::is_same_v<Var, typename binding_traits<Bindings>::variable_type> || ...);

// Instantiated with the first unbound variable, so the compiler's "required from" note
// names it.
template <class UnboundVariable, bool Bound>
struct require_bound {
    static_assert(Bound,
                  "constgrad: the expression has a variable that is not bound; pass a value for "
                  "every variable, e.g. evaluate(f, x = 1.0, y = 2.0)");
};

template <class... Bindings>
inline constexpr bool names_are_distinct_v = [] {
    using variables = type_list<typename binding_traits<Bindings>::variable_type...>;
    constexpr std::size_t indices[] = {0, index_of_v<typename binding_traits<Bindings>::variable_type,
                                                     variables>...};
    for (std::size_t i = 1; i < sizeof...(Bindings) + 1; ++i)
        if (indices[i] != i - 1) return false;
    return true;
}();

template <class... Vars, class... Bindings>
constexpr bool all_bound(type_list<Vars...>, type_list<Bindings...>) noexcept {
    [[maybe_unused]] constexpr std::size_t instantiate[] = {
        0, sizeof(require_bound<Vars, is_bound_v<Vars, Bindings...>>)...};
    return (is_bound_v<Vars, Bindings...> && ...);
}

/// Checks the arguments of evaluate/gradient/gradient_check with one readable message per
/// problem; true when the call may go on (callers stop there to avoid follow-up errors).
template <class F, class... Args>
constexpr bool check_arguments() noexcept {
    if constexpr (!Expression<F>) {
        static_assert(Expression<F>, "constgrad: 'f' must be a constgrad expression built from "
                                     "constgrad::variable, e.g. 3 * x * x + 4 * x");
        return false;
    } else if constexpr (!(is_binding_v<Args> && ...)) {
        static_assert((is_binding_v<Args> && ...),
                      "constgrad: values must be passed as bindings of variables, e.g. x = 2.0");
        return false;
    } else if constexpr (!names_are_distinct_v<Args...>) {
        static_assert(names_are_distinct_v<Args...>, "constgrad: a variable is bound twice");
        return false;
    } else {
        return all_bound(free_variables_t<F>{}, type_list<Args...>{});
    }
}

// Plain recursive evaluation: the tree as written. gradient() instead shares equal
// sub-expressions through its schedule.
template <class T, fixed_string Name, class Env>
constexpr T eval(const variable<Name>&, const Env& env) noexcept;
template <class T, long long N, class Env>
constexpr T eval(const literal<N>&, const Env& env) noexcept;
template <class T, class Env>
constexpr T eval(const constant& node, const Env& env) noexcept;
template <class T, class Op, class A, class Env>
constexpr T eval(const unary<Op, A>& node, const Env& env) noexcept;
template <class T, class Op, class L, class R, class Env>
constexpr T eval(const binary<Op, L, R>& node, const Env& env) noexcept;

template <class T, fixed_string Name, class Env>
constexpr T eval(const variable<Name>&, const Env& env) noexcept {
    return static_cast<T>(lookup<Name>(env));
}
template <class T, long long N, class Env>
constexpr T eval(const literal<N>&, const Env&) noexcept {
    return static_cast<T>(N);
}
template <class T, class Env>
constexpr T eval(const constant& node, const Env&) noexcept {
    return static_cast<T>(node.value);
}
template <class T, class Op, class A, class Env>
constexpr T eval(const unary<Op, A>& node, const Env& env) noexcept {
    return Op::apply(eval<T>(node.arg, env));
}
template <class T, class Op, class L, class R, class Env>
constexpr T eval(const binary<Op, L, R>& node, const Env& env) noexcept {
    return Op::apply(eval<T>(node.lhs, env), eval<T>(node.rhs, env));
}

}  // namespace detail

/// The value of f with its variables bound: evaluate(3 * x * x + 4 * x, x = 2.0) == 20.0.
/// Every variable of f must be bound; the result has the common type of the bound values
/// (double when they are integers), so binding floats evaluates in float.
template <class F, class... Bindings>
constexpr auto evaluate(const F& f, const Bindings&... bindings) noexcept {
    using T = detail::evaluation_type_t<Bindings...>;
    if constexpr (detail::check_arguments<F, Bindings...>())
        return detail::eval<T>(f, detail::environment<Bindings...>{bindings...});
    else
        return T{};
}

}  // namespace constgrad
