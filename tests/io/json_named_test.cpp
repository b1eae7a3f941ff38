// nn::named layers in the JSON model io: their names are the state-dict prefixes (unnamed
// layers keep nn.Sequential's numbers) and the Keras entries' "name"; the keys here are
// written by hand, and the named PyTorch fixture loads with no options.
#include <array>
#include <cmath>
#include <cstddef>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/named.hpp>

#include "json_test_support.hpp"

using namespace json_test;

namespace {

constexpr std::size_t none = io::json_error::npos;

using encoder_net = nn::network<nn::named<"encoder", nn::dense<2, 3, nn::tanh>>, nn::dense<3, 1>>;
using P = encoder_net::parameters<double>;

// The network of tools/make_json_fixtures.py's named_2_4_1_leaky_relu, whose PyTorch module
// names are "hidden" and "out" (its expected.json: options.prefixes).
using hidden_out_net = nn::network<nn::named<"hidden", nn::dense<2, 4, nn::leaky_relu>>,
                                   nn::named<"out", nn::dense<4, 1>>>;

std::set<std::string> keys_of(const std::string& text) {
    std::set<std::string> keys;
    const json parsed = json::parse(text);
    for (const auto& item : parsed.items()) keys.insert(item.key());
    return keys;
}

// A state dict written by hand: W1 = [[0.5, -0.25], [1, 0], [0, 2]], b1 = [0.125, 0, -1],
// W2 = [[1, -1, 0.5]], b2 = [0.25].
const std::string hand_written = R"({
  "encoder.weight": [[0.5, -0.25], [1.0, 0.0], [0.0, 2.0]],
  "encoder.bias": [0.125, 0.0, -1.0],
  "2.weight": [[1.0, -1.0, 0.5]],
  "2.bias": [0.25]
})";

}  // namespace

BOOST_AUTO_TEST_SUITE(json_named)

BOOST_AUTO_TEST_CASE(names_are_the_state_dict_prefixes) {
    const P p = encoder_net::init<double>(nn::seed{3});
    const std::string text = io::to_torch_json(p);
    BOOST_TEST((keys_of(text) ==
                std::set<std::string>{"encoder.weight", "encoder.bias", "2.weight", "2.bias"}));
    BOOST_TEST((io::parse_torch_json<P>(text) == p));  // shortest round-trip digits: exact
    // The same keys as the compile-time list.
    constexpr auto keys = nn::state_dict_keys<encoder_net>();
    static_assert(keys[0] == "encoder.weight" && keys[3] == "2.bias");
    for (const auto key : keys) BOOST_TEST(keys_of(text).count(std::string(key)) == 1u);
}

BOOST_AUTO_TEST_CASE(prefixes_still_override_the_names) {
    const P p = encoder_net::init<double>(nn::seed{3});
    const io::torch_json_options options{.prefixes = {"a", "b"}};
    const std::string text = io::to_torch_json(p, options);
    BOOST_TEST((keys_of(text) == std::set<std::string>{"a.weight", "a.bias", "b.weight", "b.bias"}));
    BOOST_TEST((io::parse_torch_json<P>(text, options) == p));
}

BOOST_AUTO_TEST_CASE(hand_written_state_dict_loads) {
    io_test::scratch_dir dir;
    io_test::write_text(dir / "model.json", hand_written);
    P p = filled<P>(7.0);
    io::load_torch_json(dir / "model.json", p);
    BOOST_TEST(nn::layer<"encoder">(p).w[0][1] == -0.25);
    BOOST_TEST(nn::layer<"encoder">(p).w[2][1] == 2.0);
    BOOST_TEST(nn::layer<"encoder">(p).b[2] == -1.0);
    BOOST_TEST(p.layer<1>().w[0][2] == 0.5);
    BOOST_TEST(p.layer<1>().b[0] == 0.25);
    // x = (1, 2): z1 = (0.5 - 0.5 + 0.125, 1, 4 - 1) = (0.125, 1, 3);
    // y = tanh(0.125) - tanh(1) + 0.5 tanh(3) + 0.25. A few roundings of values below 2: 1e-15.
    const double want = std::tanh(0.125) - std::tanh(1.0) + 0.5 * std::tanh(3.0) + 0.25;
    BOOST_TEST(std::fabs(encoder_net::forward(p, std::array<double, 2>{1.0, 2.0})[0] - want) <= 1e-15);
}

// PyTorch's named model loads with no options and gives PyTorch's outputs (1e-12 relative,
// the bound of json_fixture_test.cpp).
BOOST_AUTO_TEST_CASE(named_pytorch_fixture_loads_without_prefixes) {
    const json expected = read_json(fixture("named_2_4_1_leaky_relu.expected.json"));
    auto p = hidden_out_net::init<double>(nn::seed{99});
    io::load_torch_json(fixture("named_2_4_1_leaky_relu.state_dict.json"), p);
    const auto& inputs = expected.at("inputs");
    const auto& outputs = expected.at("outputs");
    BOOST_REQUIRE(inputs.size() >= 5u);
    for (std::size_t s = 0; s < inputs.size(); ++s) {
        const std::array<double, 2> x{inputs[s][0].get<double>(), inputs[s][1].get<double>()};
        const double got = hidden_out_net::forward(p, x)[0];
        const double want = outputs[s][0].get<double>();
        BOOST_TEST(std::fabs(got - want) <= 1e-12 * std::fabs(want), s << ": " << got << " vs " << want);
    }
}

BOOST_AUTO_TEST_CASE(numbered_key_for_a_named_layer_is_refused) {
    json j = json::parse(hand_written);
    j["0.weight"] = j["encoder.weight"];
    j.erase("encoder.weight");
    expect_failure<P>(
        j.dump(), [](const fs::path& f, P& p) { io::load_torch_json(f, p); }, reason::missing_key,
        0, "encoder.weight",
        {"missing key \"encoder.weight\"", "nn::named", "(prefixes \"encoder\", \"2\")"},
        "constgrad::io::load_torch_json");
}

BOOST_AUTO_TEST_CASE(extra_numbered_key_is_unexpected) {
    json j = json::parse(hand_written);
    j["0.bias"] = j["encoder.bias"];
    expect_failure<P>(
        j.dump(), [](const fs::path& f, P& p) { io::load_torch_json(f, p); },
        reason::unexpected_key, none, "0.bias",
        {"unexpected key \"0.bias\"", "\"encoder.bias\"", "\"encoder.weight\"",
         "named<\"encoder\", dense<2, 3, tanh>>, dense<3, 1>"},
        "constgrad::io::load_torch_json");
}

BOOST_AUTO_TEST_CASE(keras_entries_carry_the_name) {
    const P p = encoder_net::init<double>(nn::seed{5});
    const std::string text = io::to_keras_json(p);
    const json j = json::parse(text);
    BOOST_TEST(j["layers"][0]["name"] == "encoder");
    BOOST_TEST(!j["layers"][1].contains("name"));
    BOOST_TEST((io::parse_keras_json<P>(text) == p));
}

// The converted Keras fixture has no "name": it loads into the named network, with the
// weights of the state dict of the same model.
BOOST_AUTO_TEST_CASE(keras_without_names_loads) {
    P from_keras = filled<P>(3.0);
    io::load_keras_json(fixture("dense_2_3_1_tanh.keras.json"), from_keras);
    const json sd = read_json(fixture("dense_2_3_1_tanh.state_dict.json"));
    BOOST_TEST(nn::layer<"encoder">(from_keras).w[2][1] == sd["0.weight"][2][1].get<double>());
    BOOST_TEST(from_keras.layer<1>().b[0] == sd["2.bias"][0].get<double>());
}

BOOST_AUTO_TEST_CASE(keras_name_must_match) {
    json j = read_json(fixture("dense_2_3_1_tanh.keras.json"));
    j["layers"][0]["name"] = "decoder";
    j["layers"][1]["name"] = "dense_7";  // an unnamed layer's name is not checked
    expect_failure<P>(
        j.dump(), [](const fs::path& f, P& p) { io::load_keras_json(f, p); },
        reason::wrong_layer_kind, 0, "name",
        {"layers[0]", "\"name\": expected \"encoder\"", "found \"decoder\""},
        "constgrad::io::load_keras_json");
    j["layers"][0]["name"] = "encoder";
    P p{};
    io_test::scratch_dir dir;
    io_test::write_text(dir / "model.json", j.dump());
    io::load_keras_json(dir / "model.json", p);
    BOOST_TEST(nn::layer<"encoder">(p).b[1] == j["layers"][0]["weights"][1][1].get<double>());
}

BOOST_AUTO_TEST_SUITE_END()
