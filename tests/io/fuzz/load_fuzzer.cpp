// libFuzzer entry point for the parameter loader (io::from_bytes); see load_target.hpp.
#include <cstddef>
#include <cstdint>

#include "load_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz_targets::fuzz_load(data, size);
}
