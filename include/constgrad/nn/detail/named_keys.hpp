// The compile-time work behind nn::named: a layer's name, finding a name among a network's
// layers, and spelling the state-dict keys. Internal.
//
// Plain templates and constexpr arrays, no Hana: a network has a handful of layers, and
// hana::tuple / find_if would add ~0.3 s of headers to every translation unit that names one
// (shared/DESIGN.md §3).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "../../expr/detail/fixed_string.hpp"
#include "../activations.hpp"
#include "../parameters.hpp"

namespace constgrad::nn {
template <detail::fixed_string Name, class L>
struct named;
}  // namespace constgrad::nn

namespace constgrad::detail {

template <class L>
struct nn_name_of {
    static constexpr bool is_named = false;
    static constexpr std::string_view name{};
};
template <fixed_string Name, class L>
struct nn_name_of<nn::named<Name, L>> {
    static constexpr bool is_named = true;
    static constexpr std::string_view name = std::string_view(Name.chars, Name.size());
};

// A hana::string<C...>'s characters as a literal, for fixed_string's constructor.
template <char... C>
inline constexpr char nn_chars[sizeof...(C) + 1] = {C..., '\0'};

// How many layers of Ls... are called Name, and the first of them.
template <fixed_string Name, class... Ls>
struct nn_find_name {
    static constexpr std::array<bool, sizeof...(Ls)> hits{
        (nn_name_of<Ls>::is_named &&
         nn_name_of<Ls>::name == std::string_view(Name.chars, Name.size()))...};
    static constexpr std::size_t count = [] {
        std::size_t c = 0;
        for (bool hit : hits) c += hit ? 1 : 0;
        return c;
    }();
    static constexpr std::size_t index = [] {
        for (std::size_t k = 0; k < hits.size(); ++k)
            if (hits[k]) return k;
        return std::size_t{0};
    }();
};

template <std::size_t Count>
constexpr bool nn_check_name() noexcept {
    static_assert(Count != 0,
                  "constgrad::nn::layer<\"name\">(p): no layer of the network has that name "
                  "(name a layer with nn::named<\"name\", L>)");
    return Count != 0;
}

template <class... Ls>
constexpr bool nn_names_unique() noexcept {
    constexpr std::array<bool, sizeof...(Ls)> is_named{nn_name_of<Ls>::is_named...};
    constexpr std::array<std::string_view, sizeof...(Ls)> names{nn_name_of<Ls>::name...};
    for (std::size_t k = 0; k < names.size(); ++k)
        for (std::size_t j = 0; j < k; ++j)
            if (is_named[j] && is_named[k] && names[j] == names[k]) return false;
    return true;
}

template <class... Ls>
constexpr bool nn_check_unique_names() noexcept {
    constexpr bool unique = nn_names_unique<Ls...>();
    static_assert(unique,
                  "constgrad::nn::named: two layers of the network have the same name (a "
                  "state-dict prefix and nn::layer<\"name\"> need each name once)");
    return unique;
}

// nn.Sequential's module count of a layer: an nn.Linear, plus one module for an activation
// other than nn::identity (the rule of io/detail/json_layers.hpp's torch_modules).
template <class L>
constexpr std::size_t nn_torch_modules() noexcept {
    if constexpr (requires { typename L::activation; })
        return std::is_same_v<typename L::activation, nn::identity> ? 1 : 2;
    else
        return 1;
}

template <class L>
concept nn_has_weight_and_bias = requires(const typename L::template parameters<double>& p) {
    p.w;
    p.b;
};

// A batch norm's parameters and buffers, as PyTorch's BatchNorm1d names them.
template <class L>
concept nn_has_batch_norm_state = requires(const typename L::template parameters<double>& p,
                                           const typename L::template buffers<double>& b) {
    p.weight;
    p.bias;
    b.running_mean;
    b.running_var;
    b.num_batches_tracked;
};

// The suffixes of a layer's state-dict keys, in PyTorch's order: nn.Linear's parameters;
// BatchNorm1d's parameters, then its buffers. Empty for a layer of neither kind.
template <class L>
constexpr std::array<std::string_view, 5> nn_key_suffixes() noexcept {
    if constexpr (nn_has_weight_and_bias<L>)
        return {"weight", "bias"};
    else if constexpr (nn_has_batch_norm_state<L>)
        return {"weight", "bias", "running_mean", "running_var", "num_batches_tracked"};
    else
        return {};
}
template <class L>
constexpr std::size_t nn_key_count() noexcept {
    if constexpr (nn_has_weight_and_bias<L>)
        return 2;
    else if constexpr (nn_has_batch_norm_state<L>)
        return 5;
    else
        return 0;
}

template <class P>
struct nn_state_dict;

template <class T, class... Ls>
struct nn_state_dict<nn::network_parameters<T, Ls...>> {
    static constexpr std::size_t key_count = (std::size_t{0} + ... + nn_key_count<Ls>());

    // Calls f(key, c) for each character c of each key in order.
    template <class F>
    static constexpr void spell(F&& f) {
        constexpr std::array<bool, sizeof...(Ls)> is_named{nn_name_of<Ls>::is_named...};
        constexpr std::array<std::string_view, sizeof...(Ls)> names{nn_name_of<Ls>::name...};
        constexpr std::array<std::size_t, sizeof...(Ls)> modules{nn_torch_modules<Ls>()...};
        constexpr std::array<std::array<std::string_view, 5>, sizeof...(Ls)> suffixes{nn_key_suffixes<Ls>()...};
        constexpr std::array<std::size_t, sizeof...(Ls)> counts{nn_key_count<Ls>()...};
        std::size_t module = 0, key = 0;
        for (std::size_t k = 0; k < sizeof...(Ls); ++k) {
            std::array<char, 24> digits{};
            std::size_t length = 0;
            for (std::size_t m = module; length == 0 || m != 0; m /= 10)
                digits[length++] = char('0' + m % 10);
            for (std::size_t s = 0; s < counts[k]; ++s, ++key) {
                if (is_named[k]) {
                    for (char c : names[k]) f(key, c);
                } else {
                    for (std::size_t d = length; d-- > 0;) f(key, digits[d]);
                }
                if (!is_named[k] || !names[k].empty()) f(key, '.');
                for (char c : suffixes[k][s]) f(key, c);
            }
            module += modules[k];
        }
    }

    static constexpr std::size_t text_size = [] {
        std::size_t n = 0;
        spell([&](std::size_t, char) { ++n; });
        return n;
    }();

    static constexpr std::array<char, text_size> text = [] {
        std::array<char, text_size> t{};
        std::size_t n = 0;
        spell([&](std::size_t, char c) { t[n++] = c; });
        return t;
    }();

    static constexpr std::array<std::size_t, key_count + 1> starts = [] {
        std::array<std::size_t, key_count + 1> s{};
        std::size_t n = 0;
        spell([&](std::size_t key, char) { s[key + 1] = ++n; });
        return s;
    }();

    static constexpr std::array<std::string_view, key_count> keys() noexcept {
        constexpr bool known = ((nn_key_count<Ls>() != 0) && ...);
        static_assert(known,
                      "constgrad::nn::state_dict_keys<Net>: every layer must hold a weight and "
                      "a bias (nn::dense, named or not) to have state-dict keys");
        std::array<std::string_view, key_count> k{};
        if constexpr (known && nn_check_unique_names<Ls...>())
            for (std::size_t i = 0; i < key_count; ++i)
                k[i] = std::string_view(text.data() + starts[i], starts[i + 1] - starts[i]);
        return k;
    }
};

}  // namespace constgrad::detail
