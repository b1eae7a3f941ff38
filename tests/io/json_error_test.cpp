// Every way a JSON model is refused, one by one: the reason, the layer, the key, a message
// naming them with what was expected and found, and parameters left untouched.
#include <cstddef>
#include <string>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/torch_json.hpp>

#include "json_test_support.hpp"

using namespace json_test;

namespace {

using P = net_2_3_1::parameters<double>;
using Pf = net_2_3_1::parameters<float>;
constexpr std::size_t none = io::json_error::npos;

json torch_base() { return read_json(fixture("dense_2_3_1_tanh.state_dict.json")); }
json keras_base() { return read_json(fixture("dense_2_3_1_tanh.keras.json")); }

template <class Q = P>
void torch_case(const std::string& text, reason why, std::size_t layer, const std::string& key,
                std::initializer_list<std::string> needles,
                const io::torch_json_options& options = {}) {
    expect_failure<Q>(
        text, [&](const fs::path& f, Q& p) { io::load_torch_json(f, p, options); }, why, layer,
        key, needles, "constgrad::io::load_torch_json");
}

template <class Q = P>
void keras_case(const std::string& text, reason why, std::size_t layer, const std::string& key,
                std::initializer_list<std::string> needles,
                const io::keras_json_options& options = {}) {
    expect_failure<Q>(
        text, [&](const fs::path& f, Q& p) { io::load_keras_json(f, p, options); }, why, layer,
        key, needles, "constgrad::io::load_keras_json");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_errors_torch)

BOOST_AUTO_TEST_CASE(the_base_loads) {
    P p{};
    io::load_torch_json(fixture("dense_2_3_1_tanh.state_dict.json"), p);
    BOOST_TEST(p.layer<1>().w[0][0] != 0.0);
}

BOOST_AUTO_TEST_CASE(missing_weight) {
    json j = torch_base();
    j.erase("2.weight");
    torch_case(j.dump(), reason::missing_key, 1, "2.weight",
               {"missing key \"2.weight\"", "layer 1, dense<3, 1>", "[1][3]", "nn.Sequential"});
}

BOOST_AUTO_TEST_CASE(missing_bias_when_required) {
    json j = torch_base();
    j.erase("0.bias");
    torch_case(j.dump(), reason::missing_key, 0, "0.bias",
               {"missing key \"0.bias\"", "layer 0, dense<2, 3, tanh>", "missing_bias_is_zero"},
               {.missing_bias_is_zero = false});
}

BOOST_AUTO_TEST_CASE(unexpected_key) {
    json j = torch_base();
    j["4.weight"] = json::parse("[[1.0]]");
    torch_case(j.dump(), reason::unexpected_key, none, "4.weight",
               {"unexpected key \"4.weight\"", "\"2.weight\"", "dense<2, 3, tanh>, dense<3, 1>"});
}

BOOST_AUTO_TEST_CASE(transposed_weight) {
    json j = torch_base();
    json t = json::array();
    for (std::size_t i = 0; i < 2; ++i) {
        t.push_back(json::array());
        for (std::size_t o = 0; o < 3; ++o) t[i].push_back(j["0.weight"][o][i]);
    }
    j["0.weight"] = t;
    torch_case(j.dump(), reason::wrong_shape, 0, "0.weight",
               {"\"0.weight\" (layer 0, dense<2, 3, tanh>)", "expected [3][2]", "found an array [2][3]",
                "transposed?"});
}

BOOST_AUTO_TEST_CASE(ragged_weight) {
    json j = torch_base();
    j["0.weight"][1].push_back(1.0);
    torch_case(j.dump(), reason::wrong_shape, 0, "0.weight",
               {"expected [3][2]", "[3][?]", "rows of different lengths"});
}

BOOST_AUTO_TEST_CASE(bias_of_other_length) {
    json j = torch_base();
    j["2.bias"].push_back(0.5);
    torch_case(j.dump(), reason::wrong_shape, 1, "2.bias",
               {"\"2.bias\" (layer 1, dense<3, 1>)", "expected [1]", "found an array [2]"});
}

BOOST_AUTO_TEST_CASE(weight_is_a_number) {
    json j = torch_base();
    j["2.weight"] = 1.5;
    torch_case(j.dump(), reason::wrong_shape, 1, "2.weight", {"found the number 1.5"});
}

BOOST_AUTO_TEST_CASE(string_value) {
    json j = torch_base();
    j["0.weight"][1][0] = "0.5";
    torch_case(j.dump(), reason::not_a_number, 0, "0.weight",
               {"\"0.weight\"[1][0] (layer 0, dense<2, 3, tanh>)", "not a number",
                "a string \"0.5\""});
}

BOOST_AUTO_TEST_CASE(null_and_boolean_values) {
    json j = torch_base();
    j["2.bias"][0] = nullptr;
    torch_case(j.dump(), reason::not_a_number, 1, "2.bias", {"\"2.bias\"[0]", "found null"});
    j["2.bias"][0] = true;
    torch_case(j.dump(), reason::not_a_number, 1, "2.bias", {"found true"});
}

BOOST_AUTO_TEST_CASE(too_large_for_float) {
    json j = torch_base();
    j["0.bias"][2] = 1e300;
    torch_case<Pf>(j.dump(), reason::non_finite_value, 0, "0.bias",
                   {"\"0.bias\"[2]", "out of the range of float"});
    P p{};  // fine as double
    io::load_torch_json(fixture("dense_2_3_1_tanh.state_dict.json"), p);
}

BOOST_AUTO_TEST_CASE(too_large_for_double) {
    std::string text = torch_base().dump();
    text.insert(text.find("\"0.bias\":[") + 10, "1e999,");
    torch_case(text, reason::non_finite_value, none, "", {"1e999", "not finite"});
}

BOOST_AUTO_TEST_CASE(nan_literal) {
    std::string text = torch_base().dump();
    text.insert(text.find("\"0.bias\":[") + 10, "NaN,");
    torch_case(text, reason::malformed_json, none, "",
               {"malformed JSON", "JSON has no NaN or Infinity", "allow_nan=False"});
}

BOOST_AUTO_TEST_CASE(truncated) {
    const std::string text = read_text(fixture("dense_2_3_1_tanh.state_dict.json"));
    torch_case(text.substr(0, text.size() / 2), reason::truncated, none, "",
               {"truncated JSON", std::to_string(text.size() / 2) + " bytes"});
    torch_case("", reason::truncated, none, "", {"the text is empty"});
    torch_case(" \n", reason::truncated, none, "", {"only white space"});
}

BOOST_AUTO_TEST_CASE(malformed) {
    const std::string text = read_text(fixture("dense_2_3_1_tanh.state_dict.json"));
    torch_case(text + "}", reason::malformed_json, none, "", {"malformed JSON", "line"});
    torch_case("{'0.weight': 1}", reason::malformed_json, none, "", {"malformed JSON"});
}

BOOST_AUTO_TEST_CASE(not_an_object) {
    torch_case("[[1, 2], [3, 4]]", reason::wrong_structure, none, "",
               {"expected a JSON object of state-dict tensors", "found an array [2][2]"});
}

BOOST_AUTO_TEST_CASE(duplicate_key) {
    std::string text = torch_base().dump();
    text.insert(1, "\"2.bias\":[0.5],");
    torch_case(text, reason::duplicate_key, none, "2.bias", {"duplicate key \"2.bias\""});
}

BOOST_AUTO_TEST_CASE(file_not_found) {
    P p = filled<P>(1.0);
    const P before = p;
    try {
        io::load_torch_json("/nonexistent/constgrad/model.json", p);
        BOOST_FAIL("loaded a missing file");
    } catch (const io::json_error& e) {
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(reason::file_not_found));
        BOOST_TEST(std::string(e.what()).find("no such file") != std::string::npos, e.what());
    }
    BOOST_TEST((p == before));
}

BOOST_AUTO_TEST_CASE(a_directory) {
    io_test::scratch_dir dir;
    P p = filled<P>(1.0);
    const P before = p;
    BOOST_CHECK_EXCEPTION(io::load_torch_json(dir.path, p), io::json_error,
                          [](const io::json_error& e) { return e.why() == reason::read_failed; });
    BOOST_TEST((p == before));
}

BOOST_AUTO_TEST_CASE(prefix_count) {
    torch_case(torch_base().dump(), reason::bad_options, none, "",
               {"torch_json_options::prefixes names 3 layers, the network has 2"},
               {.prefixes = {"a", "b", "c"}});
    torch_case(torch_base().dump(), reason::bad_options, 1, "", {"names \"a\" twice (layers 0 and 1)"},
               {.prefixes = {"a", "a"}});
}

// A model that is not an nn.Sequential, read with the default names.
BOOST_AUTO_TEST_CASE(default_names_do_not_fit) {
    torch_case<net_named::parameters<double>>(
        read_text(fixture("named_2_4_1_leaky_relu.state_dict.json")), reason::missing_key, 0,
        "0.weight", {"missing key \"0.weight\"", "torch_json_options::prefixes"});
}

// Another network's state dict: the first tensor of another shape is named.
BOOST_AUTO_TEST_CASE(other_widths) {
    torch_case(read_text(fixture("dense_4_5_3_no_bias.state_dict.json")), reason::wrong_shape, 0,
               "0.weight", {"expected [3][2]", "found an array [5][4]"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_errors_keras)

BOOST_AUTO_TEST_CASE(the_base_loads) {
    P p{};
    io::load_keras_json(fixture("dense_2_3_1_tanh.keras.json"), p);
    BOOST_TEST(p.layer<1>().w[0][0] != 0.0);
}

BOOST_AUTO_TEST_CASE(missing_in_shape) {
    json j = keras_base();
    j.erase("in_shape");
    keras_case(j.dump(), reason::missing_key, none, "in_shape", {"missing key \"in_shape\""});
}

BOOST_AUTO_TEST_CASE(in_shape_of_other_width) {
    json j = keras_base();
    j["in_shape"] = json::parse("[null, 3]");
    keras_case(j.dump(), reason::wrong_shape, none, "in_shape",
               {"\"in_shape\": expected [null, 2]", "found [null, 3]"});
    j["in_shape"] = "2";
    keras_case(j.dump(), reason::wrong_shape, none, "in_shape", {"found a string \"2\""});
}

BOOST_AUTO_TEST_CASE(unexpected_top_level_key) {
    json j = keras_base();
    j["name"] = "model";
    keras_case(j.dump(), reason::unexpected_key, none, "name", {"unexpected key \"name\""});
}

BOOST_AUTO_TEST_CASE(layers_not_an_array) {
    json j = keras_base();
    j["layers"] = json::object();
    keras_case(j.dump(), reason::wrong_structure, none, "layers",
               {"\"layers\": expected an array", "found an object"});
}

BOOST_AUTO_TEST_CASE(entry_not_an_object) {
    json j = keras_base();
    j["layers"][1] = 3;
    keras_case(j.dump(), reason::wrong_structure, 1, "",
               {"layers[1]: expected a layer object", "found the number 3"});
}

BOOST_AUTO_TEST_CASE(type_not_a_string) {
    json j = keras_base();
    j["layers"][0]["type"] = 1;
    keras_case(j.dump(), reason::wrong_structure, 0, "type", {"layers[0]: \"type\": expected a string"});
}

BOOST_AUTO_TEST_CASE(other_layer_kind) {
    json j = keras_base();
    j["layers"][1]["type"] = "gru";
    keras_case(j.dump(), reason::wrong_layer_kind, 1, "type",
               {"layers[1] (layer 1, dense<3, 1>)", "\"type\": expected \"dense\", found \"gru\""});
}

BOOST_AUTO_TEST_CASE(other_activation) {
    json j = keras_base();
    j["layers"][0]["activation"] = "relu";
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"layers[0] (layer 0, dense<2, 3, tanh>)",
                "\"activation\": expected \"tanh\", found \"relu\""});
}

BOOST_AUTO_TEST_CASE(empty_activation_for_tanh) {
    json j = keras_base();
    j["layers"][0]["activation"] = "";
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"expected \"tanh\", found \"\"", "no activation, or one the exporter does not know"});
}

BOOST_AUTO_TEST_CASE(activation_for_a_linear_layer) {
    json j = keras_base();
    j["layers"][1]["activation"] = "sigmoid";
    keras_case(j.dump(), reason::wrong_activation, 1, "activation",
               {"expected \"\" (no activation), found \"sigmoid\""});
}

BOOST_AUTO_TEST_CASE(foreign_activation) {
    json j = keras_base();
    j["layers"][0]["activation"] = "softmax";
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"found \"softmax\" (constgrad has no such activation)"});
    j["layers"][0]["activation"] = "swoosh";
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"found \"swoosh\" (not an activation of the format)"});
}

BOOST_AUTO_TEST_CASE(activation_entry_first) {
    json j = keras_base();
    j["layers"].insert(j["layers"].begin(), json::parse(R"({"type": "activation", "activation": "tanh"})"));
    keras_case(j.dump(), reason::wrong_layer_kind, 0, "type",
               {"layers[0]", "found \"activation\"", "with no layer before it"});
}

BOOST_AUTO_TEST_CASE(two_activations) {
    json j = keras_base();
    j["layers"].insert(j["layers"].begin() + 1,
                       json::parse(R"({"type": "activation", "activation": "relu", "shape": [null, 3], "weights": []})"));
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"layers[1] (layer 0, dense<2, 3, tanh>)", "follows layers[0]",
                "already \"tanh\"", "one activation"});
}

BOOST_AUTO_TEST_CASE(separate_activation_merges) {
    json j = keras_base();
    j["layers"][0]["activation"] = "";
    j["layers"].insert(j["layers"].begin() + 1,
                       json::parse(R"({"type": "activation", "activation": "tanh", "shape": [null, 3], "weights": []})"));
    P a{}, b{};
    a = io::parse_keras_json<P>(j.dump());
    io::load_keras_json(fixture("dense_2_3_1_tanh.keras.json"), b);
    BOOST_TEST((a == b));
    // ... and a separate activation of the wrong kind names its own entry.
    j["layers"][1]["activation"] = "sigmoid";
    keras_case(j.dump(), reason::wrong_activation, 0, "activation",
               {"layers[1] (layer 0, dense<2, 3, tanh>)", "expected \"tanh\", found \"sigmoid\""});
    j["layers"][1]["weights"] = json::parse("[[1]]");
    keras_case(j.dump(), reason::wrong_shape, 0, "weights", {"layers[1]", "expected [] (an activation has none)"});
}

BOOST_AUTO_TEST_CASE(too_few_layers) {
    json j = keras_base();
    j["layers"].erase(1);
    keras_case(j.dump(), reason::wrong_layer_count, 1, "layers",
               {"entry ends before layer 1 (dense<3, 1>)", "the network has 2 layers"});
}

BOOST_AUTO_TEST_CASE(too_many_layers) {
    json j = keras_base();
    j["layers"].push_back(j["layers"][1]);
    keras_case(j.dump(), reason::wrong_layer_count, none, "layers",
               {"layers[2]: the network has 2 layers", "goes on with a \"dense\" entry"});
}

BOOST_AUTO_TEST_CASE(shape_of_other_width) {
    json j = keras_base();
    j["layers"][0]["shape"] = json::parse("[null, 4]");
    keras_case(j.dump(), reason::wrong_shape, 0, "shape",
               {"layers[0] (layer 0, dense<2, 3, tanh>)", "\"shape\": expected [null, 3]"});
    j["layers"][0]["shape"] = json::parse("[-1, 3]");
    keras_case(j.dump(), reason::wrong_shape, 0, "shape", {"found [-1, 3]"});
}

BOOST_AUTO_TEST_CASE(three_weight_arrays) {
    json j = keras_base();
    j["layers"][1]["weights"].push_back(json::array());
    keras_case(j.dump(), reason::wrong_shape, 1, "weights",
               {"layers[1] (layer 1, dense<3, 1>): \"weights\": expected [kernel [3][1], bias [1]]",
                "found 3 arrays"});
}

BOOST_AUTO_TEST_CASE(kernel_only_when_bias_required) {
    json j = keras_base();
    j["layers"][1]["weights"].erase(1);
    keras_case(j.dump(), reason::wrong_shape, 1, "weights", {"found 1 array"},
               {.missing_bias_is_zero = false});
    P p = filled<P>(3.0);
    p = io::parse_keras_json<P>(j.dump());  // accepted by default, zero bias
    BOOST_TEST(p.layer<1>().b[0] == 0.0);
}

BOOST_AUTO_TEST_CASE(kernel_in_pytorch_layout) {
    json j = keras_base();
    const json kernel = j["layers"][0]["weights"][0];  // [2][3]
    json t = json::array();
    for (std::size_t o = 0; o < 3; ++o) {
        t.push_back(json::array());
        for (std::size_t i = 0; i < 2; ++i) t[o].push_back(kernel[i][o]);
    }
    j["layers"][0]["weights"][0] = t;
    keras_case(j.dump(), reason::wrong_shape, 0, "weights",
               {"layers[0].weights[0] (layer 0, dense<2, 3, tanh>)", "expected [2][3] (Keras's kernel [in][out])",
                "found an array [3][2] (transposed?)"});
}

BOOST_AUTO_TEST_CASE(non_numeric_kernel_value) {
    json j = keras_base();
    j["layers"][1]["weights"][0][2][0] = json::object();
    keras_case(j.dump(), reason::not_a_number, 1, "weights",
               {"layers[1].weights[0][2][0] (layer 1, dense<3, 1>): not a number: found an object"});
}

BOOST_AUTO_TEST_CASE(unexpected_field) {
    json j = keras_base();
    j["layers"][0]["kernel_size"] = json::parse("[3]");
    keras_case(j.dump(), reason::unexpected_key, 0, "kernel_size",
               {"layers[0] (layer 0, dense<2, 3, tanh>): unexpected key \"kernel_size\"",
                "a \"dense\" entry has no such field"});
}

BOOST_AUTO_TEST_CASE(missing_field) {
    json j = keras_base();
    j["layers"][1].erase("weights");
    keras_case(j.dump(), reason::missing_key, 1, "weights",
               {"layers[1] (layer 1, dense<3, 1>): missing key \"weights\""});
    j = keras_base();
    j["layers"][0].erase("activation");
    keras_case(j.dump(), reason::missing_key, 0, "activation", {"missing key \"activation\""});
}

BOOST_AUTO_TEST_CASE(activation_not_a_string) {
    json j = keras_base();
    j["layers"][0]["activation"] = nullptr;
    keras_case(j.dump(), reason::wrong_structure, 0, "activation",
               {"\"activation\": expected a string, found null"});
}

BOOST_AUTO_TEST_CASE(too_large_for_float) {
    json j = keras_base();
    j["layers"][0]["weights"][1][0] = -3.5e38;
    keras_case<Pf>(j.dump(), reason::non_finite_value, 0, "weights",
                   {"layers[0].weights[1][0]", "-3.5e+38 is out of the range of float"});
}

// "" is "no activation or one the exporter does not know": it fits activations the format
// cannot name (leaky_relu), a named one does not.
BOOST_AUTO_TEST_CASE(unnamed_activations) {
    using Q = net_named::parameters<double>;
    using twin = nn::network<nn::dense<2, 4>, nn::dense<4, 1>>;  // same shapes, activation ""
    const auto p = net_named::init(nn::seed{3});
    json j = json::parse(io::to_keras_json(nn::unflatten<twin::parameters<double>>(nn::flatten(p))));
    BOOST_TEST((io::parse_keras_json<Q>(j.dump()) == p));
    j["layers"][0]["activation"] = "relu";
    keras_case<Q>(j.dump(), reason::wrong_activation, 0, "activation",
                  {"expected \"\" (leaky_relu has no name in the Keras format), found \"relu\""});
}

BOOST_AUTO_TEST_CASE(malformed_and_truncated) {
    const std::string text = read_text(fixture("dense_2_3_1_tanh.keras.json"));
    keras_case(text.substr(0, text.size() - 3), reason::truncated, none, "", {"truncated JSON"});
    keras_case("{\"in_shape\": [null, 2], \"layers\": [}", reason::malformed_json, none, "",
               {"malformed JSON"});
    keras_case("[]", reason::wrong_structure, none, "", {"expected a JSON object {\"in_shape\""});
}

BOOST_AUTO_TEST_SUITE_END()
