// Seed inputs of the fuzz targets: valid files and CSV texts the fuzzer starts mutating from
// (written to a corpus directory by make_seeds.cpp, replayed by the io_tests smoke test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <constgrad/io/to_bytes.hpp>

#include "load_target.hpp"

namespace fuzz_targets {

using input = std::vector<std::uint8_t>;

inline input with_mode(std::uint8_t mode, const std::vector<std::byte>& bytes) {
    input in{mode};
    for (std::byte b : bytes) in.push_back(static_cast<std::uint8_t>(b));
    return in;
}

inline input with_mode(std::uint8_t mode, const std::string& text) {
    input in{mode};
    in.insert(in.end(), text.begin(), text.end());
    return in;
}

inline std::vector<input> load_seeds() {
    using constgrad::nn::seed;
    const std::vector<std::vector<std::byte>> files{
        constgrad::io::to_bytes(load_net::init(seed{1})),
        constgrad::io::to_bytes(load_net::init<float>(seed{2})),
        constgrad::io::to_bytes(load_net_wide::init(seed{3})),
    };
    std::vector<input> seeds;
    for (const auto& f : files) {
        seeds.push_back(with_mode(0, f));  // as is
        seeds.push_back(with_mode(1, f));  // checksums repaired after mutation
    }
    return seeds;
}

inline std::vector<input> csv_seeds() {
    const std::vector<std::pair<std::uint8_t, std::string>> texts{
        {0x00, "0,0,0\n0,1,1\n1,0,1\n1,1,0\n"},
        {0x01, "a,b,y\n0.5,-1.25e-3,1\n+2,.5,-0\n"},
        {0x01 | (4U << 3), "y,\"a\",\"b \"\"q\"\"\"\r\n1, 2 ,3\r\n\r\n4,5,6"},
        {0x02, "1;2;3\n4;5;6\n"},
        {0x04 | (1U << 3), "1\t2\t3\n"},
        {0x06 | (2U << 3), "1 2 3\n4 5 6\n"},
        {0x40 | (3U << 3), "1,2,3,4\n5,6,7,8\n"},
        {0x80, "1,2,3\n"},
        {0x81 | (5U << 3), "a,y,z\n1,2,3\n"},
        {0x00, "\xEF\xBB\xBF"
               "1e308,2e-308,3\n1e999,nan,inf\n"},
    };
    std::vector<input> seeds;
    for (const auto& [mode, text] : texts) seeds.push_back(with_mode(mode, text));
    return seeds;
}

}  // namespace fuzz_targets
