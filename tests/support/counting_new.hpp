// Counts calls of the global operator new in a test executable that links counting_new.cpp
// (the tape tests, the sequence allocation test): it replaces operator new/delete.
#pragma once

#include <cstddef>

namespace test_support {

// Number of successful global operator new calls (all threads) since the program started.
std::size_t allocation_count() noexcept;

} // namespace test_support
