// The fuzz targets in every build: seeds and deterministic random mutations of them, so the
// invariants the fuzzers check (no crash, only documented exceptions, canonical round trips)
// also run under g++ and the sanitizer build, not only in the libFuzzer runs.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/rng.hpp>

#include "fuzz/csv_target.hpp"
#include "fuzz/load_target.hpp"
#include "fuzz/seeds.hpp"

namespace {

// Byte flips, insertions, deletions, truncations and splices, as a fuzzer would try.
template <class Target>
std::size_t mutate_and_run(const std::vector<fuzz_targets::input>& seeds, std::size_t rounds,
                           Target target) {
    constgrad::nn::rng r{constgrad::nn::seed{2024}};
    std::size_t runs = 0;
    for (const auto& s : seeds) {
        target(s.data(), s.size());
        ++runs;
    }
    for (std::size_t i = 0; i < rounds; ++i) {
        auto in = seeds[r.below(seeds.size())];
        const std::size_t edits = 1 + r.below(4);
        for (std::size_t e = 0; e < edits && !in.empty(); ++e) {
            const std::size_t at = r.below(in.size());
            switch (r.below(5)) {
            case 0:
                in[at] = static_cast<std::uint8_t>(in[at] ^ (1U << r.below(8)));
                break;
            case 1:
                in[at] = static_cast<std::uint8_t>(r.next_bits());
                break;
            case 2:
                in.insert(in.begin() + static_cast<std::ptrdiff_t>(at),
                          static_cast<std::uint8_t>(r.next_bits()));
                break;
            case 3:
                in.erase(in.begin() + static_cast<std::ptrdiff_t>(at));
                break;
            default:
                in.resize(at);
                break;
            }
        }
        target(in.data(), in.size());
        ++runs;
    }
    return runs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fuzz_smoke)

BOOST_AUTO_TEST_CASE(loader_survives_mutated_files) {
    BOOST_TEST(mutate_and_run(fuzz_targets::load_seeds(), 20000, fuzz_targets::fuzz_load) ==
               20006u);
}

BOOST_AUTO_TEST_CASE(csv_reader_survives_mutated_text) {
    BOOST_TEST(mutate_and_run(fuzz_targets::csv_seeds(), 20000, fuzz_targets::fuzz_csv) == 20010u);
}

BOOST_AUTO_TEST_SUITE_END()
