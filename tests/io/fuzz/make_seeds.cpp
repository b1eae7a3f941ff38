// Writes the fuzzers' seed corpora: <dir>/load/seed-N and <dir>/csv/seed-N.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "seeds.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
        return 2;
    }
    namespace fs = std::filesystem;
    const fs::path root = argv[1];
    const auto write = [&](const char* name, const std::vector<fuzz_targets::input>& seeds) {
        fs::create_directories(root / name);
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            std::ofstream out(root / name / ("seed-" + std::to_string(i)), std::ios::binary);
            out.write(reinterpret_cast<const char*>(seeds[i].data()),
                      static_cast<std::streamsize>(seeds[i].size()));
        }
    };
    write("load", fuzz_targets::load_seeds());
    write("csv", fuzz_targets::csv_seeds());
    return 0;
}
