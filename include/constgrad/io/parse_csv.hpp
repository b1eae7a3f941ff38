// io::parse_csv<In, Out, T>: a dataset of fixed-width samples from CSV text in memory.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "detail/csv.hpp"
#include "../nn/sample.hpp"
#include "csv_error.hpp"
#include "csv_options.hpp"

namespace constgrad::io {

/// io::read_csv on text already in memory (see there); errors name "constgrad::io::parse_csv".
///
///     auto data = constgrad::io::parse_csv<2, 1>("0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
template <std::size_t In, std::size_t Out, class T = double>
std::vector<nn::sample<T, In, Out>> parse_csv(std::string_view text,
                                              const csv_options& options = {}) {
    static_assert(std::is_floating_point_v<T>,
                  "constgrad::io::parse_csv<In, Out, T>: T must be float or double");
    static_assert(In > 0 && Out > 0,
                  "constgrad::io::parse_csv<In, Out, T>: In and Out must be positive");
    return detail::io_csv_reader<In, Out, T>(options, "constgrad::io::parse_csv: ").parse(text);
}

}  // namespace constgrad::io
