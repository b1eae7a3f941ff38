// io::layer_widths_v<P>: the widths of a parameter type's network, input first (2-16-16-1).
#pragma once

#include <array>
#include <cstddef>

#include "../nn/parameters.hpp"

namespace constgrad::io {

namespace detail_layer_widths {
template <class P>
struct widths;
template <class T, class L0, class... Ls>
struct widths<nn::network_parameters<T, L0, Ls...>> {
    static constexpr std::array<std::size_t, 2 + sizeof...(Ls)> value{L0::inputs, L0::outputs,
                                                                      Ls::outputs...};
};
}  // namespace detail_layer_widths

/// For P = network<dense<2, 16, ...>, dense<16, 16, ...>, dense<16, 1>>::parameters<T>:
/// {2, 16, 16, 1}, the input width then every layer's output width. What saved files and
/// exported headers record to check that parameters meet a network of the same shape.
///
///     static_assert(constgrad::io::layer_widths_v<net::parameters<double>> ==
///                   std::array<std::size_t, 4>{2, 16, 16, 1});
template <class P>
inline constexpr auto layer_widths_v = detail_layer_widths::widths<P>::value;

}  // namespace constgrad::io
