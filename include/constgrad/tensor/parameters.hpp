// tensor::formula_parameters<T, Leaves>: the values of a formula's parameters, one std::array per leaf.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../nn/detail/pack.hpp"
#include "../expr/detail/type_list.hpp"
#include "leaves.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

/// One std::array per parameter leaf L... (a matrix row-major, PyTorch's layout), in that
/// order; an aggregate, trivially copyable, `{}` is all zeros. p[W] is W's array. It meets
/// what nn::network asks of a layer's parameters: `size` and `zip`.
///
///     constexpr tensor::matrix<"W", 2, 3> W;
///     formula_parameters<double, constgrad::detail::type_list<decltype(W)>> p{};
///     p[W][1][2] = 0.5;
template <class T, class Leaves>
struct formula_parameters;

template <class T, class... L>
struct formula_parameters<T, constgrad::detail::type_list<L...>>
    : constgrad::detail::nn_pack_of<storage_t<T, L>...> {
    using scalar_type = T;
    using leaves = constgrad::detail::type_list<L...>;

    /// Number of scalars over all leaves.
    static constexpr std::size_t size = (L::shape_type::size + ... + 0);

    friend constexpr bool operator==(const formula_parameters&, const formula_parameters&) = default;

    /// The array of leaf Leaf.
    template <class Leaf>
    constexpr storage_t<T, Leaf>& operator[](const Leaf&) noexcept {
        return constgrad::detail::nn_get<constgrad::detail::index_of_v<Leaf, leaves>>(*this);
    }
    template <class Leaf>
    constexpr const storage_t<T, Leaf>& operator[](const Leaf&) const noexcept {
        return constgrad::detail::nn_get<constgrad::detail::index_of_v<Leaf, leaves>>(*this);
    }

    /// Calls f(first.x, rest.x...) for every scalar x in layout order: leaf by leaf, each
    /// matrix row by row.
    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (zip_leaf<I>(f, first, rest...), ...); }
        (std::index_sequence_for<L...>{});
    }

private:
    template <std::size_t I, class F, class First, class... Rest>
    static constexpr void zip_leaf(F& f, First& first, Rest&... rest) {
        auto& a = constgrad::detail::nn_get<I>(first);
        using A = std::remove_cvref_t<decltype(a)>;
        if constexpr (std::is_arithmetic_v<typename A::value_type>) {
            for (std::size_t k = 0; k < a.size(); ++k) f(a[k], constgrad::detail::nn_get<I>(rest)[k]...);
        } else {
            for (std::size_t r = 0; r < a.size(); ++r)
                for (std::size_t k = 0; k < a[r].size(); ++k)
                    f(a[r][k], constgrad::detail::nn_get<I>(rest)[r][k]...);
        }
    }
};

}  // namespace constgrad::tensor
