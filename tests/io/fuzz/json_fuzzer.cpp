// libFuzzer entry point for the JSON model loaders (io::parse_torch_json,
// io::parse_keras_json); see json_target.hpp.
#include <cstddef>
#include <cstdint>

#include "json_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz_targets::fuzz_json(data, size);
}
