// io::parse_keras_json, load_keras_json, to_keras_json, save_keras_json: a network's
// parameters as the model JSON of the Keras exporter used by RTNeural
// ({"in_shape": [null, 2], "layers": [{"type": "dense", "activation": "tanh", ...}, ...]}).
//
// Needs nlohmann-json 3 (Debian nlohmann-json3-dev; CMake: the constgrad::json target). Not
// included by constgrad/constgrad.hpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "detail/atomic_write.hpp"
#include "../nn/parameters.hpp"
#include "detail/json_common.hpp"
#include "detail/json_layers.hpp"
#include "detail/json_model.hpp"
#include "json_error.hpp"
#include "json_options.hpp"
#include "save_error.hpp"

namespace constgrad::io {

namespace detail_json {

template <class P>
P read_keras(std::string_view text, const context& ctx, const keras_json_options& options) {
    using model = json_model<P>;
    const json root = parse(text, ctx);
    if (!root.is_object())
        ctx.fail(reason::wrong_structure,
                 "expected a JSON object {\"in_shape\": [...], \"layers\": [...]}, found " +
                     describe(root));
    const where top{"the model", "", npos, {}};
    keras_fields(root, top, "model", {"in_shape", "layers"}, {}, ctx);
    keras_shape(root["in_shape"], model::input_width, where{"the model", "", npos, "in_shape"},
                "the input width", ctx);
    const json& layers = root["layers"];
    if (!layers.is_array())
        ctx.fail(reason::wrong_structure,
                 "\"layers\": expected an array of layer objects, found " + describe(layers),
                 npos, "layers");

    P p{};
    std::size_t entry = 0;
    model::for_each_layer(p, [&](auto k, auto layer, auto& params) {
        if (entry >= layers.size())
            ctx.fail(reason::wrong_layer_count,
                     "\"layers\": the file's " + std::to_string(layers.size()) +
                         (layers.size() == 1 ? " entry ends" : " entries end") + " before layer " + std::to_string(k) + " (" +
                         decltype(layer)::display() + "); the network has " +
                         std::to_string(model::layer_count) + " layers: " + model::widths(),
                     k, "layers");
        entry = decltype(layer)::read_keras(layers, entry, k, ctx, options, params);
    });
    if (entry < layers.size()) {
        std::string type = "an entry";
        if (layers[entry].is_object() && layers[entry].contains("type") &&
            layers[entry]["type"].is_string())
            type = "a " + json_quote(layers[entry]["type"].get<std::string>()) + " entry";
        ctx.fail(reason::wrong_layer_count,
                 "layers" + index_text(entry) + ": the network has " +
                     std::to_string(model::layer_count) + " layers (" + model::widths() +
                     "), all read by then; the file goes on with " + type,
                 npos, "layers");
    }
    return p;
}

}  // namespace detail_json

/// The parameters of type P (a network's parameters<float> or <double>) from a model JSON
/// as the Keras exporter used by RTNeural writes it:
///
///     {"in_shape": [null, 2],
///      "layers": [{"type": "dense", "activation": "tanh", "shape": [null, 3],
///                  "weights": [kernel [in][out], bias [out]]}, ...]}
///
/// checked against the network layer by layer: "in_shape" and each "shape" end with the
/// widths (leading elements null or integers), "type" is the layer's kind, and the activation
/// matches. An {"type": "activation", "activation": ...} entry merges into the layer before
/// it. Keras activations: "tanh", "relu", "sigmoid" are nn::tanh, nn::relu, nn::sigmoid, and
/// "" is what the exporter writes both for no activation and for one it does not know, so ""
/// matches nn::identity and the activations the format cannot name (nn::leaky_relu, formula
/// activations) and nothing else. An entry may carry a "name" (a string); for an
/// nn::named<"name", L> layer it must be that name (reason wrong_layer_kind), for other layers
/// it is not checked. A dense entry with the kernel only (Dense(use_bias=False))
/// loads with zero biases unless `options.missing_bias_is_zero` is off. Every mismatch
/// throws io::json_error naming the entry (layers[i]), the network layer, the field, what was
/// expected and what was found.
///
///     auto p = constgrad::io::parse_keras_json<net::parameters<float>>(text);
template <class P>
P parse_keras_json(std::string_view text, const keras_json_options& options = {}) {
    static_assert(detail_json::json_model<P>::is_parameters,
                  "constgrad::io::parse_torch_json<P> / parse_keras_json<P>: P must be a "
                  "network's parameter type (network<...>::parameters<T>)");
    if constexpr (detail_json::json_model<P>::is_parameters) {
        if constexpr (detail_json::json_model<P>::check())
            return detail_json::read_keras<P>(text, {"constgrad::io::parse_keras_json: ", {}},
                                              options);
        else
            return P{};
    } else {
        return P{};
    }
}

/// parse_keras_json on the file at `path`, into `params`, which stay untouched on any failure
/// (io::json_error, whose `path()` is the file). POSIX only.
///
///     constgrad::io::load_keras_json("model.json", params);
template <class T, class... Ls>
void load_keras_json(const std::filesystem::path& path, nn::network_parameters<T, Ls...>& params,
                     const keras_json_options& options = {}) {
    using P = nn::network_parameters<T, Ls...>;
    if constexpr (detail_json::json_model<P>::check()) {
        const detail_json::context ctx{
            "constgrad::io::load_keras_json(" + detail::io_quoted(path) + "): ", path};
        const std::string text = detail_json::read_file(path, detail_json::file_cap<P>, ctx);
        const P loaded = detail_json::read_keras<P>(text, ctx, options);
        params = loaded;
    }
}

/// The parameters as a Keras/RTNeural model JSON that load_keras_json reads back exactly
/// (in_shape [null, In], one dense entry per layer with its activation inline, kernel [in][out]
/// and bias, the fewest digits that read back exactly; an nn::named layer's entry also has
/// its "name"). Every activation must have a Keras name (nn::identity, tanh, relu, sigmoid):
/// otherwise it does not compile. Throws std::invalid_argument for a NaN or infinite parameter.
template <class T, class... Ls>
std::string to_keras_json(const nn::network_parameters<T, Ls...>& params) {
    using P = nn::network_parameters<T, Ls...>;
    using model = detail_json::json_model<P>;
    std::string out;
    if constexpr (model::check() && model::check_keras_writable()) {
        out = "{\"in_shape\": [null, " + std::to_string(model::input_width) +
              "],\n \"layers\": [\n";
        model::for_each_layer(params, [&](auto k, auto layer, const auto& p) {
            if (k != 0) out += ",\n";
            decltype(layer)::write_keras(out, k, p);
        });
        out += "\n ]\n}\n";
    }
    return out;
}

/// to_keras_json written to `path` atomically, like io::save. Throws io::save_error
/// (non_finite_value when a parameter is NaN or infinite: nothing is written).
///
///     constgrad::io::save_keras_json("model.json", params);
template <class T, class... Ls>
void save_keras_json(const std::filesystem::path& path,
                     const nn::network_parameters<T, Ls...>& params) {
    std::string text;
    try {
        text = to_keras_json(params);
    } catch (const std::invalid_argument& e) {
        throw save_error(save_error::reason::non_finite_value,
                         "constgrad::io::save_keras_json(" + detail::io_quoted(path) +
                             "): " + e.what() + "; nothing was written",
                         path);
    }
    detail::io_atomic_write(path, std::as_bytes(std::span(text.data(), text.size())),
                            "constgrad::io::save_keras_json");
}

}  // namespace constgrad::io
