// io::save_error: why parameters could not be saved or exported (the previous file is intact).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace constgrad::io {

/// Thrown by io::save and io::export_header. Saving writes a temporary file next to the
/// target and renames it over the target only once it is complete and synced, so whatever
/// the reason, a file previously at that path is unchanged (and the temporary file removed).
/// `code()` holds the operating system's error where there is one.
class save_error : public std::runtime_error {
public:
    enum class reason {
        non_finite_value,  ///< a parameter is NaN or infinite: such a file could not be loaded
        create_failed,     ///< the temporary file could not be created (no directory, no rights)
        write_failed,      ///< writing failed (disk full, file size limit, I/O error)
        sync_failed,       ///< the data could not be flushed to the device
        rename_failed,     ///< the complete temporary file could not replace the target
    };

    save_error(reason why, const std::string& message, std::filesystem::path path,
               std::error_code code = {})
        : std::runtime_error(message), why_(why), path_(std::move(path)), code_(code) {}

    /// Which step failed.
    reason why() const noexcept { return why_; }
    /// The file that was to be written.
    const std::filesystem::path& path() const noexcept { return path_; }
    /// The operating system's error (empty for non_finite_value).
    std::error_code code() const noexcept { return code_; }

private:
    reason why_;
    std::filesystem::path path_;
    std::error_code code_;
};

}  // namespace constgrad::io
