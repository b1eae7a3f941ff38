// detail_json::json_model<P>: the compile-time checks and the layer walk the JSON model io
// shares between its formats. Internal.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../nn/named.hpp"
#include "../../nn/parameters.hpp"
#include "../json_options.hpp"
#include "json_common.hpp"
#include "json_layers.hpp"

namespace constgrad::io::detail_json {

template <class P>
struct json_model {
    static constexpr bool is_parameters = false;
};

template <class T, class... Ls>
struct json_model<nn::network_parameters<T, Ls...>> {
    using P = nn::network_parameters<T, Ls...>;
    static constexpr bool is_parameters = true;
    static constexpr bool scalar_ok = std::is_same_v<T, float> || std::is_same_v<T, double>;
    static constexpr bool layers_ok = (json_layer<Ls>::supported && ...);
    static constexpr bool keras_writable = (json_layer<Ls>::keras_writable && ...);
    static constexpr std::size_t layer_count = sizeof...(Ls);
    static constexpr std::size_t input_width = std::tuple_element_t<0, std::tuple<Ls...>>::inputs;

    // One static_assert per misuse; `if constexpr (check())` stops the caller's body after a
    // failure, so the message is the only error.
    static constexpr bool check() {
        static_assert(scalar_ok,
                      "constgrad::io: the JSON model io reads and writes float and double "
                      "parameters only");
        static_assert(!scalar_ok || layers_ok,
                      "constgrad::io: a layer of this network has no JSON mapping (the JSON "
                      "model io knows nn::dense and nn::neuron)");
        // Two layers of one name would read and write the same state-dict keys.
        return scalar_ok && layers_ok && constgrad::detail::nn_check_unique_names<Ls...>();
    }

    static constexpr bool check_keras_writable() {
        static_assert(keras_writable,
                      "constgrad::io::to_keras_json / save_keras_json: the Keras model format "
                      "has no name for a layer's activation (it names tanh, relu, sigmoid and "
                      "none; leaky_relu and formula activations cannot be written)");
        return keras_writable;
    }

    // By default a named layer's name, any other layer's number in nn.Sequential, where every
    // module counts, activations included (named layers too: they keep their place).
    static std::vector<std::string> torch_prefixes(const torch_json_options& options,
                                                   const context& ctx) {
        if (options.prefixes.empty())
            return sequential_prefixes<layer_count>({nn::layer_name_v<Ls>...}, {json_layer<Ls>::torch_modules...});
        check_prefixes(options.prefixes, layer_count, ctx);
        return options.prefixes;
    }

    // f(layer_constant<K>, json_layer<L_K>, p.layer<K>()) for every layer K in order.
    template <class Q, class F>
    static void for_each_layer(Q& p, F&& f) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (f(std::integral_constant<std::size_t, K>{}, json_layer<Ls>{}, p.template layer<K>()),
             ...);
        }(std::index_sequence_for<Ls...>{});
    }

    static constexpr bool any_named = (nn::is_named_v<Ls> || ...);

    static std::string widths() {
        std::string text;
        ((text += (text.empty() ? "" : ", ") + json_layer<Ls>::display()), ...);
        return text;
    }
};

}  // namespace constgrad::io::detail_json
