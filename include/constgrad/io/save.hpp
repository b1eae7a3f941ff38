// io::save: write a network's parameters to a file, atomically.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "detail/atomic_write.hpp"
#include "../nn/parameters.hpp"
#include "save_error.hpp"
#include "to_bytes.hpp"

namespace constgrad::io {

/// Writes `params` to `path` in constgrad's parameter format (see io::to_bytes: magic,
/// version, scalar type, layer widths, checksums), atomically: the bytes go to a temporary
/// file in the same directory, which is flushed to the device and then renamed over `path`.
/// At every moment `path` holds either the previous file or the complete new one; a save
/// that fails or is interrupted (crash, kill, full disk) never destroys the previous file.
/// Throws io::save_error: `why()` is non_finite_value (a NaN or infinite parameter, named in
/// the message; nothing is written) or the step that failed, with the OS error in `code()`.
/// POSIX only (open, fsync, rename).
///
///     constgrad::io::save("xor.cgp", params);
///     constgrad::io::load("xor.cgp", params);  // the same parameters, bit for bit
template <class T, class... Ls>
void save(const std::filesystem::path& path, const nn::network_parameters<T, Ls...>& params) {
    std::vector<std::byte> bytes;
    try {
        bytes = to_bytes(params);
    } catch (const std::invalid_argument& e) {
        throw save_error(save_error::reason::non_finite_value,
                         "constgrad::io::save(" + detail::io_quoted(path) + "): " + e.what() +
                             "; nothing was written",
                         path);
    }
    detail::io_atomic_write(path, bytes, "constgrad::io::save");
}

}  // namespace constgrad::io
