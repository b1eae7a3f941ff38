// detail_json::json_sequence_model<P, B>: the compile-time checks and the layer walk of the
// JSON model io of nn::sequence_network (parameters P and buffers B), and the two formats'
// model-level reading and writing. Internal; io/sequence_json.hpp is the interface.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../nn/parameters.hpp"
#include "../../sequence/layer.hpp"
#include "../../sequence/network.hpp"
#include "../json_options.hpp"
#include "json_common.hpp"
#include "json_sequence_layers.hpp"

namespace constgrad::io::detail_json {

// Whether B is the buffers type of the sequence network whose parameters are
// network_parameters<T, Ls...>; false (without naming sequence_network, whose checks would
// fire) when a layer is not a sequence layer, e.g. for an nn::network's parameters.
template <class P, class B>
struct is_sequence_model : std::false_type {};

template <class... Ls>
constexpr bool all_sequence_layers() {
    return (nn::SequenceLayer<Ls> && ...);
}

template <class B, class T, class... Ls>
constexpr bool sequence_buffers_match() {
    if constexpr (all_sequence_layers<Ls...>())
        return std::is_same_v<B, typename nn::sequence_network<Ls...>::template buffers<T>>;
    else
        return false;
}

template <class T, class... Ls, class B>
struct is_sequence_model<nn::network_parameters<T, Ls...>, B>
    : std::bool_constant<sequence_buffers_match<std::remove_const_t<B>, T, Ls...>()> {};

template <class P, class B>
concept sequence_model = is_sequence_model<P, B>::value;

template <class P, class B>
struct json_sequence_model;

template <class T, class... Ls, class B>
struct json_sequence_model<nn::network_parameters<T, Ls...>, B> {
    using P = nn::network_parameters<T, Ls...>;
    static constexpr bool scalar_ok = std::is_same_v<T, float> || std::is_same_v<T, double>;
    static constexpr bool layers_ok = (json_sequence_layer<Ls>::supported && ...);
    static constexpr bool keras_writable = (json_sequence_layer<Ls>::keras_writable && ...);
    static constexpr std::size_t layer_count = sizeof...(Ls);
    static constexpr std::size_t input_width = std::tuple_element_t<0, std::tuple<Ls...>>::inputs;

    static constexpr bool check() {
        static_assert(scalar_ok,
                      "constgrad::io: the JSON model io reads and writes float and double "
                      "parameters only");
        static_assert(!scalar_ok || layers_ok,
                      "constgrad::io: a layer of this sequence network has no JSON mapping (the "
                      "JSON model io knows nn::gru, nn::lstm, nn::conv1d, nn::batch_norm, "
                      "nn::prelu, nn::activation_layer and nn::time_distributed<nn::dense>)");
        return scalar_ok && layers_ok;
    }

    static constexpr bool check_keras_writable() {
        static_assert(keras_writable,
                      "constgrad::io::to_keras_json / save_keras_json: an activation of this "
                      "sequence network has no name in the Keras model format (it names tanh, "
                      "relu, sigmoid and elu)");
        return keras_writable;
    }

    // Layer k's prefix: nn.Sequential's module number (an activation after a time-distributed
    // dense counts, as in io::torch_json_options), or options.prefixes[k].
    static std::vector<std::string> torch_prefixes(const torch_json_options& options,
                                                   const context& ctx) {
        if (options.prefixes.empty())  // sequence layers have no names: numbers only
            return sequential_prefixes<layer_count>({}, {json_sequence_layer<Ls>::torch_modules...});
        check_prefixes(options.prefixes, layer_count, ctx);
        return options.prefixes;
    }

    // f(layer_constant<K>, json_sequence_layer<L_K>, p.layer<K>(), b.layer<K>()) in order.
    template <class Q, class C, class F>
    static void for_each_layer(Q& p, C& b, F&& f) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (f(std::integral_constant<std::size_t, K>{}, json_sequence_layer<Ls>{},
               p.template layer<K>(), b.template layer<K>()),
             ...);
        }(std::index_sequence_for<Ls...>{});
    }

    static std::string layers_text() {
        std::string text;
        ((text += (text.empty() ? "" : ", ") + json_sequence_layer<Ls>::display()), ...);
        return text;
    }

    // ---- PyTorch state dict

    static void read_torch(std::string_view text, const context& ctx,
                           const torch_json_options& options, P& p, B& b) {
        const json root = parse(text, ctx);
        if (!root.is_object())
            ctx.fail(reason::wrong_structure,
                     "expected a JSON object of state-dict tensors ({\"0.weight_ih_l0\": "
                     "[[...]], ...}), found " + describe(root));
        const std::vector<std::string> prefixes = torch_prefixes(options, ctx);
        std::string hint;
        if (options.prefixes.empty()) {
            std::string list;
            for (const auto& prefix : prefixes) list += (list.empty() ? "" : ", ") + json_quote(prefix);
            hint = "; the default names follow nn.Sequential, one module per layer and one more "
                   "for a time-distributed dense's activation (prefixes " + list +
                   "): pass torch_json_options::prefixes for other names";
        }
        std::set<std::string> used;
        for_each_layer(p, b, [&](auto k, auto layer, auto& params, auto& buffers) {
            decltype(layer)::read_torch(root, used, prefixes[k], k, ctx, options, hint, params,
                                        buffers);
        });
        refuse_unexpected_keys(root, used, layers_text(), hint, ctx);
    }

    static std::string write_torch(const P& p, const B& b, const torch_json_options& options) {
        const auto prefixes = torch_prefixes(options, {"constgrad::io::to_torch_json: ", {}});
        std::string out = "{\n";
        for_each_layer(p, b, [&](auto k, auto layer, const auto& params, const auto& buffers) {
            decltype(layer)::write_torch(out, prefixes[k], k, params, buffers);
        });
        out += "\n}\n";
        return out;
    }

    // ---- Keras / RTNeural model

    static void read_keras(std::string_view text, const context& ctx,
                           const keras_json_options& options, P& p, B& b) {
        const json root = parse(text, ctx);
        if (!root.is_object())
            ctx.fail(reason::wrong_structure,
                     "expected a JSON object {\"in_shape\": [...], \"layers\": [...]}, found " +
                         describe(root));
        keras_fields(root, where{"the model", "", npos, {}}, "model", {"in_shape", "layers"}, {},
                     ctx);
        keras_shape(root["in_shape"], input_width, where{"the model", "", npos, "in_shape"},
                    "the input width", ctx);
        const json& layers = root["layers"];
        if (!layers.is_array())
            ctx.fail(reason::wrong_structure,
                     "\"layers\": expected an array of layer objects, found " + describe(layers),
                     npos, "layers");
        std::size_t entry = 0;
        for_each_layer(p, b, [&](auto k, auto layer, auto& params, auto& buffers) {
            if (entry >= layers.size())
                ctx.fail(reason::wrong_layer_count,
                         "\"layers\": the file's " + std::to_string(layers.size()) +
                             (layers.size() == 1 ? " entry ends" : " entries end") +
                             " before layer " + std::to_string(k) + " (" +
                             decltype(layer)::display() + "); the network has " +
                             std::to_string(layer_count) + " layers: " + layers_text(),
                         k, "layers");
            entry = decltype(layer)::read_keras(layers, entry, k, ctx, options, params, buffers);
        });
        if (entry < layers.size())
            ctx.fail(reason::wrong_layer_count,
                     "layers" + index_text(entry) + ": the network has " +
                         std::to_string(layer_count) + " layers (" + layers_text() +
                         "), all read by then; the file goes on",
                     npos, "layers");
    }

    static std::string write_keras(const P& p, const B& b) {
        std::string out = "{\"in_shape\": [null, null, " + std::to_string(input_width) +
                          "],\n \"layers\": [\n";
        for_each_layer(p, b, [&](auto k, auto layer, const auto& params, const auto& buffers) {
            if (k != 0) out += ",\n";
            decltype(layer)::write_keras(out, k, params, buffers);
        });
        out += "\n ]\n}\n";
        return out;
    }
};

}  // namespace constgrad::io::detail_json
