// io::load: read a network's parameters from a file written by io::save, checked.
#pragma once

#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detail/format.hpp"
#include "../nn/parameters.hpp"
#include "from_bytes.hpp"
#include "load_error.hpp"

namespace constgrad::io {

/// Reads the parameters saved at `path` by io::save into `params`. The file must come from a
/// network of the same layer widths and scalar type, in a format version this build reads,
/// complete and undamaged (checksums) and free of NaN/infinity; otherwise io::load_error is
/// thrown (`why()`: file_not_found, read_failed, bad_magic, unsupported_version,
/// wrong_scalar_type, wrong_shape, truncated, checksum_mismatch, trailing_data,
/// non_finite_value) with a message naming the file, what was expected and what was found.
/// On any failure `params` is untouched: the file is decoded into a temporary first.
/// Reads at most the expected size plus 1 MiB, however large the file.
///
///     auto params = net::init(constgrad::nn::seed{1});
///     constgrad::io::load("xor.cgp", params);
template <class T, class... Ls>
void load(const std::filesystem::path& path, nn::network_parameters<T, Ls...>& params) {
    using P = nn::network_parameters<T, Ls...>;
    using reason = load_error::reason;
    const std::string prefix = "constgrad::io::load(\"" + path.string() + "\"): ";

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        const std::error_code code(e, std::generic_category());
        if (e == ENOENT || e == ENOTDIR)
            throw load_error(reason::file_not_found, prefix + "no such file", path);
        throw load_error(reason::read_failed, prefix + "cannot open the file: " + code.message(),
                         path);
    }
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } guard{fd};

    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        throw load_error(reason::read_failed, prefix + "not a regular file", path);

    // A file much larger than expected is not read in full: enough of it is read to report
    // a wrong shape or trailing data.
    constexpr std::size_t cap = detail::io_shape_of<P>::file_size + (std::size_t{1} << 20);
    const std::size_t to_read =
        static_cast<std::size_t>(info.st_size) < cap ? static_cast<std::size_t>(info.st_size) : cap;
    std::vector<std::byte> bytes(to_read);
    std::size_t got = 0;
    while (got < to_read) {
        const ::ssize_t n = ::read(fd, bytes.data() + got, to_read - got);
        if (n < 0) {
            const int e = errno;
            if (e == EINTR) continue;
            throw load_error(reason::read_failed,
                             prefix + "cannot read the file: " +
                                 std::error_code(e, std::generic_category()).message(),
                             path);
        }
        if (n == 0) break;  // the file shrank while being read: decoded as what it now is
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);

    try {
        const P loaded = from_bytes<P>(bytes);
        params = loaded;
    } catch (const load_error& e) {
        // from_bytes's message starts with "constgrad::io: "; name the call and the file instead.
        std::string message = e.what();
        const std::string generic = "constgrad::io: ";
        if (message.compare(0, generic.size(), generic) == 0) message.erase(0, generic.size());
        throw load_error(e.why(), prefix + message, path);
    }
}

}  // namespace constgrad::io
