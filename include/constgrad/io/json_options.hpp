// io::torch_json_options, io::keras_json_options: settings of the JSON model loaders and writers.
#pragma once

#include <string>
#include <vector>

namespace constgrad::io {

/// Settings of io::parse_torch_json / load_torch_json / to_torch_json / save_torch_json.
///
/// `prefixes`: the state-dict prefix of each network layer, in order: layer k's tensors are
/// "<prefixes[k]>.weight" and "<prefixes[k]>.bias" ("weight" and "bias" for an empty prefix,
/// a lone nn.Linear). Empty (the default): an nn::named<"name", L> layer's name, and for the
/// other layers nn.Sequential's numbering, in which every module counts, activations
/// included: a layer with an activation other than nn::identity is two modules (nn.Linear,
/// then nn.Tanh / nn.ReLU / ...), an nn::identity layer one, so dense<2, 3, tanh> then
/// dense<3, 3> are "0.*" then "2.*", and named<"encoder", dense<2, 3, tanh>> then
/// dense<3, 3> are "encoder.*" then "2.*" (nn::state_dict_keys lists them at compile time).
/// Otherwise exactly one prefix per layer, all different, replacing the names too
/// (json_error::reason::bad_options).
///
/// `missing_bias_is_zero`: a layer whose "<prefix>.bias" is absent (nn.Linear(bias=False))
/// loads with zero biases, which computes the same function; false makes it a missing_key
/// error. Writers always write the bias.
///
///     constgrad::io::torch_json_options opts{.prefixes = {"hidden", "out"}};
struct torch_json_options {
    std::vector<std::string> prefixes{};
    bool missing_bias_is_zero = true;
};

/// Settings of io::parse_keras_json / load_keras_json.
///
/// `missing_bias_is_zero`: a dense entry whose "weights" holds the kernel only (what the
/// exporter writes for a Keras Dense(use_bias=False)) loads with zero biases; false makes it
/// a wrong_shape error. Writers always write the bias.
struct keras_json_options {
    bool missing_bias_is_zero = true;
};

}  // namespace constgrad::io
