// io::json_error: why a JSON model (PyTorch state dict, Keras/RTNeural model) was refused.
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

namespace constgrad::io {

/// Thrown by the JSON model loaders (io::parse_torch_json, io::load_torch_json,
/// io::parse_keras_json, io::load_keras_json). `why()` tells the cases apart for code,
/// `what()` for people: it names the call (and the file), the JSON key or layer entry, the
/// network layer, the field, what was expected and what was found:
///
///     constgrad::io::load_torch_json("net.json"): "2.weight" (layer 1, dense<3, 1>): wrong
///     shape: expected [1][3] (PyTorch's [out][in]), found [3][1] (transposed?)
///
/// Whatever the reason, the parameters passed to a loader are left untouched: the JSON is
/// decoded into a temporary first. This header does not need nlohmann-json.
class json_error : public std::runtime_error {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    enum class reason {
        file_not_found,    ///< no file at that path
        read_failed,       ///< the file exists but could not be read, or is far too large
        malformed_json,    ///< not JSON (a syntax error, NaN/Infinity literals, a bad escape)
        truncated,         ///< the text ends before the JSON value is complete
        duplicate_key,     ///< one object has the same key twice
        wrong_structure,   ///< a value of the wrong JSON type where the format wants another
        missing_key,       ///< a key or field the network needs is absent
        unexpected_key,    ///< a key or field the network has no use for
        wrong_layer_count, ///< the file has more or fewer layers than the network
        wrong_layer_kind,  ///< a layer of another kind (Keras "gru" where the network has dense)
        wrong_activation,  ///< a layer's activation differs from the network's
        wrong_shape,       ///< an array, width or in_shape of other dimensions
        not_a_number,      ///< a string, null, boolean or object where a number belongs
        non_finite_value,  ///< a number too large for the scalar type (JSON has no NaN/inf)
        bad_options,       ///< the options contradict the network (e.g. prefix count)
        wrong_setting,     ///< a layer setting the network fixes differs (a Keras Conv1D's
                           ///< dilation, groups or padding, a BatchNormalization's epsilon)
    };

    json_error(reason why, const std::string& message, std::size_t layer = npos,
               std::string key = {}, std::filesystem::path path = {})
        : std::runtime_error(message),
          why_(why),
          layer_(layer),
          key_(std::move(key)),
          path_(std::move(path)) {}

    /// Which check failed.
    reason why() const noexcept { return why_; }
    /// The 0-based index of the network layer concerned (npos: not about one layer).
    std::size_t layer() const noexcept { return layer_; }
    /// The JSON key concerned: a state-dict key ("0.weight"), or a Keras entry's field
    /// ("activation", "weights", "in_shape"); empty when the problem is not about one key.
    const std::string& key() const noexcept { return key_; }
    /// The file (empty for the parse_* functions, which read text in memory).
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    reason why_;
    std::size_t layer_;
    std::string key_;
    std::filesystem::path path_;
};

}  // namespace constgrad::io
