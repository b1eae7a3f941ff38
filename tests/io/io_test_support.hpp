// Helpers of the io tests: a scratch directory per test case, small networks, file bytes.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace io_test {

namespace nn = constgrad::nn;
namespace fs = std::filesystem;

using net_2_4_1 = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
using net_2_8_1 = nn::network<nn::dense<2, 8, nn::tanh>, nn::dense<8, 1>>;
using net_3_4_1 = nn::network<nn::dense<3, 4, nn::tanh>, nn::dense<4, 1>>;
using net_2_4_4_1 =
    nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 4, nn::tanh>, nn::dense<4, 1>>;
// Same widths as net_2_4_1, other activation: the parameters have the same shape.
using net_2_4_1_relu = nn::network<nn::dense<2, 4, nn::relu>, nn::dense<4, 1>>;

// A fresh directory under the system's temporary directory, removed with its contents at
// the end of the test case. CTest runs cases in parallel processes: the pid keeps them apart.
struct scratch_dir {
    fs::path path;
    scratch_dir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() / ("constgrad-io-test-" + std::to_string(::getpid()) +
                                            "-" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~scratch_dir() {
        std::error_code ec;
        // A test may have made it read-only.
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    fs::path operator/(const std::string& name) const { return path / name; }
};

inline std::vector<std::byte> read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    const std::string s{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::byte> bytes(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) bytes[i] = static_cast<std::byte>(s[i]);
    return bytes;
}

inline void write_bytes(const fs::path& p, const std::vector<std::byte>& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

inline void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

// The names in a directory, sorted: to see that no temporary file was left behind.
inline std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Parameters whose every scalar is `value`: a recognisable "untouched" state.
template <class P>
P filled(typename P::scalar_type value) {
    P p{};
    P::zip([value](typename P::scalar_type& x) { x = value; }, p);
    return p;
}

}  // namespace io_test
