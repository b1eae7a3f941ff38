// io::parse_torch_json, load_torch_json, to_torch_json, save_torch_json: a network's parameters
// as a PyTorch state dict in JSON ({"0.weight": [[...]], "0.bias": [...], ...}).
//
// Needs nlohmann-json 3 (Debian nlohmann-json3-dev; CMake: the constgrad::json target). Not
// included by constgrad/constgrad.hpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
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
P read_torch(std::string_view text, const context& ctx, const torch_json_options& options) {
    using model = json_model<P>;
    const json root = parse(text, ctx);
    if (!root.is_object())
        ctx.fail(reason::wrong_structure,
                 "expected a JSON object of state-dict tensors ({\"0.weight\": [[...]], "
                 "\"0.bias\": [...], ...}), found " +
                     describe(root));
    const std::vector<std::string> prefixes = model::torch_prefixes(options, ctx);
    const std::string hint =
        options.prefixes.empty()
            ? std::string(model::any_named
                              ? "; the default names are the nn::named layers' names and, for "
                                "the other layers, nn.Sequential's numbers, where every module "
                                "counts, activations included (prefixes "
                              : "; the default names follow nn.Sequential, where every module "
                                "counts, activations included (prefixes ") +
                  [&] {
                      std::string list;
                      for (const auto& p : prefixes) list += (list.empty() ? "" : ", ") + json_quote(p);
                      return list;
                  }() +
                  "): pass torch_json_options::prefixes for other names"
            : std::string();
    P p{};
    std::set<std::string> used;
    model::for_each_layer(p, [&](auto k, auto layer, auto& params) {
        decltype(layer)::read_torch(root, used, prefixes[k], k, ctx, options, hint, params);
    });
    refuse_unexpected_keys(root, used, model::widths(), hint, ctx);
    return p;
}

}  // namespace detail_json

/// The parameters of type P (a network's parameters<float> or <double>) from a PyTorch state
/// dict as JSON: one object whose keys are the state-dict names and whose values are nested
/// arrays in PyTorch's shapes (dense: "<prefix>.weight" [out][in], "<prefix>.bias" [out]).
/// The prefixes are the names of nn::named layers and nn.Sequential's numbers for the others,
/// unless `options.prefixes` names them all (see io::torch_json_options). A state dict holds
/// tensors only, so the activations are not checked. Every mismatch (missing or unexpected
/// key, wrong shape, non-numeric or out-of-range value, malformed or truncated JSON, a key
/// twice) throws io::json_error naming
/// the key, the layer, what was expected and what was found. `tools/export_state_dict.py`
/// writes such files from a PyTorch model.
///
///     auto p = constgrad::io::parse_torch_json<net::parameters<double>>(text);
template <class P>
P parse_torch_json(std::string_view text, const torch_json_options& options = {}) {
    static_assert(detail_json::json_model<P>::is_parameters,
                  "constgrad::io::parse_torch_json<P> / parse_keras_json<P>: P must be a "
                  "network's parameter type (network<...>::parameters<T>)");
    if constexpr (detail_json::json_model<P>::is_parameters) {
        if constexpr (detail_json::json_model<P>::check())
            return detail_json::read_torch<P>(text, {"constgrad::io::parse_torch_json: ", {}},
                                              options);
        else
            return P{};
    } else {
        return P{};
    }
}

/// parse_torch_json on the file at `path`, into `params`, which stay untouched on any failure
/// (io::json_error, whose `path()` is the file; reason file_not_found or read_failed for the
/// file itself). POSIX only.
///
///     constgrad::io::load_torch_json("model.json", params);
template <class T, class... Ls>
void load_torch_json(const std::filesystem::path& path, nn::network_parameters<T, Ls...>& params,
                     const torch_json_options& options = {}) {
    using P = nn::network_parameters<T, Ls...>;
    if constexpr (detail_json::json_model<P>::check()) {
        const detail_json::context ctx{
            "constgrad::io::load_torch_json(" + detail::io_quoted(path) + "): ", path};
        const std::string text = detail_json::read_file(path, detail_json::file_cap<P>, ctx);
        const P loaded = detail_json::read_torch<P>(text, ctx, options);
        params = loaded;
    }
}

/// The parameters as a PyTorch state dict in JSON, with the keys load_torch_json reads
/// (nn::named layers' names, nn.Sequential's numbering for the others, or
/// `options.prefixes`), every value written with the fewest digits that read back exactly. `tools/load_state_dict.py` loads it into a PyTorch model.
/// Throws std::invalid_argument for a NaN or infinite parameter (JSON cannot hold them) and
/// io::json_error (bad_options) for prefixes that do not fit the network.
template <class T, class... Ls>
std::string to_torch_json(const nn::network_parameters<T, Ls...>& params,
                          const torch_json_options& options = {}) {
    using P = nn::network_parameters<T, Ls...>;
    using model = detail_json::json_model<P>;
    std::string out;
    if constexpr (model::check()) {
        const auto prefixes =
            model::torch_prefixes(options, {"constgrad::io::to_torch_json: ", {}});
        out = "{\n";
        model::for_each_layer(params, [&](auto k, auto layer, const auto& p) {
            if (k != 0) out += ",\n";
            decltype(layer)::write_torch(out, prefixes[k], k, p);
        });
        out += "\n}\n";
    }
    return out;
}

/// to_torch_json written to `path` atomically, like io::save: at every moment the file holds
/// its previous contents or all of the new ones. Throws io::save_error (non_finite_value when
/// a parameter is NaN or infinite: nothing is written).
///
///     constgrad::io::save_torch_json("model.json", params);
template <class T, class... Ls>
void save_torch_json(const std::filesystem::path& path,
                     const nn::network_parameters<T, Ls...>& params,
                     const torch_json_options& options = {}) {
    std::string text;
    try {
        text = to_torch_json(params, options);
    } catch (const std::invalid_argument& e) {
        throw save_error(save_error::reason::non_finite_value,
                         "constgrad::io::save_torch_json(" + detail::io_quoted(path) +
                             "): " + e.what() + "; nothing was written",
                         path);
    }
    detail::io_atomic_write(path, std::as_bytes(std::span(text.data(), text.size())),
                            "constgrad::io::save_torch_json");
}

}  // namespace constgrad::io
