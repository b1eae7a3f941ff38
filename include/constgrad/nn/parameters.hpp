// nn::network_parameters<T, Layers...>: all parameters of a network, one trivially copyable value.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "detail/pack.hpp"

namespace constgrad::nn {

/// The parameters of a network with layers Ls... in scalar type T: each layer's
/// `Ls::parameters<T>` in order (for dense layers: w[out][in] row-major, then b[out]).
/// An aggregate, trivially copyable, zero-initialised by `{}`; in memory the scalars follow
/// each other in exactly that order (every member is an array of T, so there is no padding).
/// A network's gradient has this same type.
///
///     using net = constgrad::nn::network<constgrad::nn::dense<2, 4, constgrad::nn::tanh>,
///                                        constgrad::nn::dense<4, 1>>;
///     net::parameters<double> p{};
///     p.layer<0>().w[3][1] = 0.5;     // layer 1, output 3, input 1
///     auto& [hidden, out] = p;        // structured bindings give the layers too
template <class T, class... Ls>
struct network_parameters : detail::nn_pack_of<typename Ls::template parameters<T>...> {
    using scalar_type = T;

    /// Number of layers.
    static constexpr std::size_t layer_count = sizeof...(Ls);
    /// Number of scalars over all layers.
    static constexpr std::size_t size = (Ls::template parameters<T>::size + ...);

    /// The parameters of layer I (0-based).
    template <std::size_t I>
    constexpr auto& layer() noexcept {
        return detail::nn_get<I>(*this);
    }
    template <std::size_t I>
    constexpr const auto& layer() const noexcept {
        return detail::nn_get<I>(*this);
    }

    /// For structured bindings.
    template <std::size_t I>
    constexpr auto& get() & noexcept {
        return detail::nn_get<I>(*this);
    }
    template <std::size_t I>
    constexpr const auto& get() const& noexcept {
        return detail::nn_get<I>(*this);
    }

    friend constexpr bool operator==(const network_parameters&,
                                     const network_parameters&) = default;

    /// Calls f(first.x, rest.x...) for every scalar x, in layout order; first and rest are
    /// network_parameters of the same type (const or not).
    template <class F, class First, class... Rest>
    static constexpr void zip(F&& f, First& first, Rest&... rest) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (zip_layer<I>(f, first, rest...), ...); }
        (std::index_sequence_for<Ls...>{});
    }

private:
    // A function per layer: a fold over layers cannot hold the expansion over `rest` inside.
    template <std::size_t I, class F, class First, class... Rest>
    static constexpr void zip_layer(F& f, First& first, Rest&... rest) {
        std::remove_cvref_t<decltype(detail::nn_get<I>(first))>::zip(f, detail::nn_get<I>(first),
                                                                     detail::nn_get<I>(rest)...);
    }
};

template <class P>
inline constexpr bool is_network_parameters_v = false;
template <class T, class... Ls>
inline constexpr bool is_network_parameters_v<network_parameters<T, Ls...>> = true;

/// All scalars of `p` in layout order, as one flat array (for saving, exporting, comparing
/// with the runtime tape's flat parameters).
template <class T, class... Ls>
constexpr std::array<T, network_parameters<T, Ls...>::size>
flatten(const network_parameters<T, Ls...>& p) noexcept {
    std::array<T, network_parameters<T, Ls...>::size> flat{};
    std::size_t k = 0;
    network_parameters<T, Ls...>::zip([&](const T& x) { flat[k++] = x; }, p);
    return flat;
}

/// The inverse of flatten: parameters of type P from P::size scalars in layout order.
template <class P>
constexpr P unflatten(const std::array<typename P::scalar_type, P::size>& flat) noexcept {
    P p{};
    std::size_t k = 0;
    P::zip([&](typename P::scalar_type& x) { x = flat[k++]; }, p);
    return p;
}

/// Satisfied by the parameter (and gradient) types of networks.
template <class P>
concept Parameters = is_network_parameters_v<std::remove_cvref_t<P>>;

}  // namespace constgrad::nn

template <class T, class... Ls>
struct std::tuple_size<constgrad::nn::network_parameters<T, Ls...>>
    : std::integral_constant<std::size_t, sizeof...(Ls)> {};

template <std::size_t I, class T, class... Ls>
struct std::tuple_element<I, constgrad::nn::network_parameters<T, Ls...>> {
    using type = std::remove_cvref_t<decltype(constgrad::detail::nn_get<I>(
        std::declval<constgrad::nn::network_parameters<T, Ls...>&>()))>;
};
