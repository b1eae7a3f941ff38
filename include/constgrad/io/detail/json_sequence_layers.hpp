// detail_json::json_sequence_layer<L>: how one sequence layer (nn::gru, nn::lstm, nn::conv1d,
// nn::batch_norm, nn::prelu, nn::activation_layer, nn::time_distributed<nn::dense>) maps to a
// PyTorch state dict and to the Keras/RTNeural model JSON. Internal.
//
// The interface is json_layer's (json_layers.hpp) with the layer's buffers beside its
// parameters (batch norm's running statistics are in a state dict and in a Keras file):
//   supported, keras_writable, torch_modules, display()
//   read_torch(root, used, prefix, layer, ctx, options, hint, params, buffers)
//   write_torch(out, prefix, layer, params, buffers)   entries "  key: value", each after
//                                                      torch_separator(out)
//   read_keras(layers, entry, layer, ctx, options, params, buffers) -> the entry after its own
//   write_keras(out, layer, params, buffers)            exactly one "layers" entry
// The recurrent and convolution parameters are PyTorch's layout already (sequence/layer.hpp),
// so a state dict copies in; Keras's layouts are transposed and its GRU gates reordered here.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>

#include "../../nn/activations.hpp"
#include "../../nn/dense.hpp"
#include "../../sequence/batch_norm.hpp"
#include "../../sequence/conv1d.hpp"
#include "../../sequence/elu.hpp"
#include "../../sequence/gru.hpp"
#include "../../sequence/lstm.hpp"
#include "../../sequence/prelu.hpp"
#include "../../sequence/time_distributed.hpp"
#include "../json_options.hpp"
#include "json_common.hpp"
#include "json_layers.hpp"

namespace constgrad::io::detail_json {

// ---- shared helpers

inline std::string torch_key(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

// ",\n" between state-dict entries (none after the opening "{\n"): a layer may have no tensor.
inline void torch_separator(std::string& out) {
    if (!out.empty() && out.back() != '\n') out += ",\n";
}

// The value under `key`, marked used; a missing_key error when it is absent, unless
// `optional` (then nullptr).
inline const json* torch_tensor(const json& root, std::set<std::string>& used,
                                const std::string& key, const std::string& about,
                                std::size_t layer, const std::string& expected,
                                const std::string& hint, const context& ctx,
                                bool optional = false) {
    const auto it = root.find(key);
    if (it == root.end()) {
        if (optional) return nullptr;
        ctx.fail(reason::missing_key,
                 "missing key " + json_quote(key) + about + ": expected " + expected + hint, layer,
                 key);
    }
    used.insert(key);
    return &*it;
}

inline std::string dims(std::size_t a) { return index_text(a); }
inline std::string dims(std::size_t a, std::size_t b) { return index_text(a) + index_text(b); }
inline std::string dims(std::size_t a, std::size_t b, std::size_t c) {
    return index_text(a) + index_text(b) + index_text(c);
}

// A rank-3 array [A][B][C] of numbers: set(a, b, c, value) for each.
template <class T, std::size_t A, std::size_t B, std::size_t C, class Set>
void tensor3(const json& v, const context& ctx, const where& w, const char* layout, Set set) {
    bool ok = v.is_array() && v.size() == A;
    for (std::size_t a = 0; ok && a < A; ++a) {
        ok = v[a].is_array() && v[a].size() == B;
        for (std::size_t b = 0; ok && b < B; ++b) ok = v[a][b].is_array() && v[a][b].size() == C;
    }
    if (!ok)
        ctx.fail(reason::wrong_shape,
                 w.text() + ": wrong shape: expected " + dims(A, B, C) + " " + layout +
                     ", found " + describe(v),
                 w.layer, w.key);
    for (std::size_t a = 0; a < A; ++a)
        for (std::size_t b = 0; b < B; ++b)
            for (std::size_t c = 0; c < C; ++c)
                set(a, b, c, number<T>(v[a][b][c], ctx, w, dims(a, b, c)));
}

// Writers of nested lists; get(...) returns the scalar, `name` says whose it is if not finite.
template <class Get>
void write_vector(std::string& out, std::size_t n, const std::string& name, Get get) {
    append_list(out, n, [&](std::size_t i) {
        const auto x = get(i);
        check_finite(x, name + index_text(i));
        append_number(out, x);
    });
}
template <class Get>
void write_matrix(std::string& out, std::size_t rows, std::size_t cols, const std::string& name,
                  Get get) {
    append_list(out, rows, [&](std::size_t r) {
        write_vector(out, cols, name + index_text(r), [&](std::size_t c) { return get(r, c); });
    });
}

inline std::string about_layer(std::size_t layer, const std::string& display) {
    return " (layer " + std::to_string(layer) + ", " + display + ")";
}

// A "layers" entry of one of `types` (a wrong_layer_kind error otherwise); returns its type.
inline std::string keras_entry_type(const json& layers, std::size_t entry, std::size_t layer,
                                    const std::string& about,
                                    std::initializer_list<std::string_view> types,
                                    const context& ctx) {
    const std::string type = keras_type(layers[entry], entry, ctx, layer);
    std::string expected;
    for (std::string_view t : types) {
        if (type == t) return type;
        expected += (expected.empty() ? "" : " or ") + json_quote(t);
    }
    ctx.fail(reason::wrong_layer_kind,
             "layers" + index_text(entry) + about + ": \"type\": expected " + expected +
                 ", found " + json_quote(type),
             layer, "type");
}

// An optional string field that, when present, must be one of `allowed` (the first is what
// the network means); `why` says what the field is.
inline void keras_fixed_string(const json& e, std::string_view key, const where& w,
                               std::initializer_list<std::string_view> allowed, reason why,
                               const std::string& meaning, const context& ctx) {
    if (!e.contains(key)) return;
    const std::string found = keras_string(e, key, w, ctx);
    for (std::string_view a : allowed)
        if (found == a) return;
    ctx.fail(why,
             w.text() + ": " + json_quote(key) + ": expected " + json_quote(*allowed.begin()) +
                 " (" + meaning + "), found " + json_quote(found),
             w.layer, std::string(key));
}

// The "weights" array of an entry, with between `least` and `most` elements.
inline const json& keras_weights(const json& e, const where& w, std::size_t least,
                                 std::size_t most, const std::string& expected,
                                 const context& ctx) {
    const json& weights = e["weights"];
    if (!weights.is_array() || weights.size() < least || weights.size() > most)
        ctx.fail(reason::wrong_shape,
                 w.text() + ": \"weights\": expected " + expected + ", found " +
                     (weights.is_array() ? std::to_string(weights.size()) +
                                               (weights.size() == 1 ? " array" : " arrays")
                                         : describe(weights)),
                 w.layer, "weights");
    return weights;
}

// A one-element integer list such as Keras's "kernel_size": [3] (a bare integer is accepted
// too) whose value must be `expected`.
inline void keras_size_setting(const json& e, std::string_view key, std::size_t expected,
                               const where& w, reason why, const context& ctx) {
    const json& v = e[std::string(key)];
    const json& last = v.is_array() && v.size() == 1 ? v[0] : v;
    if (last.is_number_unsigned() && last.get<std::uint64_t>() == expected) return;
    // A short list of numbers is shown as written ([1]), anything else described.
    bool short_list = v.is_array() && v.size() <= 4;
    for (std::size_t i = 0; short_list && i < v.size(); ++i) short_list = v[i].is_number();
    const std::string shown = short_list || v.is_number() ? v.dump() : describe(v);
    ctx.fail(why,
             w.text() + ": " + json_quote(key) + ": expected [" + std::to_string(expected) +
                 "] (the network's), found " + shown,
             w.layer, std::string(key));
}

// ---- the layers

template <class L>
struct json_sequence_layer {
    static constexpr bool supported = false;
    static constexpr bool keras_writable = false;
    static constexpr std::size_t torch_modules = 1;
};

// GRU (Gates 3) and LSTM (Gates 4): PyTorch's weight_ih_l0 [G·H][In], weight_hh_l0 [G·H][H],
// bias_ih_l0, bias_hh_l0 [G·H], gates r, z, n (GRU) and i, f, g, o (LSTM). Keras's kernel
// [In][G·H], recurrent_kernel [H][G·H]; its GRU gates are z, r, h (z and r swapped), its LSTM
// gates i, f, c, o (PyTorch's order). Keras's GRU (reset_after=True, the default since TF 2)
// has a bias [2][3H] (input, recurrent): PyTorch's two biases; its LSTM one bias [4H].
template <std::size_t In, std::size_t H, std::size_t Gates>
struct json_recurrent {
    static constexpr bool is_gru = Gates == 3;
    static constexpr std::size_t rows = Gates * H;
    static constexpr bool supported = true;
    static constexpr bool keras_writable = true;
    static constexpr std::size_t torch_modules = 1;

    static std::string display() {
        return std::string(is_gru ? "gru<" : "lstm<") + std::to_string(In) + ", " +
               std::to_string(H) + ">";
    }

    // PyTorch's row of Keras's column c, and back (the same map: GRU swaps gates 0 and 1).
    static constexpr std::size_t swap_row(std::size_t c) noexcept {
        if constexpr (is_gru) {
            const std::size_t gate = c / H, unit = c % H;
            const std::size_t other = gate == 0 ? 1 : gate == 1 ? 0 : gate;
            return other * H + unit;
        } else {
            return c;
        }
    }

    template <class T, class B>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options& options, const std::string& hint,
                           nn::recurrent_parameters<T, In, H, Gates>& p, B&) {
        const std::string about = about_layer(layer, display());
        const std::string wih = torch_key(prefix, "weight_ih_l0");
        const std::string whh = torch_key(prefix, "weight_hh_l0");
        const std::string bih = torch_key(prefix, "bias_ih_l0");
        const std::string bhh = torch_key(prefix, "bias_hh_l0");
        matrix<T, rows, In>(*torch_tensor(root, used, wih, about, layer,
                                          "weight_ih_l0 " + dims(rows, In), hint, ctx),
                            ctx, where{json_quote(wih), about, layer, wih},
                            "(PyTorch's [gates*hidden][in])",
                            [&](std::size_t o, std::size_t i, T x) { p.weight_ih[o][i] = x; });
        matrix<T, rows, H>(*torch_tensor(root, used, whh, about, layer,
                                         "weight_hh_l0 " + dims(rows, H), hint, ctx),
                           ctx, where{json_quote(whh), about, layer, whh},
                           "(PyTorch's [gates*hidden][hidden])",
                           [&](std::size_t o, std::size_t i, T x) { p.weight_hh[o][i] = x; });
        const bool optional = options.missing_bias_is_zero;  // nn.GRU(bias=False) has neither
        const std::string bias_hint =
            " (torch_json_options::missing_bias_is_zero is off)" + hint;
        if (const json* b = torch_tensor(root, used, bih, about, layer, "bias_ih_l0 " + dims(rows),
                                         bias_hint, ctx, optional))
            vector<T, rows>(*b, ctx, where{json_quote(bih), about, layer, bih}, "(PyTorch's [gates*hidden])",
                            p.bias_ih);
        else
            p.bias_ih = {};
        if (const json* b = torch_tensor(root, used, bhh, about, layer, "bias_hh_l0 " + dims(rows),
                                         bias_hint, ctx, optional))
            vector<T, rows>(*b, ctx, where{json_quote(bhh), about, layer, bhh}, "(PyTorch's [gates*hidden])",
                            p.bias_hh);
        else
            p.bias_hh = {};
    }

    template <class T, class B>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const nn::recurrent_parameters<T, In, H, Gates>& p, const B&) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        const auto entry = [&](const char* key) {
            torch_separator(out);
            out += "  " + json_quote(torch_key(prefix, key)) + ": ";
        };
        entry("weight_ih_l0");
        write_matrix(out, rows, In, name + "weight_ih",
                     [&](std::size_t o, std::size_t i) { return p.weight_ih[o][i]; });
        entry("weight_hh_l0");
        write_matrix(out, rows, H, name + "weight_hh",
                     [&](std::size_t o, std::size_t i) { return p.weight_hh[o][i]; });
        entry("bias_ih_l0");
        write_vector(out, rows, name + "bias_ih", [&](std::size_t o) { return p.bias_ih[o]; });
        entry("bias_hh_l0");
        write_vector(out, rows, name + "bias_hh", [&](std::size_t o) { return p.bias_hh[o]; });
    }

    // {"type": "gru" | "lstm", "shape": [null, null, H], "weights": [kernel, recurrent_kernel,
    // bias]} with optional "activation" (must be "tanh") and "name".
    template <class T, class B>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options& options,
                                  nn::recurrent_parameters<T, In, H, Gates>& p, B&) {
        const std::string about = about_layer(layer, display());
        const std::string at = "layers" + index_text(entry);
        const std::string type =
            keras_entry_type(layers, entry, layer, about, {is_gru ? "gru" : "lstm"}, ctx);
        const json& e = layers[entry];
        const where w{at, about, layer, {}};
        keras_fields(e, w, type, {"type", "shape", "weights"}, {"activation", "name"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, false, {}, ctx);
        keras_fixed_string(e, "activation", where{at, about, layer, "activation"}, {"tanh"},
                           reason::wrong_activation, "the cell's activation", ctx);
        keras_shape(e["shape"], H, where{at, about, layer, "shape"}, "the hidden width", ctx);
        const std::string bias_shape = is_gru ? dims(2, rows) : dims(rows);
        const json& weights = keras_weights(
            e, w, options.missing_bias_is_zero ? 2 : 3, 3,
            "[kernel " + dims(In, rows) + ", recurrent_kernel " + dims(H, rows) + ", bias " +
                bias_shape + "]" + (options.missing_bias_is_zero ? " or the first two" : ""),
            ctx);
        const where w0{at + ".weights[0]", about, layer, "weights"};
        matrix<T, In, rows>(weights[0], ctx, w0, "(Keras's kernel [in][gates*hidden])",
                            [&](std::size_t i, std::size_t c, T x) { p.weight_ih[swap_row(c)][i] = x; });
        const where w1{at + ".weights[1]", about, layer, "weights"};
        matrix<T, H, rows>(weights[1], ctx, w1, "(Keras's recurrent_kernel [hidden][gates*hidden])",
                           [&](std::size_t i, std::size_t c, T x) { p.weight_hh[swap_row(c)][i] = x; });
        p.bias_ih = {};
        p.bias_hh = {};
        if (weights.size() == 3) {
            const where w2{at + ".weights[2]", about, layer, "weights"};
            if constexpr (is_gru) {
                if (weights[2].is_array() && weights[2].size() == rows && !weights[2].empty() &&
                    !weights[2][0].is_array())
                    ctx.fail(reason::wrong_shape,
                             w2.text() + ": wrong shape: expected " + dims(2, rows) +
                                 " (input and recurrent bias: Keras's GRU(reset_after=True)), "
                                 "found " + describe(weights[2]) +
                                 " (a GRU(reset_after=False), which computes another function)",
                             layer, "weights");
                matrix<T, 2, rows>(weights[2], ctx, w2, "(Keras's bias [input, recurrent][3*hidden])",
                                   [&](std::size_t r, std::size_t c, T x) {
                                       (r == 0 ? p.bias_ih : p.bias_hh)[swap_row(c)] = x;
                                   });
            } else {
                std::array<T, rows> bias{};
                vector<T, rows>(weights[2], ctx, w2, "(Keras's one bias [4*hidden])", bias);
                p.bias_ih = bias;  // bias_hh stays 0: the sum is what the cell adds
            }
        }
        return entry + 1;
    }

    // An LSTM's Keras bias is bias_ih + bias_hh (one rounding per element): Keras has one.
    template <class T, class B>
    static void write_keras(std::string& out, std::size_t layer,
                            const nn::recurrent_parameters<T, In, H, Gates>& p, const B&) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        out += std::string("    {\"type\": \"") + (is_gru ? "gru" : "lstm") +
               "\", \"activation\": \"tanh\", \"shape\": [null, null, " + std::to_string(H) +
               "],\n     \"weights\": [";
        write_matrix(out, In, rows, name + "kernel",
                     [&](std::size_t i, std::size_t c) { return p.weight_ih[swap_row(c)][i]; });
        out += ",\n                 ";
        write_matrix(out, H, rows, name + "recurrent_kernel",
                     [&](std::size_t i, std::size_t c) { return p.weight_hh[swap_row(c)][i]; });
        out += ",\n                 ";
        if constexpr (is_gru) {
            write_matrix(out, 2, rows, name + "bias", [&](std::size_t r, std::size_t c) {
                return (r == 0 ? p.bias_ih : p.bias_hh)[swap_row(c)];
            });
        } else {
            write_vector(out, rows, name + "bias (bias_ih + bias_hh)",
                         [&](std::size_t c) { return T(p.bias_ih[c] + p.bias_hh[c]); });
        }
        out += "]}";
    }
};

template <std::size_t In, std::size_t H>
struct json_sequence_layer<nn::gru<In, H>> : json_recurrent<In, H, 3> {};
template <std::size_t In, std::size_t H>
struct json_sequence_layer<nn::lstm<In, H>> : json_recurrent<In, H, 4> {};

// Causal dilated Conv1d: PyTorch's weight [Out][In/Groups][K] and bias [Out]; Keras's
// Conv1D(padding="causal") kernel [K][In/Groups][Out] (tap k multiplies the same frame
// x[t - (K-1-k)·Dilation] in both) and bias.
template <std::size_t In, std::size_t Out, std::size_t K, std::size_t D, std::size_t G>
struct json_sequence_layer<nn::conv1d<In, Out, K, D, G>> {
    static constexpr std::size_t in_group = In / G;
    static constexpr bool supported = true;
    static constexpr bool keras_writable = true;
    static constexpr std::size_t torch_modules = 1;
    template <class T>
    using parameters = nn::conv1d_parameters<T, In, Out, K, G>;

    static std::string display() {
        std::string text = "conv1d<" + std::to_string(In) + ", " + std::to_string(Out) + ", " +
                           std::to_string(K) + ", " + std::to_string(D);
        if (G != 1) text += ", " + std::to_string(G);
        return text + ">";
    }

    template <class T, class B>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options& options, const std::string& hint,
                           parameters<T>& p, B&) {
        const std::string about = about_layer(layer, display());
        const std::string weight = torch_key(prefix, "weight");
        const std::string bias = torch_key(prefix, "bias");
        tensor3<T, Out, in_group, K>(
            *torch_tensor(root, used, weight, about, layer, "its weight " + dims(Out, in_group, K),
                          hint, ctx),
            ctx, where{json_quote(weight), about, layer, weight},
            "(PyTorch's [out][in/groups][kernel])",
            [&](std::size_t o, std::size_t i, std::size_t k, T x) { p.at(o, i, k) = x; });
        if (const json* b = torch_tensor(root, used, bias, about, layer, "its bias " + dims(Out),
                                         " (torch_json_options::missing_bias_is_zero is off)" + hint,
                                         ctx, options.missing_bias_is_zero))
            vector<T, Out>(*b, ctx, where{json_quote(bias), about, layer, bias}, "(PyTorch's [out])",
                           p.bias);
        else
            p.bias = {};
    }

    template <class T, class B>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const parameters<T>& p, const B&) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        torch_separator(out);
        out += "  " + json_quote(torch_key(prefix, "weight")) + ": ";
        append_list(out, Out, [&](std::size_t o) {
            write_matrix(out, in_group, K, name + "weight" + index_text(o),
                         [&](std::size_t i, std::size_t k) { return p.at(o, i, k); });
        });
        torch_separator(out);
        out += "  " + json_quote(torch_key(prefix, "bias")) + ": ";
        write_vector(out, Out, name + "bias", [&](std::size_t o) { return p.bias[o]; });
    }

    // {"type": "conv1d", "shape": [null, null, Out], "kernel_size": [K], "dilation": [D],
    // "weights": [kernel [K][In/G][Out], bias [Out]]}; optional "activation" (""), "padding"
    // ("causal"), "groups" (G, 1 when absent), "name".
    template <class T, class B>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options& options,
                                  parameters<T>& p, B&) {
        const std::string about = about_layer(layer, display());
        const std::string at = "layers" + index_text(entry);
        keras_entry_type(layers, entry, layer, about, {"conv1d"}, ctx);
        const json& e = layers[entry];
        const where w{at, about, layer, {}};
        keras_fields(e, w, "conv1d", {"type", "shape", "weights", "kernel_size", "dilation"},
                     {"activation", "padding", "groups", "name"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, false, {}, ctx);
        keras_fixed_string(e, "activation", where{at, about, layer, "activation"}, {"", "linear"},
                           reason::wrong_activation,
                           "nn::conv1d has no activation: follow it with an "
                           "nn::activation_layer, written as its own \"activation\" entry",
                           ctx);
        keras_fixed_string(e, "padding", where{at, about, layer, "padding"}, {"causal"},
                           reason::wrong_setting, "nn::conv1d is causal", ctx);
        keras_shape(e["shape"], Out, where{at, about, layer, "shape"}, "the output channels", ctx);
        keras_size_setting(e, "kernel_size", K, where{at, about, layer, "kernel_size"},
                           reason::wrong_shape, ctx);
        keras_size_setting(e, "dilation", D, where{at, about, layer, "dilation"},
                           reason::wrong_setting, ctx);
        if (e.contains("groups"))
            keras_size_setting(e, "groups", G, where{at, about, layer, "groups"},
                               reason::wrong_setting, ctx);
        else if (G != 1)
            ctx.fail(reason::wrong_setting,
                     at + about + ": \"groups\": absent (1), but the network's convolution has " +
                         std::to_string(G) + " groups",
                     layer, "groups");
        const json& weights = keras_weights(
            e, w, options.missing_bias_is_zero ? 1 : 2, 2,
            "[kernel " + dims(K, in_group, Out) + ", bias " + dims(Out) + "]" +
                (options.missing_bias_is_zero ? " or [kernel]" : ""),
            ctx);
        tensor3<T, K, in_group, Out>(
            weights[0], ctx, where{at + ".weights[0]", about, layer, "weights"},
            "(Keras's kernel [kernel][in/groups][out])",
            [&](std::size_t k, std::size_t i, std::size_t o, T x) { p.at(o, i, k) = x; });
        if (weights.size() == 2)
            vector<T, Out>(weights[1], ctx, where{at + ".weights[1]", about, layer, "weights"},
                           "(the bias)", p.bias);
        else
            p.bias = {};
        return entry + 1;
    }

    template <class T, class B>
    static void write_keras(std::string& out, std::size_t layer, const parameters<T>& p, const B&) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        out += "    {\"type\": \"conv1d\", \"activation\": \"\", \"padding\": \"causal\", "
               "\"shape\": [null, null, " + std::to_string(Out) + "], \"kernel_size\": [" +
               std::to_string(K) + "], \"dilation\": [" + std::to_string(D) + "]";
        if (G != 1) out += ", \"groups\": " + std::to_string(G);
        out += ",\n     \"weights\": [";
        append_list(out, K, [&](std::size_t k) {
            write_matrix(out, in_group, Out, name + "kernel" + index_text(k),
                         [&](std::size_t i, std::size_t o) { return p.at(o, i, k); });
        });
        out += ",\n                 ";
        write_vector(out, Out, name + "bias", [&](std::size_t o) { return p.bias[o]; });
        out += "]}";
    }
};

// BatchNorm1d: weight, bias (parameters), running_mean, running_var, num_batches_tracked
// (buffers). Keras's BatchNormalization: [gamma, beta, moving_mean, moving_variance] and its
// "epsilon", which must be nn::batch_norm's 1e-5 (Keras's default is 1e-3).
template <std::size_t C>
struct json_sequence_layer<nn::batch_norm<C>> {
    static constexpr bool supported = true;
    static constexpr bool keras_writable = true;
    static constexpr std::size_t torch_modules = 1;
    template <class T>
    using parameters = nn::batch_norm_parameters<T, C>;
    template <class T>
    using buffers = nn::batch_norm_buffers<T, C>;

    static std::string display() { return "batch_norm<" + std::to_string(C) + ">"; }

    static std::int64_t count(const json& v, const context& ctx, const where& w) {
        if (!v.is_number())
            ctx.fail(reason::not_a_number,
                     w.text() + ": not a number: found " + describe(v) +
                         " (expected a non-negative integer, the batches counted)",
                     w.layer, w.key);
        if (v.is_number_unsigned() &&
            v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return static_cast<std::int64_t>(v.get<std::uint64_t>());
        ctx.fail(reason::wrong_structure,
                 w.text() + ": expected a non-negative integer (the batches counted), found " +
                     describe(v),
                 w.layer, w.key);
    }

    template <class T>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options&, const std::string& hint, parameters<T>& p,
                           buffers<T>& b) {
        const std::string about = about_layer(layer, display());
        const auto read = [&](const char* name, std::array<T, C>& to) {
            const std::string key = torch_key(prefix, name);
            vector<T, C>(*torch_tensor(root, used, key, about, layer,
                                       std::string(name) + " " + dims(C), hint, ctx),
                         ctx, where{json_quote(key), about, layer, key}, "(PyTorch's [channels])",
                         to);
        };
        read("weight", p.weight);
        read("bias", p.bias);
        read("running_mean", b.running_mean);
        read("running_var", b.running_var);
        const std::string key = torch_key(prefix, "num_batches_tracked");
        b.num_batches_tracked =
            count(*torch_tensor(root, used, key, about, layer,
                                "num_batches_tracked (an integer)", hint, ctx),
                  ctx, where{json_quote(key), about, layer, key});
    }

    template <class T>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const parameters<T>& p, const buffers<T>& b) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        const auto write = [&](const char* key, const std::array<T, C>& from) {
            torch_separator(out);
            out += "  " + json_quote(torch_key(prefix, key)) + ": ";
            write_vector(out, C, name + key, [&](std::size_t c) { return from[c]; });
        };
        write("weight", p.weight);
        write("bias", p.bias);
        write("running_mean", b.running_mean);
        write("running_var", b.running_var);
        torch_separator(out);
        out += "  " + json_quote(torch_key(prefix, "num_batches_tracked")) + ": " +
               std::to_string(b.num_batches_tracked);
    }

    // {"type": "batchnorm", "shape": [null, null, C], "epsilon": 1e-5, "weights": [gamma,
    // beta, moving_mean, moving_variance]}; optional "name", "momentum" (training only, not
    // checked) and "num_batches_tracked" (written by to_keras_json so that a round trip keeps
    // it; 0 when absent).
    template <class T>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options&,
                                  parameters<T>& p, buffers<T>& b) {
        const std::string about = about_layer(layer, display());
        const std::string at = "layers" + index_text(entry);
        keras_entry_type(layers, entry, layer, about, {"batchnorm"}, ctx);
        const json& e = layers[entry];
        const where w{at, about, layer, {}};
        keras_fields(e, w, "batchnorm", {"type", "shape", "weights", "epsilon"},
                     {"name", "momentum", "num_batches_tracked", "activation"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, false, {}, ctx);
        keras_fixed_string(e, "activation", where{at, about, layer, "activation"}, {""},
                           reason::wrong_activation, "a batch norm has no activation", ctx);
        keras_shape(e["shape"], C, where{at, about, layer, "shape"}, "the channels", ctx);
        const where we{at, about, layer, "epsilon"};
        const double eps = number<double>(e["epsilon"], ctx, we, ".epsilon");
        // 1e-5 as a double or as a float written out (9.99999974737875e-06).
        if (std::fabs(eps - nn::batch_norm<C>::eps) > 1e-6 * nn::batch_norm<C>::eps)
            ctx.fail(reason::wrong_setting,
                     at + about + ": \"epsilon\": expected 1e-05 (nn::batch_norm's, PyTorch's "
                     "default), found " + e["epsilon"].dump() +
                         (std::fabs(eps - 1e-3) < 1e-9 ? " (Keras's default)" : "") +
                         ": the layer would normalise differently",
                     layer, "epsilon");
        const json& weights = keras_weights(
            e, w, 4, 4, "[gamma, beta, moving_mean, moving_variance], each " + dims(C), ctx);
        const char* names[] = {"(gamma)", "(beta)", "(moving_mean)", "(moving_variance)"};
        std::array<T, C>* to[] = {&p.weight, &p.bias, &b.running_mean, &b.running_var};
        for (std::size_t k = 0; k < 4; ++k)
            vector<T, C>(weights[k], ctx,
                         where{at + ".weights" + index_text(k), about, layer, "weights"}, names[k],
                         *to[k]);
        b.num_batches_tracked =
            e.contains("num_batches_tracked")
                ? count(e["num_batches_tracked"], ctx,
                        where{at + ".num_batches_tracked", about, layer, "num_batches_tracked"})
                : 0;
        return entry + 1;
    }

    template <class T>
    static void write_keras(std::string& out, std::size_t layer, const parameters<T>& p,
                            const buffers<T>& b) {
        const std::string name = "layer " + std::to_string(layer) + "'s ";
        out += "    {\"type\": \"batchnorm\", \"shape\": [null, null, " + std::to_string(C) +
               "], \"epsilon\": 1e-05, \"num_batches_tracked\": " +
               std::to_string(b.num_batches_tracked) + ",\n     \"weights\": [";
        const std::array<T, C>* from[] = {&p.weight, &p.bias, &b.running_mean, &b.running_var};
        const char* names[] = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (std::size_t k = 0; k < 4; ++k) {
            if (k != 0) out += ",\n                 ";
            write_vector(out, C, name + names[k], [&](std::size_t c) { return (*from[k])[c]; });
        }
        out += "]}";
    }
};

// PReLU(num_parameters=C): weight [C]; Keras PReLU(shared_axes=[1]) on (batch, time, C): alpha
// [1][C].
template <std::size_t C>
struct json_sequence_layer<nn::prelu<C>> {
    static constexpr bool supported = true;
    static constexpr bool keras_writable = true;
    static constexpr std::size_t torch_modules = 1;
    template <class T>
    using parameters = nn::prelu_parameters<T, C>;

    static std::string display() { return "prelu<" + std::to_string(C) + ">"; }

    template <class T, class B>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options&, const std::string& hint, parameters<T>& p,
                           B&) {
        const std::string about = about_layer(layer, display());
        const std::string key = torch_key(prefix, "weight");
        vector<T, C>(*torch_tensor(root, used, key, about, layer, "its weight " + dims(C), hint, ctx),
                     ctx, where{json_quote(key), about, layer, key},
                     "(PyTorch's PReLU(num_parameters=channels) [channels])", p.weight);
    }

    template <class T, class B>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const parameters<T>& p, const B&) {
        torch_separator(out);
        out += "  " + json_quote(torch_key(prefix, "weight")) + ": ";
        write_vector(out, C, "layer " + std::to_string(layer) + "'s weight",
                     [&](std::size_t c) { return p.weight[c]; });
    }

    template <class T, class B>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options&,
                                  parameters<T>& p, B&) {
        const std::string about = about_layer(layer, display());
        const std::string at = "layers" + index_text(entry);
        keras_entry_type(layers, entry, layer, about, {"prelu"}, ctx);
        const json& e = layers[entry];
        const where w{at, about, layer, {}};
        keras_fields(e, w, "prelu", {"type", "shape", "weights"}, {"name", "activation"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, false, {}, ctx);
        keras_fixed_string(e, "activation", where{at, about, layer, "activation"}, {""},
                           reason::wrong_activation, "PReLU is the activation", ctx);
        keras_shape(e["shape"], C, where{at, about, layer, "shape"}, "the channels", ctx);
        const json& weights = keras_weights(e, w, 1, 1, "[alpha " + dims(1, C) + "]", ctx);
        matrix<T, 1, C>(weights[0], ctx, where{at + ".weights[0]", about, layer, "weights"},
                        "(Keras's PReLU(shared_axes=[1]) alpha [1][channels])",
                        [&](std::size_t, std::size_t c, T x) { p.weight[c] = x; });
        return entry + 1;
    }

    template <class T, class B>
    static void write_keras(std::string& out, std::size_t layer, const parameters<T>& p, const B&) {
        out += "    {\"type\": \"prelu\", \"shape\": [null, null, " + std::to_string(C) +
               "],\n     \"weights\": [[";
        write_vector(out, C, "layer " + std::to_string(layer) + "'s alpha",
                     [&](std::size_t c) { return p.weight[c]; });
        out += "]]}";
    }
};

// An activation as a layer: a parameterless PyTorch module (nn.ELU(), nn.Tanh(), ...: no
// tensors), a Keras {"type": "activation", "activation": name} entry.
template <class A>
struct sequence_activation_name {
    static constexpr std::string_view keras = activation_info<A>::keras;
    static constexpr bool keras_named = activation_info<A>::keras_named && !keras.empty();
    static constexpr std::string_view display =
        activation_info<A>::display.empty() ? std::string_view("identity") : activation_info<A>::display;
};
template <>
struct sequence_activation_name<nn::elu> {
    static constexpr std::string_view keras = "elu";
    static constexpr bool keras_named = true;
    static constexpr std::string_view display = "elu";
};

template <std::size_t C, class A>
struct json_sequence_layer<nn::activation_layer<C, A>> {
    using name = sequence_activation_name<A>;
    static constexpr bool supported = true;
    static constexpr bool keras_writable = name::keras_named;
    static constexpr std::size_t torch_modules = 1;

    static std::string display() {
        return "activation_layer<" + std::to_string(C) + ", " + std::string(name::display) + ">";
    }

    template <class P, class B>
    static void read_torch(const json&, std::set<std::string>&, const std::string&, std::size_t,
                           const context&, const torch_json_options&, const std::string&, P&, B&) {}
    template <class P, class B>
    static void write_torch(std::string&, const std::string&, std::size_t, const P&, const B&) {}

    // {"type": "activation", "activation": name}; optional "shape" ([..., C]), "weights" ([]),
    // "name".
    template <class P, class B>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options&, P&, B&) {
        const std::string about = about_layer(layer, display());
        const std::string at = "layers" + index_text(entry);
        keras_entry_type(layers, entry, layer, about, {"activation"}, ctx);
        const json& e = layers[entry];
        const where w{at, about, layer, {}};
        keras_fields(e, w, "activation", {"type", "activation"}, {"shape", "weights", "name"}, ctx);
        keras_name(e, where{at, about, layer, "name"}, false, {}, ctx);
        if (e.contains("shape"))
            keras_shape(e["shape"], C, where{at, about, layer, "shape"}, "the channels", ctx);
        if (e.contains("weights") && (!e["weights"].is_array() || !e["weights"].empty()))
            ctx.fail(reason::wrong_shape,
                     at + about + ": \"weights\": expected [] (an activation has none), found " +
                         describe(e["weights"]),
                     layer, "weights");
        const std::string found = keras_string(e, "activation", w, ctx);
        if (found != name::keras)
            ctx.fail(reason::wrong_activation,
                     at + about + ": \"activation\": expected " + json_quote(name::keras) +
                         (name::keras_named ? "" : " (this activation has no name in the Keras format)") +
                         ", found " + json_quote(found),
                     layer, "activation");
        return entry + 1;
    }

    template <class P, class B>
    static void write_keras(std::string& out, std::size_t, const P&, const B&) {
        out += "    {\"type\": \"activation\", \"activation\": " + json_quote(name::keras) +
               ", \"shape\": [null, null, " + std::to_string(C) + "], \"weights\": []}";
    }
};

// nn.Linear on every frame (then its activation module): nn::dense's mapping under the layer's
// prefix; in Keras a "dense" or "time-distributed-dense" entry (activation entries after it
// merge into it, as for nn::dense).
template <std::size_t In, std::size_t Out, class Act>
struct json_sequence_layer<nn::time_distributed<nn::dense<In, Out, Act>>> {
    using dense = json_layer<nn::dense<In, Out, Act>>;
    static constexpr bool supported = true;
    static constexpr bool keras_writable = dense::keras_writable;
    static constexpr std::size_t torch_modules = dense::torch_modules;

    static std::string display() { return "time_distributed<" + dense::display() + ">"; }

    template <class P, class B>
    static void read_torch(const json& root, std::set<std::string>& used,
                           const std::string& prefix, std::size_t layer, const context& ctx,
                           const torch_json_options& options, const std::string& hint, P& p, B&) {
        dense::read_torch(root, used, prefix, layer, ctx, options, hint, p);
    }
    template <class P, class B>
    static void write_torch(std::string& out, const std::string& prefix, std::size_t layer,
                            const P& p, const B&) {
        torch_separator(out);
        dense::write_torch(out, prefix, layer, p);
    }
    template <class P, class B>
    static std::size_t read_keras(const json& layers, std::size_t entry, std::size_t layer,
                                  const context& ctx, const keras_json_options& options, P& p, B&) {
        return dense::read_keras(layers, entry, layer, ctx, options, p);
    }
    template <class P, class B>
    static void write_keras(std::string& out, std::size_t layer, const P& p, const B&) {
        dense::write_keras(out, layer, p);
    }
};

}  // namespace constgrad::io::detail_json
