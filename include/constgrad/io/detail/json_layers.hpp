// detail_json::json_layer<L>: how one layer type maps to the JSON model formats. Internal.
//
// Each layer type the JSON io knows specialises json_layer with
//   supported          true
//   torch_modules      how many nn.Sequential modules it is (default state-dict numbering)
//   keras_writable     whether io::to_keras_json can name everything about it
//   display()          "dense<2, 3, tanh>", for messages
//   read_torch / write_torch   its tensors under a state-dict prefix
//   read_keras / write_keras   its entries of a Keras model's "layers" (read_keras consumes
//                              one or more entries and returns the index after them); an
//                              nn::named layer passes its name, written as the entry's "name"
//                              and checked against a "name" the file gives
// A new feed-forward layer is a new specialisation; the model-level code in torch_json.hpp and
// keras_json.hpp walks the layers through this interface only. The sequence layers (GRU,
// LSTM, Conv1D, batch norm, with their buffers) map through json_sequence_layers.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>

#include "../../nn/activations.hpp"
#include "../../nn/dense.hpp"
#include "../../nn/named.hpp"
#include "../json_options.hpp"
#include "json_common.hpp"

namespace constgrad::io::detail_json {

// ---- activations: their names in messages, in Keras files, and as PyTorch modules

// Activations the formats cannot name: nn::leaky_relu has a PyTorch module (nn.LeakyReLU(0.01))
// but no name the Keras exporter writes; a formula activation has neither.
template <class A>
struct activation_info {
    static constexpr bool keras_named = false;
    static constexpr std::string_view keras = "";
    static constexpr std::string_view display = "activation<formula>";
    static constexpr std::size_t torch_modules = 1;
};
template <>
struct activation_info<nn::identity> {
    static constexpr bool keras_named = true;  // "": no activation
    static constexpr std::string_view keras = "";
    static constexpr std::string_view display = "";
    static constexpr std::size_t torch_modules = 0;  // nn.Sequential has no module for it
};
template <>
struct activation_info<nn::leaky_relu> {
    static constexpr bool keras_named = false;
    static constexpr std::string_view keras = "";
    static constexpr std::string_view display = "leaky_relu";
    static constexpr std::size_t torch_modules = 1;
};
template <>
struct activation_info<nn::relu> {
    static constexpr bool keras_named = true;
    static constexpr std::string_view keras = "relu";
    static constexpr std::string_view display = "relu";
    static constexpr std::size_t torch_modules = 1;
};
template <>
struct activation_info<nn::tanh> {
    static constexpr bool keras_named = true;
    static constexpr std::string_view keras = "tanh";
    static constexpr std::string_view display = "tanh";
    static constexpr std::size_t torch_modules = 1;
};
template <>
struct activation_info<nn::sigmoid> {
    static constexpr bool keras_named = true;
    static constexpr std::string_view keras = "sigmoid";
    static constexpr std::string_view display = "sigmoid";
    static constexpr std::size_t torch_modules = 1;
};

// The exporter's activation names constgrad has no activation for.
inline bool keras_foreign_activation(std::string_view name) {
    return name == "softmax" || name == "elu" || name == "linear" || name == "softplus" ||
           name == "selu" || name == "swish" || name == "gelu" || name == "exponential";
}

// Whether a Keras activation string `found` fits activation A. "" means "none, or one the
// exporter does not know": it fits nn::identity and the activations Keras cannot name (and
// nothing else: tanh, relu and sigmoid the exporter always names).
template <class A>
bool activation_fits(std::string_view found) {
    return found == activation_info<A>::keras;
}

template <class A>
std::string activation_mismatch(std::string_view found) {
    using info = activation_info<A>;
    std::string text = "\"activation\": expected " + json_quote(info::keras);
    if (!info::keras_named)
        text += " (" + std::string(info::display) + " has no name in the Keras format)";
    else if (info::keras.empty())
        text += " (no activation)";
    text += ", found " + json_quote(found);
    if (found.empty())
        text += " (no activation, or one the exporter does not know)";
    else if (keras_foreign_activation(found))
        text += " (constgrad has no such activation)";
    else if (found != "tanh" && found != "relu" && found != "sigmoid")
        text += " (not an activation of the format)";
    return text;
}

// ---- Keras entries, shared by every layer type

// A "layers" entry's "type", checking the entry is an object with a string "type".
inline std::string keras_type(const json& entry, std::size_t i, const context& ctx,
                              std::size_t layer) {
    const std::string at = "layers" + index_text(i);
    if (!entry.is_object())
        ctx.fail(reason::wrong_structure,
                 at + ": expected a layer object ({\"type\": ..., ...}), found " + describe(entry),
                 layer);
    const auto type = entry.find("type");
    if (type == entry.end())
        ctx.fail(reason::missing_key, at + ": missing key \"type\"", layer, "type");
    if (!type->is_string())
        ctx.fail(reason::wrong_structure,
                 at + ": \"type\": expected a string, found " + describe(*type), layer, "type");
    return type->get<std::string>();
}

// The entry has every key of `required`, and no key outside `required` and `optional`.
inline void keras_fields(const json& entry, const where& w, std::string_view type,
                         std::initializer_list<std::string_view> required,
                         std::initializer_list<std::string_view> optional, const context& ctx) {
    for (std::string_view key : required)
        if (!entry.contains(key))
            ctx.fail(reason::missing_key, w.text() + ": missing key " + json_quote(key), w.layer,
                     std::string(key));
    for (const auto& item : entry.items()) {
        bool known = false;
        for (std::string_view key : required) known = known || item.key() == key;
        for (std::string_view key : optional) known = known || item.key() == key;
        if (!known)
            ctx.fail(reason::unexpected_key,
                     w.text() + ": unexpected key " + json_quote(item.key()) +
                         " (a " + json_quote(type) + " entry has no such field)",
                     w.layer, item.key());
    }
}

inline std::string keras_string(const json& entry, std::string_view key, const where& w,
                                const context& ctx) {
    const json& v = entry[std::string(key)];
    if (!v.is_string())
        ctx.fail(reason::wrong_structure,
                 w.text() + ": " + json_quote(key) + ": expected a string, found " + describe(v),
                 w.layer, std::string(key));
    return v.get<std::string>();
}

// A Keras shape ([null, 8], [8], [null, null, 8]): a non-empty array whose last element is
// `width` and whose other elements are null or non-negative integers (batch, time).
inline void keras_shape(const json& v, std::size_t width, const where& w, const char* what,
                        const context& ctx) {
    const auto wrong = [&](const std::string& found) {
        ctx.fail(reason::wrong_shape,
                 w.text() + ": " + json_quote(w.key) + ": expected [null, " + std::to_string(width) +
                     "] (" + what + " " + std::to_string(width) + " last), found " + found,
                 w.layer, w.key);
    };
    if (!v.is_array() || v.empty()) wrong(describe(v));
    // Shown as written when it is a short list of scalars ([null, 3]); otherwise described
    // (never serialised whole: a nested value can be arbitrarily deep).
    const auto shown = [&] {
        if (v.size() > 8) return describe(v);
        std::string text = "[";
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i].is_array() || v[i].is_object()) return describe(v);
            text += (i == 0 ? "" : ", ") + (v[i].is_string() ? json_quote(v[i].get<std::string>())
                                                             : v[i].dump());
        }
        return text + "]";
    };
    for (std::size_t i = 0; i + 1 < v.size(); ++i)
        if (!v[i].is_null() && !v[i].is_number_unsigned()) wrong(shown());
    const json& last = v[v.size() - 1];
    if (!last.is_number_unsigned() || last.get<std::uint64_t>() != width) wrong(shown());
}

// The activation entries ({"type": "activation", "activation": "tanh"}) from entry `next` on
// merge into the layer before them: returns the index after them, updates `activation` and
// `source` (the entry the activation came from). A layer applies one activation, so an
// activation entry after a layer that already has one, or after another activation entry,
// is an error; an activation entry "" counts as an (unknown) activation like any other.
inline std::size_t keras_merge_activations(const json& layers, std::size_t next,
                                           std::string& activation, std::size_t& source,
                                           const std::string& about, std::size_t layer,
                                           const context& ctx) {
    bool merged = false;
    while (next < layers.size() && layers[next].is_object() && layers[next].contains("type") &&
           layers[next]["type"] == "activation") {
        const where w{"layers" + index_text(next), about, layer, {}};
        keras_fields(layers[next], w, "activation", {"type", "activation"},
                     {"shape", "weights", "name"}, ctx);
        const std::string found = keras_string(layers[next], "activation", w, ctx);
        if (layers[next].contains("weights")) {
            const json& weights = layers[next]["weights"];
            if (!weights.is_array() || !weights.empty())
                ctx.fail(reason::wrong_shape,
                         w.text() + ": \"weights\": expected [] (an activation has none), found " +
                             describe(weights),
                         layer, "weights");
        }
        if (merged || !activation.empty())
            ctx.fail(reason::wrong_activation,
                     w.text() + ": \"activation\": an activation entry " + json_quote(found) +
                         " follows layers" + index_text(source) + ", whose activation is already " +
                         json_quote(activation.empty() ? std::string("(unknown)") : activation) +
                         ": a constgrad layer applies one activation",
                     layer, "activation");
        activation = found;
        source = next;
        merged = true;
        ++next;
    }
    return next;
}

// A Keras entry's optional "name": a string, and for an nn::named layer (`named`) its name.
inline void keras_name(const json& entry, const where& w, bool named, std::string_view name,
                       const context& ctx) {
    if (!entry.contains("name")) return;
    const std::string found = keras_string(entry, "name", w, ctx);
    if (named && found != name)
        ctx.fail(reason::wrong_layer_kind,
                 w.text() + ": \"name\": expected " + json_quote(name) +
                     " (the layer is nn::named<" + json_quote(name) + ", ...>), found " +
                     json_quote(found),
                 w.layer, "name");
}

// ---- layers

template <class L>
struct json_layer {
    static constexpr bool supported = false;
    static constexpr bool keras_writable = false;
    static constexpr std::size_t torch_modules = 1;
};

template <std::size_t In, std::size_t Out, class Act>
struct json_layer<nn::dense<In, Out, Act>> {
    using act = activation_info<Act>;
    template <class T>
    using parameters = nn::dense_parameters<T, In, Out>;

    static constexpr bool supported = true;
    static constexpr bool keras_writable = act::keras_named;
    static constexpr std::size_t torch_modules = 1 + act::torch_modules;

    static std::string display() {
        std::string text = "dense<" + std::to_string(In) + ", " + std::to_string(Out);
        if (!act::display.empty()) text += ", " + std::string(act::display);
        return text + ">";
    }

    static std::string key(const std::string& prefix, const char* name) {
        return prefix.empty() ? std::string(name) : prefix + "." + name;
    }

    // "<prefix>.weight" [Out][In] and "<prefix>.bias" [Out].
    template <class T>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options& options, const std::string& missing_hint,
                           parameters<T>& p) {
        const std::string about = " (layer " + std::to_string(layer) + ", " + display() + ")";
        const std::string weight = key(prefix, "weight");
        const std::string bias = key(prefix, "bias");
        const auto w = root.find(weight);
        if (w == root.end())
            ctx.fail(reason::missing_key,
                     "missing key " + json_quote(weight) + about + ": expected its weight [" +
                         std::to_string(Out) + "][" + std::to_string(In) + "]" + missing_hint,
                     layer, weight);
        used.insert(weight);
        matrix<T, Out, In>(*w, ctx, where{json_quote(weight), about, layer, weight},
                           "(PyTorch's [out][in])",
                           [&](std::size_t o, std::size_t i, T x) { p.w[o][i] = x; });
        const auto b = root.find(bias);
        if (b == root.end()) {
            if (!options.missing_bias_is_zero)
                ctx.fail(reason::missing_key,
                         "missing key " + json_quote(bias) + about + ": expected its bias [" +
                             std::to_string(Out) +
                             "] (torch_json_options::missing_bias_is_zero is off)" + missing_hint,
                         layer, bias);
            p.b = {};
        } else {
            used.insert(bias);
            vector<T, Out>(*b, ctx, where{json_quote(bias), about, layer, bias}, "(PyTorch's [out])",
                           p.b);
        }
    }

    template <class T>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const parameters<T>& p) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        out += "  " + json_quote(key(prefix, "weight")) + ": ";
        append_list(out, Out, [&](std::size_t o) {
            append_list(out, In, [&](std::size_t i) {
                check_finite(p.w[o][i], name + "w" + index_text(o) + index_text(i));
                append_number(out, p.w[o][i]);
            });
        });
        out += ",\n  " + json_quote(key(prefix, "bias")) + ": ";
        append_list(out, Out, [&](std::size_t o) {
            check_finite(p.b[o], name + "b" + index_text(o));
            append_number(out, p.b[o]);
        });
    }

    // {"type": "dense", "activation": ..., "shape": [null, Out], "weights": [kernel [In][Out],
    // bias [Out]]} (and an optional "name", checked when the layer is `named`), then any
    // "activation" entries that merge into it.
    template <class T>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options& options,
                                  parameters<T>& p, bool named = false,
                                  std::string_view name = {}) {
        const std::string about = " (layer " + std::to_string(layer) + ", " + display() + ")";
        const std::string at = "layers" + index_text(entry);
        const json& e = layers[entry];
        const std::string type = keras_type(e, entry, ctx, layer);
        // "time-distributed-dense": what RTNeural's exporter writes for TimeDistributed(Dense),
        // the same kernel and bias applied to every frame.
        if (type != "dense" && type != "time-distributed-dense")
            ctx.fail(reason::wrong_layer_kind,
                     at + about + ": \"type\": expected \"dense\", found " + json_quote(type) +
                         (type == "activation" ? " (an activation entry with no layer before it)"
                                               : ""),
                     layer, "type");
        const where w{at, about, layer, {}};
        keras_fields(e, w, type, {"type", "activation", "shape", "weights"}, {"name"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, named, name, ctx);

        std::string activation = keras_string(e, "activation", w, ctx);
        keras_shape(e["shape"], Out, where{at, about, layer, "shape"}, "the output width", ctx);

        const json& weights = e["weights"];
        if (!weights.is_array() || weights.size() > 2 ||
            weights.size() < (options.missing_bias_is_zero ? 1U : 2U))
            ctx.fail(reason::wrong_shape,
                     at + about + ": \"weights\": expected [kernel [" + std::to_string(In) + "][" +
                         std::to_string(Out) + "], bias [" + std::to_string(Out) + "]]" +
                         (options.missing_bias_is_zero ? " or [kernel]" : "") + ", found " +
                         (weights.is_array() ? std::to_string(weights.size()) +
                                                   (weights.size() == 1 ? " array" : " arrays")
                                             : describe(weights)),
                     layer, "weights");
        matrix<T, In, Out>(weights[0], ctx, where{at + ".weights[0]", about, layer, "weights"},
                           "(Keras's kernel [in][out])",
                           [&](std::size_t i, std::size_t o, T x) { p.w[o][i] = x; });
        if (weights.size() == 2)
            vector<T, Out>(weights[1], ctx, where{at + ".weights[1]", about, layer, "weights"},
                           "(the bias)", p.b);
        else
            p.b = {};

        std::size_t source = entry;
        const std::size_t next =
            keras_merge_activations(layers, entry + 1, activation, source, about, layer, ctx);
        if (!activation_fits<Act>(activation))
            ctx.fail(reason::wrong_activation,
                     "layers" + index_text(source) + about + ": " +
                         activation_mismatch<Act>(activation),
                     layer, "activation");
        return next;
    }

    template <class T>
    static void write_keras(std::string& out, std::size_t layer, const parameters<T>& p,
                            bool named = false, std::string_view layer_name = {}) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        out += "    {\"type\": \"dense\", ";
        if (named) out += "\"name\": " + json_quote(layer_name) + ", ";
        out += "\"activation\": " + json_quote(act::keras) +
               ", \"shape\": [null, " + std::to_string(Out) + "],\n     \"weights\": [";
        append_list(out, In, [&](std::size_t i) {
            append_list(out, Out, [&](std::size_t o) {
                check_finite(p.w[o][i], name + "w" + index_text(o) + index_text(i));
                append_number(out, p.w[o][i]);
            });
        });
        out += ",\n                 ";
        append_list(out, Out, [&](std::size_t o) {
            check_finite(p.b[o], name + "b" + index_text(o));
            append_number(out, p.b[o]);
        });
        out += "]}";
    }
};

// A named layer is its layer under another state-dict prefix (chosen by json_model) and with
// a Keras "name".
template <constgrad::detail::fixed_string Name, class L>
struct json_layer<nn::named<Name, L>> : json_layer<L> {
    using base = json_layer<L>;
    static constexpr std::string_view name = nn::named<Name, L>::name;

    static std::string display() { return "named<" + json_quote(name) + ", " + base::display() + ">"; }

    template <class Params>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options& options,
                                  Params& p) {
        return base::read_keras(layers, entry, layer, ctx, options, p, true, name);
    }

    template <class Params>
    static void write_keras(std::string& out, std::size_t layer, const Params& p) {
        base::write_keras(out, layer, p, true, name);
    }
};

}  // namespace constgrad::io::detail_json
