// The parameter loader's fuzz target: io::from_bytes on arbitrary bytes never crashes, and
// whatever it accepts is exactly what io::to_bytes writes (the format has one spelling).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include <constgrad/io/detail/format.hpp>
#include <constgrad/io/from_bytes.hpp>
#include <constgrad/io/load_error.hpp>
#include <constgrad/io/to_bytes.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace fuzz_targets {

using load_net = constgrad::nn::network<constgrad::nn::dense<2, 3, constgrad::nn::tanh>,
                                        constgrad::nn::dense<3, 1>>;
using load_net_wide = constgrad::nn::network<constgrad::nn::dense<2, 4, constgrad::nn::tanh>,
                                             constgrad::nn::dense<4, 1>>;

// Random bytes almost never carry valid FNV-1a checksums, so the checks after them would
// never run. In "repair" mode the target first writes correct checksums into the input
// (where its own header says they go), which lets the fuzzer reach the scalar-type, shape,
// size and finiteness checks and the decoder.
inline void repair_checksums(std::vector<std::byte>& bytes) {
    namespace d = constgrad::detail;
    if (bytes.size() < d::io_fixed_header_size) return;
    const std::uint64_t layers = d::io_read_le<std::uint32_t>(bytes.data() + 16);
    const std::uint64_t header = d::io_fixed_header_size + d::io_layer_record_size * layers;
    if (bytes.size() < header + d::io_checksum_size) return;
    d::io_write_le<std::uint64_t>(bytes.data() + header, d::io_fnv1a64(bytes.data(), header));
    const std::uint64_t payload = header + d::io_checksum_size;
    if (bytes.size() < payload + d::io_checksum_size) return;
    const std::size_t payload_size = bytes.size() - payload - d::io_checksum_size;
    d::io_write_le<std::uint64_t>(bytes.data() + bytes.size() - d::io_checksum_size,
                                  d::io_fnv1a64(bytes.data() + payload, payload_size));
}

template <class P>
void load_as(const std::vector<std::byte>& bytes) {
    try {
        const P params = constgrad::io::from_bytes<P>(bytes);
        // Accepted: the input must be the canonical encoding of what was decoded.
        if (constgrad::io::to_bytes(params) != bytes) std::abort();
    } catch (const constgrad::io::load_error&) {
        // Refused with the documented exception: fine. Anything else escapes and is a finding.
    }
}

// data[0] bit 0: repair the checksums; the rest of data is the file.
inline int fuzz_load(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool repair = (data[0] & 1U) != 0;
    std::vector<std::byte> bytes(size - 1);
    for (std::size_t i = 1; i < size; ++i) bytes[i - 1] = static_cast<std::byte>(data[i]);
    if (repair) repair_checksums(bytes);
    load_as<load_net::parameters<double>>(bytes);
    load_as<load_net::parameters<float>>(bytes);
    load_as<load_net_wide::parameters<double>>(bytes);
    return 0;
}

}  // namespace fuzz_targets
