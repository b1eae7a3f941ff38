// detail::io_csv: the CSV reader behind io::read_csv and io::parse_csv (fields, selection,
// numbers).
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../csv_error.hpp"
#include "../csv_options.hpp"
#include "../../nn/sample.hpp"

namespace constgrad::detail {

enum class io_split_status { ok, unterminated_quote, text_after_quote };

// Splits one line (no line break) into fields: RFC 4180 quoting ("a,b" is one field, "" is
// a quote inside quotes), spaces and tabs around fields dropped unless they delimit. The
// strings of `fields` are reused from line to line, so a long file does not allocate per field.
// On failure, `bad_column` is the 1-based field that is malformed.
inline io_split_status io_split_line(std::string_view line, char delimiter,
                                     std::vector<std::string>& fields, std::size_t& count,
                                     std::size_t& bad_column) {
    const auto blank = [delimiter](char c) { return (c == ' ' || c == '\t') && c != delimiter; };
    const std::size_t n = line.size();
    std::size_t i = 0;
    count = 0;
    for (;;) {
        if (fields.size() <= count) fields.emplace_back();
        std::string& field = fields[count];
        field.clear();
        ++count;
        while (i < n && blank(line[i])) ++i;
        if (i < n && line[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n) {
                    bad_column = count;
                    return io_split_status::unterminated_quote;
                }
                if (line[i] == '"') {
                    if (i + 1 < n && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            while (i < n && blank(line[i])) ++i;
            if (i < n && line[i] != delimiter) {
                bad_column = count;
                return io_split_status::text_after_quote;
            }
        } else {
            const std::size_t start = i;
            while (i < n && line[i] != delimiter) ++i;
            std::size_t end = i;
            while (end > start && blank(line[end - 1])) --end;
            field.assign(line.substr(start, end - start));
        }
        if (i >= n) return io_split_status::ok;
        ++i;  // the delimiter; a line ending in one has an empty last field
    }
}

template <std::size_t In, std::size_t Out, class T>
class io_csv_reader {
public:
    using sample_type = nn::sample<T, In, Out>;
    using reason = io::csv_error::reason;

    io_csv_reader(const io::csv_options& options, std::string prefix)
        : options_(options), prefix_(std::move(prefix)) {
        check_options();
    }

    std::vector<sample_type> parse(std::string_view text) {
        std::vector<sample_type> samples;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
        std::size_t line_number = 0;
        bool seen_first = false;
        std::size_t count = 0;
        while (!text.empty()) {
            ++line_number;
            const std::size_t end = text.find('\n');
            std::string_view line = text.substr(0, end);
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank

            std::size_t bad_column = 0;
            switch (io_split_line(line, options_.delimiter, fields_, count, bad_column)) {
            case io_split_status::ok:
                break;
            case io_split_status::unterminated_quote:
                fail(reason::malformed_field, line_number, bad_column,
                     "a quoted field is not closed (a field cannot span lines)");
            case io_split_status::text_after_quote:
                fail(reason::malformed_field, line_number, bad_column,
                     "text after the closing quote of a field");
            }

            if (!seen_first) {
                seen_first = true;
                columns_ = count;
                first_line_ = line_number;
                select_columns(line_number);
                if (options_.header) continue;
            }
            if (count != columns_)
                fail(reason::wrong_column_count, line_number, 0,
                     std::to_string(count) + " fields, expected " + std::to_string(columns_) +
                         " as on line " + std::to_string(first_line_),
                     samples.size());

            sample_type& s = samples.emplace_back();
            for (std::size_t j = 0; j < In; ++j)
                s.x[j] = number(line_number, inputs_[j], samples.size() - 1, "x", j);
            for (std::size_t j = 0; j < Out; ++j)
                s.y[j] = number(line_number, targets_[j], samples.size() - 1, "y", j);
        }
        return samples;
    }

private:
    [[noreturn]] void fail(reason why, std::size_t line, std::size_t column,
                           const std::string& what,
                           std::size_t sample = io::csv_error::npos) const {
        std::string where;
        if (line != 0) where = "line " + std::to_string(line);
        if (column != 0) where += ", column " + std::to_string(column);
        if (!where.empty()) where += ": ";
        throw io::csv_error(why, prefix_ + where + what, line, column, sample);
    }

    void check_options() const {
        const char d = options_.delimiter;
        if (d == '"' || d == '\n' || d == '\r' || d == '\0')
            fail(reason::bad_options, 0, 0, "the delimiter cannot be a quote, a line break or NUL");
        const auto role = [&](const auto& indices, const auto& names, std::size_t wanted,
                              const char* what) {
            if (!indices.empty() && !names.empty())
                fail(reason::bad_options, 0, 0,
                     std::string("choose the ") + what + " columns by index or by name, not both");
            if (!names.empty() && !options_.header)
                fail(reason::bad_options, 0, 0,
                     std::string(what) +
                         " columns chosen by name need a header line (header = true)");
            const std::size_t chosen = indices.empty() ? names.size() : indices.size();
            if (chosen != 0 && chosen != wanted)
                fail(reason::bad_options, 0, 0,
                     std::to_string(chosen) + " " + what + " columns chosen, the samples have " +
                         std::to_string(wanted));
        };
        role(options_.input_columns, options_.input_names, In, "input");
        role(options_.target_columns, options_.target_names, Out, "target");
    }

    // Turns names into indices and completes the selection once the column count is known.
    void select_columns(std::size_t line) {
        const auto by_name = [&](const std::vector<std::string>& names,
                                 std::vector<std::size_t>& out) {
            for (const auto& name : names) {
                const auto first = std::find(
                    fields_.begin(), fields_.begin() + static_cast<std::ptrdiff_t>(columns_), name);
                if (first == fields_.begin() + static_cast<std::ptrdiff_t>(columns_))
                    fail(reason::unknown_column, line, 0,
                         "no column named \"" + name + "\" in the header");
                if (std::find(first + 1, fields_.begin() + static_cast<std::ptrdiff_t>(columns_),
                              name) != fields_.begin() + static_cast<std::ptrdiff_t>(columns_))
                    fail(reason::bad_options, line, 0,
                         "the header names two columns \"" + name + "\"");
                out.push_back(static_cast<std::size_t>(first - fields_.begin()));
            }
        };
        inputs_ = options_.input_columns;
        targets_ = options_.target_columns;
        by_name(options_.input_names, inputs_);
        by_name(options_.target_names, targets_);

        const std::string has = std::to_string(columns_) + " columns";
        for (const auto* chosen : {&inputs_, &targets_})
            for (std::size_t c : *chosen)
                if (c >= columns_)
                    fail(reason::bad_options, line, 0,
                         "column index " + std::to_string(c) + " chosen, but the data has " + has +
                             " (indices are 0-based)");

        const auto rest = [&](const std::vector<std::size_t>& taken) {
            std::vector<std::size_t> others;
            for (std::size_t c = 0; c < columns_; ++c)
                if (std::find(taken.begin(), taken.end(), c) == taken.end()) others.push_back(c);
            return others;
        };
        if (inputs_.empty() && targets_.empty()) {
            if (columns_ != In + Out)
                fail(reason::wrong_column_count, line, 0,
                     has + ", expected " + std::to_string(In + Out) + " (" + std::to_string(In) +
                         " inputs, then " + std::to_string(Out) +
                         " targets; or choose the columns in csv_options)");
            for (std::size_t c = 0; c < In; ++c) inputs_.push_back(c);
            for (std::size_t c = In; c < In + Out; ++c) targets_.push_back(c);
        } else if (inputs_.empty()) {
            inputs_ = rest(targets_);
            if (inputs_.size() != In)
                fail(reason::wrong_column_count, line, 0,
                     has + ": the " + std::to_string(Out) + " target columns leave " +
                         std::to_string(inputs_.size()) + " input columns, expected " +
                         std::to_string(In));
        } else if (targets_.empty()) {
            targets_ = rest(inputs_);
            if (targets_.size() != Out)
                fail(reason::wrong_column_count, line, 0,
                     has + ": the " + std::to_string(In) + " input columns leave " +
                         std::to_string(targets_.size()) + " target columns, expected " +
                         std::to_string(Out));
        }
        std::vector<std::size_t> all = inputs_;
        all.insert(all.end(), targets_.begin(), targets_.end());
        std::sort(all.begin(), all.end());
        if (std::adjacent_find(all.begin(), all.end()) != all.end())
            fail(reason::bad_options, line, 0,
                 "a column is chosen twice (as inputs and/or targets)");
    }

    T number(std::size_t line, std::size_t column, std::size_t sample, const char* part,
             std::size_t j) const {
        // Spaces inside quotes ("  8.5 ") are not part of a number either.
        std::string_view field = fields_[column];
        while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
            field.remove_prefix(1);
        while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
            field.remove_suffix(1);
        const auto where = [&] {
            return " (data[" + std::to_string(sample) + "]." + part + "[" + std::to_string(j) +
                   "])";
        };
        const auto shown = [&] {
            // A pathological field is shown cut short, the message stays one readable line.
            constexpr std::size_t max = 40;
            return "\"" + std::string(field.substr(0, max)) + (field.size() <= max ? "" : "...") +
                   "\"";
        };
        if (field.empty())
            fail(reason::not_a_number, line, column + 1, "empty field" + where(), sample);
        const char* first = field.data();
        const char* last = first + field.size();
        if (*first == '+' && last - first > 1 && first[1] != '-' && first[1] != '+') ++first;
        T value{};
        const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
        if (ec == std::errc::result_out_of_range && end == last)
            fail(reason::out_of_range, line, column + 1,
                 shown() + " is out of the range of " + (sizeof(T) == 4 ? "float" : "double") +
                     where(),
                 sample);
        if (ec != std::errc{} || end != last)
            fail(reason::not_a_number, line, column + 1, shown() + " is not a number" + where(),
                 sample);
        if (!std::isfinite(value))
            fail(reason::non_finite_value, line, column + 1,
                 std::string(value != value ? "NaN" : "infinity") + " is not allowed in a dataset" +
                     where(),
                 sample);
        return value;
    }

    const io::csv_options& options_;
    std::string prefix_;
    std::vector<std::string> fields_;
    std::size_t columns_ = 0;
    std::size_t first_line_ = 0;
    std::vector<std::size_t> inputs_;
    std::vector<std::size_t> targets_;
};

}  // namespace constgrad::detail
