// Counts calls of the global operator new in the tape tests (replaced in counting_new.cpp).
#pragma once

#include <cstddef>

namespace tape_test {

// Number of successful global operator new calls (all threads) since the program started.
std::size_t allocation_count() noexcept;

} // namespace tape_test
