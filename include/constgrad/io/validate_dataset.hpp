// io::validate_dataset: refuse a dataset with no samples or with NaN/infinity, naming the sample.
#pragma once

#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <type_traits>

#include "../nn/sample.hpp"
#include "training_error.hpp"

namespace constgrad::io {

/// Throws io::training_error (reason invalid_data) if `data` (nn::sample values in a
/// std::array, std::vector or std::span) is empty or if any input or target is NaN or
/// infinite; the message names the first such value as `data[i].x[j]` / `data[i].y[j]` and
/// `sample()` is i. What io::checked_fit runs before training; a NaN in the data would
/// otherwise turn every parameter into NaN within one step.
///
///     constgrad::io::validate_dataset(data);  // throws: "... data[17].y[0] is NaN"
template <class D>
void validate_dataset(const D& data) {
    static_assert(
        requires(const D& d) {
            requires nn::is_sample_v<std::remove_cvref_t<decltype(*std::begin(d))>>;
            std::size(d);
        },
        "constgrad::io::validate_dataset: 'data' must be a range of nn::sample "
        "(std::array, std::vector or std::span)");
    const std::string prefix = "constgrad::io::validate_dataset: ";
    if (std::size(data) == 0)
        throw training_error(training_error::reason::invalid_data, prefix + "the dataset is empty");
    std::size_t i = 0;
    for (const auto& s : data) {
        const auto check = [&](const auto& values, const char* part) {
            for (std::size_t j = 0; j < values.size(); ++j)
                if (!std::isfinite(values[j]))
                    throw training_error(training_error::reason::invalid_data,
                                         prefix + "data[" + std::to_string(i) + "]." + part + "[" +
                                             std::to_string(j) + "] is " +
                                             (values[j] != values[j] ? "NaN" : "infinite") +
                                             " (sample " + std::to_string(i) + " of " +
                                             std::to_string(std::size(data)) + ")",
                                         i);
        };
        check(s.x, "x");
        check(s.y, "y");
        ++i;
    }
}

}  // namespace constgrad::io
