// Replaces global operator new and interposes the C allocator of the benchmark binary to count
// heap allocations (the allocations-per-step counters of every engine).
//
// operator new is replaced the standard way. The C allocator is interposed by defining
// malloc & co. in the executable: the dynamic linker resolves every shared library's calls
// (libstdc++, ADOL-C, LibTorch) to these definitions, which count and forward to glibc's
// __libc_* entry points. That is glibc-specific; elsewhere (CONSTGRAD_BENCH_NO_MALLOC_HOOK)
// only operator new is counted and malloc_calls() returns new_calls().
#include "allocation_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> new_count{0};
std::atomic<std::size_t> malloc_count{0};
}  // namespace

std::size_t constgrad_bench::new_calls() noexcept { return new_count.load(std::memory_order_relaxed); }

#if defined(__GLIBC__) && !defined(CONSTGRAD_BENCH_NO_MALLOC_HOOK)

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void* __libc_valloc(std::size_t);
void __libc_free(void*);

// glibc declares the C allocator noexcept (__THROW) in C++: the definitions must match.

void* malloc(std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    void* p = __libc_memalign(alignment, size);
    if (p == nullptr) return 12;  // ENOMEM
    *out = p;
    return 0;
}
void* valloc(std::size_t size) noexcept {
    malloc_count.fetch_add(1, std::memory_order_relaxed);
    return __libc_valloc(size);
}
void free(void* p) noexcept { __libc_free(p); }
}

std::size_t constgrad_bench::malloc_calls() noexcept { return malloc_count.load(std::memory_order_relaxed); }

#else

std::size_t constgrad_bench::malloc_calls() noexcept { return new_calls(); }

#endif

namespace {
void* counted_new(std::size_t size) {
    new_count.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc{};
}
void* counted_new_aligned(std::size_t size, std::align_val_t alignment) {
    new_count.fetch_add(1, std::memory_order_relaxed);
    const auto a = static_cast<std::size_t>(alignment);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
    throw std::bad_alloc{};
}
}  // namespace

// Every replaceable allocation function, so that nothing slips past the counter.
void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return counted_new(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return counted_new(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t a) { return counted_new_aligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return counted_new_aligned(size, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
