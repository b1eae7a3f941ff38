// The CSV reader's fuzz target: io::parse_csv on arbitrary text and options never crashes,
// throws nothing but io::csv_error, returns only finite values, and what it returns
// survives a round trip through text (shortest decimal form) unchanged.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <constgrad/io/csv_error.hpp>
#include <constgrad/io/csv_options.hpp>
#include <constgrad/io/parse_csv.hpp>

namespace fuzz_targets {

template <class T, std::size_t In, std::size_t Out>
std::string write_csv(const std::vector<constgrad::nn::sample<T, In, Out>>& samples) {
    std::string text;
    std::array<char, 64> buffer{};
    const auto put = [&](T v, char end) {
        const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
        text.append(buffer.data(), r.ptr);
        text += end;
    };
    for (const auto& s : samples) {
        for (std::size_t j = 0; j < In; ++j) put(s.x[j], ',');
        for (std::size_t j = 0; j < Out; ++j) put(s.y[j], j + 1 == Out ? '\n' : ',');
    }
    return text;
}

template <std::size_t In, std::size_t Out, class T>
void parse_as(std::string_view text, const constgrad::io::csv_options& options) {
    std::vector<constgrad::nn::sample<T, In, Out>> samples;
    try {
        samples = constgrad::io::parse_csv<In, Out, T>(text, options);
    } catch (const constgrad::io::csv_error& e) {
        if (e.line() == 0 && e.why() != constgrad::io::csv_error::reason::bad_options) std::abort();
        return;
    }
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    if (samples.size() > lines) std::abort();
    for (const auto& s : samples) {
        for (T v : s.x)
            if (!std::isfinite(v)) std::abort();
        for (T v : s.y)
            if (!std::isfinite(v)) std::abort();
    }
    // Round trip: written back in default column order, read back identical.
    if (constgrad::io::parse_csv<In, Out, T>(write_csv(samples)) != samples) std::abort();
}

// data[0] picks the options: bit 0 header, bits 1-2 the delimiter, bits 3-5 the column
// selection, bit 6 float instead of double, bit 7 the sample shape (2 -> 1 or 1 -> 2).
inline int fuzz_csv(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned mode = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    constgrad::io::csv_options options;
    options.header = (mode & 1U) != 0;
    constexpr std::array<char, 4> delimiters{',', ';', '\t', ' '};
    options.delimiter = delimiters[(mode >> 1) & 3U];
    const bool two_inputs = (mode & 0x80U) == 0;
    switch ((mode >> 3) & 7U) {
    case 0:
        break;  // first In columns, then Out
    case 1:
        options.target_columns =
            two_inputs ? std::vector<std::size_t>{0} : std::vector<std::size_t>{0, 2};
        break;
    case 2:
        options.input_columns =
            two_inputs ? std::vector<std::size_t>{2, 1} : std::vector<std::size_t>{1};
        break;
    case 3:
        options.input_columns =
            two_inputs ? std::vector<std::size_t>{1, 3} : std::vector<std::size_t>{3};
        options.target_columns =
            two_inputs ? std::vector<std::size_t>{0} : std::vector<std::size_t>{0, 1};
        break;
    case 4:
        options.target_names =
            two_inputs ? std::vector<std::string>{"y"} : std::vector<std::string>{"y", "z"};
        break;
    case 5:
        options.input_names =
            two_inputs ? std::vector<std::string>{"a", "b"} : std::vector<std::string>{"a"};
        break;
    case 6:
        options.target_columns = {7};
        break;  // usually out of range, or the wrong count
    default:
        options.target_names = {"y"};
        options.target_columns = {0};
        break;  // contradictory
    }
    const bool as_float = (mode & 0x40U) != 0;
    if (two_inputs) {
        if (as_float)
            parse_as<2, 1, float>(text, options);
        else
            parse_as<2, 1, double>(text, options);
    } else {
        if (as_float)
            parse_as<1, 2, float>(text, options);
        else
            parse_as<1, 2, double>(text, options);
    }
    return 0;
}

}  // namespace fuzz_targets
