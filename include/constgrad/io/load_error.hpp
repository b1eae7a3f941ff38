// io::load_error: why saved parameters could not be loaded (missing, foreign, damaged file).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace constgrad::io {

/// Thrown by io::load and io::from_bytes. `why()` tells the cases apart for code, `what()`
/// tells them apart for people: it names the file, what was expected and what was found.
/// Whatever the reason, the parameters passed to io::load are left untouched.
///
///     try {
///         constgrad::io::load("net.cgp", params);
///     } catch (const constgrad::io::load_error& e) {
///         if (e.why() != constgrad::io::load_error::reason::file_not_found) throw;
///         params = net::init(constgrad::nn::seed{42});  // first run: start afresh
///     }
class load_error : public std::runtime_error {
public:
    enum class reason {
        file_not_found,  ///< no file at that path
        read_failed,     ///< the file exists but could not be read (permissions, a directory, I/O)
        bad_magic,       ///< not a constgrad parameter file
        unsupported_version,  ///< written in a format version this build does not read
        wrong_scalar_type,    ///< float parameters loaded as double or the reverse
        wrong_shape,          ///< saved from a network of other layer widths
        truncated,            ///< shorter than its header announces
        checksum_mismatch,    ///< header or parameters damaged
        trailing_data,        ///< longer than its header announces
        non_finite_value,     ///< a parameter is NaN or infinite
    };

    load_error(reason why, const std::string& message, std::filesystem::path path = {})
        : std::runtime_error(message), why_(why), path_(std::move(path)) {}

    /// Which check failed.
    reason why() const noexcept { return why_; }
    /// The file (empty when the bytes did not come from a file: io::from_bytes).
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    reason why_;
    std::filesystem::path path_;
};

}  // namespace constgrad::io
