// io::csv_error: why a CSV dataset was refused, with the line, column and sample concerned.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace constgrad::io {

/// Thrown by io::read_csv and io::parse_csv. The message reads like a compiler's:
/// `constgrad::io::read_csv("moons.csv"): line 7, column 2: "0.3.1" is not a number`.
/// Lines and columns are 1-based as in an editor or a spreadsheet (0: not about one line
/// or column); `sample()` is the 0-based index the line's sample would have had in the
/// returned vector (npos: not about one sample).
class csv_error : public std::runtime_error {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    enum class reason {
        cannot_open,         ///< the file could not be opened or read
        bad_options,         ///< the column selection contradicts itself or the data
        unknown_column,      ///< a column name that is not in the header
        wrong_column_count,  ///< a line with more or fewer fields than the first
        malformed_field,     ///< a quoting error
        not_a_number,        ///< a field that is empty or not a decimal number
        out_of_range,        ///< a number too large or too small for the scalar type
        non_finite_value,    ///< NaN or infinity written in the data
    };

    csv_error(reason why, const std::string& message, std::size_t line = 0, std::size_t column = 0,
              std::size_t sample = npos)
        : std::runtime_error(message), why_(why), line_(line), column_(column), sample_(sample) {}

    /// Which check failed.
    reason why() const noexcept { return why_; }
    /// 1-based line of the input (0: none).
    std::size_t line() const noexcept { return line_; }
    /// 1-based column (field) of that line (0: none).
    std::size_t column() const noexcept { return column_; }
    /// 0-based sample index (npos: none).
    std::size_t sample() const noexcept { return sample_; }

private:
    reason why_;
    std::size_t line_;
    std::size_t column_;
    std::size_t sample_;
};

}  // namespace constgrad::io
