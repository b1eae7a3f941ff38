// tensor::gradient(f, leaf = value...) and tensor::jacobian(f, wrt, leaf = value...): reverse mode on a tensor formula.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../nn/detail/pack.hpp"
#include "../expr/detail/type_list.hpp"
#include "leaves.hpp"
#include "node.hpp"
#include "shape.hpp"
#include "sweep.hpp"

namespace constgrad::tensor {

namespace detail {

template <class B>
inline constexpr bool is_bound_v = false;
template <class Leaf, class T>
inline constexpr bool is_bound_v<bound<Leaf, T>> = true;

template <class T, class B>
inline constexpr bool bound_in_v = false;
template <class T, class Leaf>
inline constexpr bool bound_in_v<T, bound<Leaf, T>> = true;

template <class Leaf, class... B>
inline constexpr bool has_binding_v = (std::is_same_v<typename B::leaf_type, Leaf> || ...);

template <class Leaf, class T, class... B>
constexpr const storage_t<T, Leaf>* find_binding(const B&... b) noexcept {
    const storage_t<T, Leaf>* p = nullptr;
    (
        [&] {
            if constexpr (std::is_same_v<typename B::leaf_type, Leaf>) p = b.value;
        }(),
        ...);
    return p;
}

/// The leaves of an evaluation from bindings: values by pointer, adjoints in `adjoint_slots`
/// (the leaves listed in Wanted only).
template <class T, class Leaves, class Wanted>
struct binding_env;
template <class T, class... L, class Wanted>
struct binding_env<T, type_list<L...>, Wanted> {
    using leaves = type_list<L...>;
    constgrad::detail::nn_pack_of<const storage_t<T, L>*...> values;
    constgrad::detail::nn_pack_of<storage_t<T, L>...> adjoint_slots{};

    template <class Leaf>
    static constexpr bool wants = constgrad::detail::contains_v<Leaf, Wanted>;

    template <class Leaf>
    constexpr const storage_t<T, Leaf>& value() const noexcept {
        return *constgrad::detail::nn_get<constgrad::detail::index_of_v<Leaf, leaves>>(values);
    }
    template <class Leaf>
    constexpr storage_t<T, Leaf>& adjoint() noexcept {
        return constgrad::detail::nn_get<constgrad::detail::index_of_v<Leaf, leaves>>(adjoint_slots);
    }
};

template <class T, class... L, class... B>
constexpr auto make_env_values(type_list<L...>, const B&... b) noexcept {
    return constgrad::detail::nn_pack_of<const storage_t<T, L>*...>{{find_binding<L, T>(b...)}...};
}

template <class F, class... B>
struct check_bindings {
    using leaves = typename schedule<F>::leaves;
    static constexpr bool all_bound = [] {
        if constexpr (!(is_bound_v<B> && ...))
            return false;
        else
            return []<class... L>(type_list<L...>) { return (has_binding_v<L, B...> && ...); }(leaves{});
    }();
    static_assert(all_bound,
                  "constgrad::tensor: gradient(f, ...) and jacobian(f, wrt, ...) need a binding "
                  "'leaf = std::array' for every parameter and input of f");
};

template <class... B>
struct scalar_of {
    using type = double;
};
template <class B0, class... B>
struct scalar_of<B0, B...> {
    using type = typename B0::value_type;
};

}  // namespace detail

/// The gradient of a scalar tensor formula: its value, and d f / d leaf for each parameter
/// and input, read with g[leaf] (an array shaped like the leaf).
template <class T, class Leaves>
struct gradient_result;
template <class T, class... L>
struct gradient_result<T, constgrad::detail::type_list<L...>> {
    /// f at the bound point.
    T value;
    /// d f / d leaf, one array per leaf (in the order of schedule<F>::leaves).
    constgrad::detail::nn_pack_of<storage_t<T, L>...> adjoints;

    /// d f / d leaf.
    template <class Leaf>
    [[nodiscard]] constexpr const storage_t<T, Leaf>& operator[](const Leaf&) const noexcept {
        constexpr std::size_t i = constgrad::detail::index_of_v<Leaf, constgrad::detail::type_list<L...>>;
        static_assert(i != constgrad::detail::npos,
                      "constgrad::tensor::gradient_result: g[leaf] of a leaf that is not in the formula");
        return constgrad::detail::nn_get<i>(adjoints);
    }
};

/// The value of f and d f / d leaf for every parameter and input of a scalar formula f, by
/// one forward and one reverse sweep; constexpr. Each leaf is bound to a std::array of its
/// shape (`W = w` for a matrix<"W", M, N> takes std::array<std::array<T, N>, M>).
///
///     constexpr tensor::vector<"v", 2> v;
///     constexpr auto g = tensor::gradient(tensor::dot(v, v), v = std::array{1.0, 2.0});
///     static_assert(g[v][1] == 4.0);
template <Tensor F, class... Bindings>
constexpr auto gradient(const F& f, const Bindings&... bindings) noexcept {
    static_assert(F::shape_type::rank == 0,
                  "constgrad::tensor::gradient(f, ...) needs a scalar formula f (take sum(f) or "
                  "dot(f, v), or use jacobian)");
    using T = typename detail::scalar_of<Bindings...>::type;
    static_assert((detail::bound_in_v<T, Bindings> && ...),
                  "constgrad::tensor: every binding must be 'leaf = std::array' of one scalar type");
    using S = schedule<F>;
    using leaves = typename S::leaves;
    static_assert(detail::check_bindings<F, Bindings...>::all_bound);
    detail::binding_env<T, leaves, leaves> env{detail::make_env_values<T>(leaves{}, bindings...)};
    typename S::template state<T> s{};
    typename S::template scratch<T> sc{};
    S::template forward<true>(f, s, sc, env);
    typename S::template adjoints<T> a{};
    S::template adjoint<S::root>(a, env)[0] += T(1);
    S::reverse(s, a, env);
    return gradient_result<T, leaves>{S::template value<S::root>(s, sc, env)[0], env.adjoint_slots};
}

/// The Jacobian of a (vector or scalar) formula f with respect to one leaf: J[o][i] =
/// d f[o] / d wrt[i], Out × In with a matrix leaf flattened row-major. One forward sweep, then
/// one reverse sweep per output; constexpr.
template <Tensor F, class Wrt, class... Bindings>
constexpr auto jacobian(const F& f, const Wrt&, const Bindings&... bindings) noexcept {
    using S = schedule<F>;
    using leaves = typename S::leaves;
    static_assert(constgrad::detail::contains_v<Wrt, leaves>,
                  "constgrad::tensor::jacobian(f, wrt, ...): wrt must be a parameter or the input of f");
    using T = typename detail::scalar_of<Bindings...>::type;
    static_assert((detail::bound_in_v<T, Bindings> && ...),
                  "constgrad::tensor: every binding must be 'leaf = std::array' of one scalar type");
    static_assert(detail::check_bindings<F, Bindings...>::all_bound);
    constexpr std::size_t out = F::shape_type::size;
    constexpr std::size_t in = Wrt::shape_type::size;
    using wanted = constgrad::detail::type_list<Wrt>;
    detail::binding_env<T, leaves, wanted> env{detail::make_env_values<T>(leaves{}, bindings...)};
    typename S::template state<T> s{};
    typename S::template scratch<T> sc{};
    S::template forward<true>(f, s, sc, env);
    std::array<std::array<T, in>, out> j{};
    for (std::size_t o = 0; o < out; ++o) {
        typename S::template adjoints<T> a{};
        env.template adjoint<Wrt>() = storage_t<T, Wrt>{};
        detail::element(S::template adjoint<S::root>(a, env), o) += T(1);
        S::reverse(s, a, env);
        for (std::size_t i = 0; i < in; ++i) j[o][i] = detail::element(env.template adjoint<Wrt>(), i);
    }
    return j;
}

/// The value of a formula at the bound point (a forward sweep), shaped like f.
template <Tensor F, class... Bindings>
constexpr auto evaluate(const F& f, const Bindings&... bindings) noexcept {
    using S = schedule<F>;
    using leaves = typename S::leaves;
    using T = typename detail::scalar_of<Bindings...>::type;
    static_assert((detail::bound_in_v<T, Bindings> && ...),
                  "constgrad::tensor: every binding must be 'leaf = std::array' of one scalar type");
    static_assert(detail::check_bindings<F, Bindings...>::all_bound);
    detail::binding_env<T, leaves, constgrad::detail::type_list<>> env{
        detail::make_env_values<T>(leaves{}, bindings...)};
    typename S::template state<T> s{};
    typename S::template scratch<T> sc{};
    S::template forward<false>(f, s, sc, env);
    return storage_t<T, F>(S::template value<S::root>(s, sc, env));
}

}  // namespace constgrad::tensor
