// detail::io_atomic_write: replace a file by new contents all at once (temporary file, fsync,
// rename).
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../save_error.hpp"

namespace constgrad::detail {

// Distinguishes the temporary files of concurrent saves within one process (the pid does it
// between processes); O_EXCL guarantees that no two writers ever share one.
inline std::atomic<unsigned> io_temporary_counter{0};

inline std::string io_quoted(const std::filesystem::path& p) { return "\"" + p.string() + "\""; }

// Writes `bytes` to `path` so that, at every instant, `path` holds either its previous
// contents or all of the new ones: the data goes to "<path>.tmp-<pid>-<n>" in the same
// directory (a rename is atomic only within one file system), is flushed with fsync, and
// the complete file is renamed over `path`; then the directory is synced so that the rename
// itself survives a power cut. On failure the temporary file is removed and io::save_error
// thrown; a process killed mid-save leaves its temporary file behind but `path` intact.
// A symbolic link at `path` is followed: its target is replaced, the link kept.
// Permission bits of an existing file are kept; a new file gets 0666 minus the umask.
inline void io_atomic_write(const std::filesystem::path& requested,
                            std::span<const std::byte> bytes, const char* caller) {
    namespace fs = std::filesystem;
    using reason = io::save_error::reason;
    const std::string prefix = std::string(caller) + "(" + io_quoted(requested) + "): ";
    const auto os_error = [](int e) { return std::error_code(e, std::generic_category()); };

    fs::path path = requested;
    std::error_code ec;
    if (fs::is_symlink(requested, ec)) {
        const fs::path resolved = fs::weakly_canonical(requested, ec);
        if (!ec) path = resolved;
    }
    if (!path.has_filename())
        throw io::save_error(reason::create_failed,
                             prefix + "the path names a directory, not a file", requested,
                             os_error(EISDIR));
    const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");

    struct stat existing {};
    const bool had_file = ::stat(path.c_str(), &existing) == 0;

    int fd = -1;
    fs::path temporary;
    for (int attempt = 0; fd < 0; ++attempt) {
        temporary = path;
        temporary +=
            ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(io_temporary_counter++);
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && (errno != EEXIST || attempt >= 100)) {
            const int e = errno;
            throw io::save_error(reason::create_failed,
                                 prefix + "cannot create a temporary file in " +
                                     io_quoted(directory) + ": " + os_error(e).message(),
                                 requested, os_error(e));
        }
    }

    // From here on, every failure removes the temporary file before throwing.
    const auto abandon = [&](reason why, const std::string& step, int e) {
        if (fd >= 0) ::close(fd);
        ::unlink(temporary.c_str());
        throw io::save_error(why,
                             prefix + step + ": " + os_error(e).message() +
                                 " (the previous file, if any, is "
                                 "unchanged)",
                             requested, os_error(e));
    };

    if (had_file && ::fchmod(fd, existing.st_mode & 07777) != 0) {
        const int e = errno;
        abandon(reason::create_failed, "cannot set the permissions of " + io_quoted(temporary), e);
    }

    const std::byte* data = bytes.data();
    std::size_t remaining = bytes.size();
    while (remaining > 0) {
        const ::ssize_t written = ::write(fd, data, remaining);
        if (written < 0) {
            const int e = errno;
            if (e == EINTR) continue;
            abandon(reason::write_failed, "cannot write " + io_quoted(temporary), e);
        }
        if (written == 0)
            abandon(reason::write_failed, "cannot write " + io_quoted(temporary), EIO);
        data += written;
        remaining -= static_cast<std::size_t>(written);
    }
    while (::fsync(fd) != 0) {
        const int e = errno;
        if (e != EINTR) abandon(reason::sync_failed, "cannot flush " + io_quoted(temporary), e);
    }
    // Some file systems (NFS) report a failed write only when the file is closed. Linux
    // closes the descriptor even when close() reports EINTR, so that is not retried.
    const int closed = ::close(fd);
    const int close_errno = errno;
    fd = -1;
    if (closed != 0 && close_errno != EINTR)
        abandon(reason::write_failed, "cannot close " + io_quoted(temporary), close_errno);

    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int e = errno;
        abandon(reason::rename_failed,
                "cannot rename " + io_quoted(temporary) + " to " + io_quoted(path), e);
    }

    // The new name lives in the directory: sync it too. Some file systems cannot sync a
    // directory (EINVAL); the rename has happened by then, so that is not an error.
    const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        int synced = 0;
        while ((synced = ::fsync(dir_fd)) != 0 && errno == EINTR) {
        }
        const int e = errno;
        ::close(dir_fd);
        if (synced != 0 && e != EINVAL && e != EROFS)
            throw io::save_error(reason::sync_failed,
                                 prefix + "the file was replaced, but its directory " +
                                     io_quoted(directory) +
                                     " cannot be flushed: " + os_error(e).message(),
                                 requested, os_error(e));
    }
}

}  // namespace constgrad::detail
