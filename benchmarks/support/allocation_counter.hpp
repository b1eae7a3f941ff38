// Counts heap allocations in a benchmark binary: global operator new and the C allocator.
#pragma once

#include <cstddef>

namespace constgrad_bench {

/// Calls of the global operator new (every form) since the program started, all threads.
std::size_t new_calls() noexcept;

/// Calls of malloc, calloc, realloc, aligned_alloc, posix_memalign, memalign, valloc since
/// the program started, all threads. operator new allocates through malloc, so this counts
/// C++ allocations too, and also those of C libraries (ADOL-C) and custom allocators
/// (LibTorch's CPU allocator) that operator new never sees.
std::size_t malloc_calls() noexcept;

}  // namespace constgrad_bench
