// libFuzzer entry point for the CSV reader (io::parse_csv); see csv_target.hpp.
#include <cstddef>
#include <cstdint>

#include "csv_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz_targets::fuzz_csv(data, size);
}
