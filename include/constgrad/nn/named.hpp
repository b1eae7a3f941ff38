// nn::named<"name", L>: a layer with a compile-time name. nn::layer<"name">(p) finds its
// parameters, nn::state_dict_keys<Net>() lists a network's PyTorch state-dict keys, and the
// JSON model io (io/torch_json.hpp, io/keras_json.hpp) uses the name as the layer's prefix.
//
// The name is a C++20 string template argument (expr/detail/fixed_string.hpp): a hana::string
// cannot be spelled as a literal template argument without the GNU `_s` extension, which
// -Wpedantic rejects. Hana keys are accepted where a key is a value: nn::layer(p,
// BOOST_HANA_STRING("encoder")). Only Hana's forward declaration is included here (the whole
// <boost/hana/string.hpp> costs ~0.25 s per translation unit).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <boost/hana/fwd/string.hpp>

#include "../expr/detail/fixed_string.hpp"
#include "activations.hpp"
#include "detail/named_keys.hpp"
#include "parameters.hpp"

namespace constgrad::nn {

/// Layer L under the name Name: the same layer (it derives from L, so parameters, cache,
/// forward, backward and the optional fused and batched sweeps are L's own, at no cost),
/// whose state-dict prefix is Name instead of its nn.Sequential number.
///
///     using net = nn::network<nn::named<"encoder", nn::dense<2, 16, nn::tanh>>,
///                             nn::dense<16, 1>>;  // keys encoder.weight, encoder.bias, 2.*
template <detail::fixed_string Name, class L>
struct named : L {
    /// The wrapped layer.
    using layer_type = L;
    /// The name, as written.
    static constexpr std::string_view name = std::string_view(Name.chars, Name.size());
};

/// Whether L is an nn::named layer.
template <class L>
inline constexpr bool is_named_v = detail::nn_name_of<L>::is_named;

/// The name of a named layer, "" for any other.
template <class L>
inline constexpr std::string_view layer_name_v = detail::nn_name_of<L>::name;

/// The parameters of the layer called Name in `p` (a network's parameters or gradient):
/// `nn::layer<"encoder">(p).w[3][1]`. Does not compile when no layer, or more than one, has
/// that name.
template <detail::fixed_string Name, class T, class... Ls>
constexpr auto& layer(network_parameters<T, Ls...>& p) noexcept {
    using find = detail::nn_find_name<Name, Ls...>;
    if constexpr (detail::nn_check_name<find::count>() && detail::nn_check_unique_names<Ls...>())
        return p.template layer<find::index>();
    else
        return p;
}
template <detail::fixed_string Name, class T, class... Ls>
constexpr const auto& layer(const network_parameters<T, Ls...>& p) noexcept {
    using find = detail::nn_find_name<Name, Ls...>;
    if constexpr (detail::nn_check_name<find::count>() && detail::nn_check_unique_names<Ls...>())
        return p.template layer<find::index>();
    else
        return p;
}

/// The same with a Hana compile-time string as the key:
/// `nn::layer(p, BOOST_HANA_STRING("encoder"))` (include <boost/hana/string.hpp> for it).
template <char... C, class T, class... Ls>
constexpr auto& layer(network_parameters<T, Ls...>& p, boost::hana::string<C...>) noexcept {
    return layer<detail::fixed_string<sizeof...(C) + 1>(detail::nn_chars<C...>)>(p);
}
template <char... C, class T, class... Ls>
constexpr const auto& layer(const network_parameters<T, Ls...>& p,
                            boost::hana::string<C...>) noexcept {
    return layer<detail::fixed_string<sizeof...(C) + 1>(detail::nn_chars<C...>)>(p);
}

/// The PyTorch state-dict keys of network Net (nn::network<Ls...> or its parameters<T>), in
/// order: "<prefix>.weight", "<prefix>.bias" for a dense layer (nn.Linear); "<prefix>.weight",
/// ".bias", ".running_mean", ".running_var", ".num_batches_tracked" for nn::batch_norm
/// (BatchNorm1d: parameters, then buffers). A named layer's prefix is its name (the suffix
/// alone for the name ""); any other layer keeps nn.Sequential's number, in which every module
/// counts, activations included (a layer with an activation other than nn::identity is two
/// modules; a batch norm is one). Every layer must be one of the two kinds (named or not). A
/// constexpr std::array<std::string_view, number of keys>:
///
///     static_assert(nn::state_dict_keys<net>()[2] == "2.weight");
///     // dense<2, 3, tanh>, batch_norm<3>, dense<3, 1>: 0.weight 0.bias 2.weight 2.bias
///     // 2.running_mean 2.running_var 2.num_batches_tracked 3.weight 3.bias
template <class Net>
constexpr auto state_dict_keys() noexcept {
    if constexpr (is_network_parameters_v<Net>)
        return detail::nn_state_dict<Net>::keys();
    else
        return detail::nn_state_dict<typename Net::template parameters<double>>::keys();
}

}  // namespace constgrad::nn
