// The JSON fuzz target (fuzz/json_target.hpp) in every build: the fixtures and deterministic
// random mutations of them (byte flips, insertions of format tokens, deletions,
// truncations), so its invariants (only io::json_error escapes, accepted models write back
// to the same parameters) also run under g++ and the sanitizer build, not only under libFuzzer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/rng.hpp>

#include "fuzz/json_target.hpp"
#include "json_test_support.hpp"

BOOST_AUTO_TEST_SUITE(json_fuzz_smoke)

BOOST_AUTO_TEST_CASE(fixtures_and_mutations) {
    std::vector<std::string> seeds;
    for (const auto& entry : json_test::fs::directory_iterator(CONSTGRAD_JSON_FIXTURES))
        if (entry.path().extension() == ".json") seeds.push_back(json_test::read_text(entry.path()));
    BOOST_REQUIRE(seeds.size() >= 10u);
    const std::vector<std::string> tokens{"\"0.weight\"", "\"layers\"", "\"activation\"",
                                          "\"dense\"", "null", "[]", "{}", "1e999", "3.5e38",
                                          "\"tanh\"", ",", "]", "}", "\"\"", "-0", "NaN"};
    constgrad::nn::rng r{constgrad::nn::seed{2025}};
    // Every mode on every seed, then mutations under random modes.
    const auto run = [](unsigned mode, const std::string& text) {
        std::vector<std::uint8_t> input{static_cast<std::uint8_t>(mode)};
        input.insert(input.end(), text.begin(), text.end());
        fuzz_targets::fuzz_json(input.data(), input.size());
    };
    for (const auto& s : seeds)
        for (unsigned mode = 0; mode < fuzz_targets::json_modes; ++mode) run(mode, s);
    constexpr std::size_t rounds = 20000;
    for (std::size_t i = 0; i < rounds; ++i) {
        std::string text = seeds[r.below(seeds.size())];
        const std::size_t edits = 1 + r.below(3);
        for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = r.below(text.size());
            switch (r.below(5)) {
            case 0:
                text[at] = static_cast<char>(text[at] ^ (1U << r.below(8)));
                break;
            case 1:
                text.insert(at, tokens[r.below(tokens.size())]);
                break;
            case 2:
                text.erase(at, 1 + r.below(8));
                break;
            case 3: {
                // Replace a number's digit: values change, structure stays.
                const std::size_t digit = text.find_first_of("0123456789", at);
                if (digit != std::string::npos) text[digit] = static_cast<char>('0' + r.below(10));
                break;
            }
            default:
                text.resize(at);
                break;
            }
        }
        run(static_cast<unsigned>(r.below(fuzz_targets::json_modes)), text);
    }
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()
