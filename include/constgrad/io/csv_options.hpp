// io::csv_options: how io::read_csv splits a CSV file into inputs and targets.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace constgrad::io {

/// Settings of io::read_csv / io::parse_csv for a dataset of In inputs and Out targets.
/// Which columns are inputs and which are targets:
///  - nothing chosen: the file has exactly In + Out columns, the first In are the inputs,
///    the last Out the targets;
///  - only targets chosen (by 0-based index or, with a header, by name): the other columns,
///    in file order, are the inputs, and there must be In of them;
///  - only inputs chosen: the other columns are the targets, Out of them;
///  - both chosen: those columns in that order; any other column is ignored.
/// Every line must have as many fields as the header (or the first line). Blank lines are
/// skipped; fields may be "quoted" (with "" for a quote) and are trimmed of spaces and tabs.
///
///     constgrad::io::csv_options opts{.header = true, .target_names = {"label"}};
struct csv_options {
    /// The first non-blank line holds column names, not data.
    bool header = false;
    /// The field separator (',' ';' '\t' ...): not '"', not a line break.
    char delimiter = ',';
    /// 0-based columns of the inputs / targets, in the order they fill x / y.
    std::vector<std::size_t> input_columns{};
    std::vector<std::size_t> target_columns{};
    /// The same by header name (needs `header`); not both names and indices for one role.
    std::vector<std::string> input_names{};
    std::vector<std::string> target_names{};
};

}  // namespace constgrad::io
