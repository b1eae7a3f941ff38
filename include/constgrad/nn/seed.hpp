// nn::seed: the number that fixes every random draw of an initialisation or a shuffle.
#pragma once

#include <cstdint>

namespace constgrad::nn {

/// A seed for constgrad's random numbers (network initialisation, shuffling, toy data).
/// A distinct type rather than a bare integer, so that `init(seed{42})` reads as what it is
/// and cannot be confused with a size or a count.
///
///     auto params = net::init(constgrad::nn::seed{42});
struct seed {
    std::uint64_t value = 0;
};

}  // namespace constgrad::nn
