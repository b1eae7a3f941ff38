// Helpers of the JSON model io tests: the fixtures' networks, fixture files, failure checks.
#pragma once

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <constgrad/io/json_error.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

#include "io_test_support.hpp"

namespace json_test {

namespace nn = constgrad::nn;
namespace io = constgrad::io;
namespace fs = std::filesystem;
using json = nlohmann::json;
using reason = io::json_error::reason;

// The networks of tests/io/fixtures (tools/make_json_fixtures.py).
using net_2_3_1 = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
using net_3_8_8_2 =
    nn::network<nn::dense<3, 8, nn::relu>, nn::dense<8, 8, nn::sigmoid>, nn::dense<8, 2>>;
using net_4_5_3 = nn::network<nn::dense<4, 5, nn::tanh>, nn::dense<5, 3>>;
using net_neuron = nn::network<nn::neuron<2, nn::sigmoid>>;
using net_named = nn::network<nn::dense<2, 4, nn::leaky_relu>, nn::dense<4, 1>>;

inline fs::path fixture(const std::string& name) {
    return fs::path(CONSTGRAD_JSON_FIXTURES) / name;
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in.good(), "cannot read " + p.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline json read_json(const fs::path& p) { return json::parse(read_text(p)); }

using io_test::filled;

// Runs load(path, params) on `text` written to a scratch file, with params filled with a
// sentinel; checks the failure's reason, layer, key, that the message starts with the call
// and the file and holds every needle, and that params were not touched.
template <class P, class Load>
void expect_failure(const std::string& text, Load load, reason why, std::size_t layer,
                    const std::string& key, std::initializer_list<std::string> needles,
                    const char* call) {
    io_test::scratch_dir dir;
    const fs::path file = dir / "model.json";
    io_test::write_text(file, text);
    const P sentinel = filled<P>(typename P::scalar_type(42.5));
    P params = sentinel;
    try {
        load(file, params);
        BOOST_FAIL("accepted: " + text.substr(0, 200));
    } catch (const io::json_error& e) {
        const std::string what = e.what();
        BOOST_TEST_MESSAGE(what);
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(why), what);
        BOOST_TEST(e.layer() == layer, what);
        BOOST_TEST(e.key() == key, what);
        BOOST_TEST(e.path() == file);
        const std::string start = std::string(call) + "(\"" + file.string() + "\"): ";
        BOOST_TEST(what.rfind(start, 0) == 0u, what);
        for (const auto& needle : needles)
            BOOST_TEST(what.find(needle) != std::string::npos, what << "  /  " << needle);
    }
    BOOST_TEST((params == sentinel));
}

}  // namespace json_test
