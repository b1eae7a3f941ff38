// io::parse_torch_json, load_torch_json, to_torch_json, save_torch_json and the Keras ones for
// an nn::sequence_network: its parameters AND buffers (batch norm's running statistics) as a
// PyTorch state dict or as the Keras/RTNeural model JSON.
//
// Needs nlohmann-json 3 (Debian nlohmann-json3-dev; CMake: the constgrad::json target). Not
// included by constgrad/constgrad.hpp.
#pragma once

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "detail/atomic_write.hpp"
#include "detail/json_common.hpp"
#include "detail/json_sequence_model.hpp"
#include "json_error.hpp"
#include "json_options.hpp"
#include "keras_json.hpp"
#include "save_error.hpp"
#include "torch_json.hpp"

namespace constgrad::io {

namespace detail_json {

// The file's bytes cap: the parameters' and the buffers' numbers (the buffers are at most as
// many as the parameters: batch norm has 2 of each per channel).
template <class P>
constexpr std::size_t sequence_file_cap = 2 * file_cap<P>;

template <class Text>
void atomic_save(const std::filesystem::path& path, const char* call, Text make) {
    std::string text;
    try {
        text = make();
    } catch (const std::invalid_argument& e) {
        throw save_error(save_error::reason::non_finite_value,
                         std::string(call) + "(" + detail::io_quoted(path) + "): " + e.what() +
                             "; nothing was written",
                         path);
    }
    detail::io_atomic_write(path, std::as_bytes(std::span(text.data(), text.size())), call);
}

}  // namespace detail_json

/// A sequence network's parameters and buffers from a PyTorch state dict as JSON, the module
/// list of the network's layers: layer k's tensors under "<k>." (nn.Sequential's numbering, one
/// module per layer, one more for a time-distributed dense's activation; or
/// `options.prefixes`):
///
///     gru / lstm        weight_ih_l0 [G·H][In], weight_hh_l0 [G·H][H], bias_ih_l0, bias_hh_l0 [G·H]
///     conv1d            weight [Out][In/Groups][K], bias [Out]
///     batch_norm        weight, bias, running_mean, running_var [C], num_batches_tracked (integer)
///     prelu             weight [C]
///     time_distributed  weight [Out][In], bias [Out] (nn.Linear)
///     activation_layer  none
///
/// `params` and `buffers` are assigned only when everything was read; any mismatch throws
/// io::json_error (as parse_torch_json<P> for nn::network) and leaves both untouched. Biases
/// may be absent (nn.GRU(bias=False), Conv1d(bias=False)) unless
/// `options.missing_bias_is_zero` is off.
///
///     net::parameters<float> p{};  net::buffers<float> b{};
///     constgrad::io::parse_torch_json(text, p, b);
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void parse_torch_json(std::string_view text, P& params, B& buffers,
                      const torch_json_options& options = {}) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check()) {
        P p{};
        B b{};
        model::read_torch(text, {"constgrad::io::parse_torch_json: ", {}}, options, p, b);
        params = p;
        buffers = b;
    }
}

/// parse_torch_json on the file at `path` (io::json_error's `path()` is the file; reasons
/// file_not_found and read_failed for the file itself). POSIX only.
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void load_torch_json(const std::filesystem::path& path, P& params, B& buffers,
                     const torch_json_options& options = {}) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check()) {
        const detail_json::context ctx{
            "constgrad::io::load_torch_json(" + detail::io_quoted(path) + "): ", path};
        const std::string text =
            detail_json::read_file(path, detail_json::sequence_file_cap<P>, ctx);
        P p{};
        B b{};
        model::read_torch(text, ctx, options, p, b);
        params = p;
        buffers = b;
    }
}

/// The parameters and buffers as the state dict load_torch_json reads, every value with the
/// fewest digits that read back exactly (num_batches_tracked as an integer). Throws
/// std::invalid_argument for a NaN or infinite value, io::json_error (bad_options) for
/// prefixes that do not fit the network.
template <class P, class B>
    requires detail_json::sequence_model<P, B>
std::string to_torch_json(const P& params, const B& buffers,
                          const torch_json_options& options = {}) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check())
        return model::write_torch(params, buffers, options);
    else
        return {};
}

/// to_torch_json written to `path` atomically (io::save_error; non_finite_value: nothing is
/// written).
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void save_torch_json(const std::filesystem::path& path, const P& params, const B& buffers,
                     const torch_json_options& options = {}) {
    detail_json::atomic_save(path, "constgrad::io::save_torch_json",
                             [&] { return to_torch_json(params, buffers, options); });
}

/// A sequence network's parameters and buffers from the Keras/RTNeural model JSON
/// ({"in_shape": [null, null, In], "layers": [...]}), one entry per layer:
///
///     gru        {"type": "gru", "shape": [null, null, H], "weights": [kernel [In][3H],
///                 recurrent_kernel [H][3H], bias [2][3H]]}: Keras's gates z, r, h become
///                 PyTorch's r, z, n; bias[0] is bias_ih, bias[1] bias_hh (reset_after=True)
///     lstm       {"type": "lstm", ..., "weights": [kernel [In][4H], recurrent_kernel [H][4H],
///                 bias [4H]]}: gates i, f, c, o = i, f, g, o; bias_ih = bias, bias_hh = 0
///     conv1d     {"type": "conv1d", "kernel_size": [K], "dilation": [D], "groups": G
///                 (optional when 1), "padding": "causal" (optional), "weights": [kernel
///                 [K][In/G][Out], bias [Out]]}
///     batchnorm  {"type": "batchnorm", "epsilon": 1e-05, "weights": [gamma, beta,
///                 moving_mean, moving_variance]}, optional "num_batches_tracked" (else 0)
///     prelu      {"type": "prelu", "weights": [alpha [1][C]]}
///     activation {"type": "activation", "activation": "elu" | "tanh" | "relu" | "sigmoid"}
///     dense      {"type": "dense" | "time-distributed-dense", ...} as for nn::network
///
/// A setting the network fixes that differs (a Conv1D's dilation, groups or padding, a
/// BatchNormalization's epsilon: Keras's default 1e-3 is refused, nn::batch_norm uses 1e-5)
/// is json_error::reason::wrong_setting. Untouched `params` and `buffers` on any failure.
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void parse_keras_json(std::string_view text, P& params, B& buffers,
                      const keras_json_options& options = {}) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check()) {
        P p{};
        B b{};
        model::read_keras(text, {"constgrad::io::parse_keras_json: ", {}}, options, p, b);
        params = p;
        buffers = b;
    }
}

/// parse_keras_json on the file at `path`. POSIX only.
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void load_keras_json(const std::filesystem::path& path, P& params, B& buffers,
                     const keras_json_options& options = {}) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check()) {
        const detail_json::context ctx{
            "constgrad::io::load_keras_json(" + detail::io_quoted(path) + "): ", path};
        const std::string text =
            detail_json::read_file(path, detail_json::sequence_file_cap<P>, ctx);
        P p{};
        B b{};
        model::read_keras(text, ctx, options, p, b);
        params = p;
        buffers = b;
    }
}

/// The parameters and buffers as a Keras/RTNeural model JSON that load_keras_json reads back
/// exactly, with one exception: an LSTM's Keras bias is bias_ih + bias_hh (Keras has one),
/// which loads back as bias_ih = the sum, bias_hh = 0: the same cell up to one rounding of
/// that sum, bit-identical when bias_hh is 0. Every activation layer must have a Keras name
/// (otherwise it does not compile). Throws std::invalid_argument for a NaN or infinite value.
template <class P, class B>
    requires detail_json::sequence_model<P, B>
std::string to_keras_json(const P& params, const B& buffers) {
    using model = detail_json::json_sequence_model<P, B>;
    if constexpr (model::check() && model::check_keras_writable())
        return model::write_keras(params, buffers);
    else
        return {};
}

/// to_keras_json written to `path` atomically (io::save_error).
template <class P, class B>
    requires detail_json::sequence_model<P, B>
void save_keras_json(const std::filesystem::path& path, const P& params, const B& buffers) {
    detail_json::atomic_save(path, "constgrad::io::save_keras_json",
                             [&] { return to_keras_json(params, buffers); });
}

}  // namespace constgrad::io
