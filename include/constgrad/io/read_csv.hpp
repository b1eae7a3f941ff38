// io::read_csv<In, Out, T>: a dataset of fixed-width samples from a CSV file.
#pragma once

#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "detail/csv.hpp"
#include "../nn/sample.hpp"
#include "csv_error.hpp"
#include "csv_options.hpp"

namespace constgrad::io {

/// Reads the CSV file at `path` into samples of In inputs and Out targets (nn::sample<T, In,
/// Out>, what nn::fit trains on: pass it std::span(data); io::checked_fit also takes the
/// vector itself). Numbers are decimal
/// ("1", "-0.5", "2.5e-3", "+3"; locale-independent), optionally "quoted"; `options` says
/// whether the first line is a header and which columns are inputs and targets (by
/// default the first In columns, then Out targets). Refused with io::csv_error, whose
/// message gives the line and column (both 1-based): a field that is not a number, a number
/// out of the type's range, NaN or infinity (also naming the sample, data[i].x[j]), a line
/// with another number of fields than the first, a quoting error, an impossible selection.
/// Blank lines, "\r\n" line ends and a UTF-8 byte order mark are accepted.
///
///     namespace io = constgrad::io;
///     auto data = io::read_csv<2, 1>("moons.csv", {.header = true, .target_names = {"label"}});
///     nn::fit<net>(params, opt, nn::hinge, std::span(data), {.epochs = 100});
///     io::checked_fit<net>(params, opt, nn::hinge, data, {.epochs = 100});  // checked
template <std::size_t In, std::size_t Out, class T = double>
std::vector<nn::sample<T, In, Out>> read_csv(const std::filesystem::path& path,
                                             const csv_options& options = {}) {
    static_assert(std::is_floating_point_v<T>,
                  "constgrad::io::read_csv<In, Out, T>: T must be float or double");
    static_assert(In > 0 && Out > 0,
                  "constgrad::io::read_csv<In, Out, T>: In and Out must be positive");
    const std::string prefix = "constgrad::io::read_csv(\"" + path.string() + "\"): ";
    detail::io_csv_reader<In, Out, T> reader(options, prefix);  // checks the options first

    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw csv_error(csv_error::reason::cannot_open, prefix + "is a directory, not a file");
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        const int e = errno;
        throw csv_error(
            csv_error::reason::cannot_open,
            prefix + "cannot open the file: " +
                (e != 0 ? std::error_code(e, std::generic_category()).message() : "unknown error"));
    }
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad())
        throw csv_error(csv_error::reason::cannot_open, prefix + "cannot read the file");
    return reader.parse(text);
}

}  // namespace constgrad::io
