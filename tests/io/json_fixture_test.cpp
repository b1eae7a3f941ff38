// The fixtures of tools/make_json_fixtures.py: PyTorch models as state dicts and as Keras
// model JSON (converted by the script), with inputs and the outputs PyTorch computed in
// double. Loaded into constgrad networks, they must give PyTorch's outputs: within 1e-12
// relative in double, 1e-5 absolute in float.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/torch_json.hpp>

#include "json_test_support.hpp"

using namespace json_test;

namespace {

enum class format { torch, keras };

// Loads <name>.<format>.json into Net's parameters<T> (through the file loaders) and checks
// Net::forward against every recorded output. Returns the largest error seen (relative for
// double, absolute for float).
template <class Net, class T>
double check_fixture(const std::string& name, format f,
                     const io::torch_json_options& torch_options = {}) {
    const json expected = read_json(fixture(name + ".expected.json"));
    auto params = Net::template init<T>(nn::seed{99});
    if (f == format::torch)
        io::load_torch_json(fixture(name + ".state_dict.json"), params, torch_options);
    else
        io::load_keras_json(fixture(name + ".keras.json"), params);

    const auto& inputs = expected.at("inputs");
    const auto& outputs = expected.at("outputs");
    BOOST_REQUIRE(inputs.size() == outputs.size());
    BOOST_REQUIRE(inputs.size() >= 5u);
    double worst = 0;
    for (std::size_t s = 0; s < inputs.size(); ++s) {
        typename Net::template input<T> x{};
        BOOST_REQUIRE(inputs[s].size() == x.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<T>(inputs[s][i].get<double>());
        const auto y = Net::forward(params, x);
        BOOST_REQUIRE(outputs[s].size() == y.size());
        for (std::size_t o = 0; o < y.size(); ++o) {
            const double want = outputs[s][o].get<double>();
            const double got = static_cast<double>(y[o]);
            if constexpr (std::is_same_v<T, double>) {
                const double rel = got == want ? 0.0 : std::fabs(got - want) / std::fabs(want);
                BOOST_TEST(rel <= 1e-12, name << " sample " << s << " output " << o << ": "
                                               << got << " vs PyTorch " << want);
                worst = std::max(worst, rel);
            } else {
                const double abs = std::fabs(got - want);
                BOOST_TEST(abs <= 1e-5, name << " sample " << s << " output " << o << ": "
                                              << got << " vs PyTorch " << want);
                worst = std::max(worst, abs);
            }
        }
    }
    return worst;
}

template <class Net>
void check_all(const std::string& name, bool keras, const io::torch_json_options& options = {}) {
    const double d = check_fixture<Net, double>(name, format::torch, options);
    const double f = check_fixture<Net, float>(name, format::torch, options);
    BOOST_TEST_MESSAGE(name << " state dict: double rel " << d << ", float abs " << f);
    if (keras) {
        const double kd = check_fixture<Net, double>(name, format::keras);
        const double kf = check_fixture<Net, float>(name, format::keras);
        BOOST_TEST_MESSAGE(name << " keras: double rel " << kd << ", float abs " << kf);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_fixtures)

BOOST_AUTO_TEST_CASE(dense_2_3_1_tanh) { check_all<net_2_3_1>("dense_2_3_1_tanh", true); }

// Keras file with the activations as separate entries.
BOOST_AUTO_TEST_CASE(dense_3_8_8_2_relu_sigmoid) {
    check_all<net_3_8_8_2>("dense_3_8_8_2_relu_sigmoid", true);
}

// nn.Linear(bias=False): no "0.bias" key, kernel-only Keras weights.
BOOST_AUTO_TEST_CASE(dense_4_5_3_no_bias) {
    check_all<net_4_5_3>("dense_4_5_3_no_bias", true);
    auto p = filled<net_4_5_3::parameters<double>>(1.0);
    io::load_torch_json(fixture("dense_4_5_3_no_bias.state_dict.json"), p);
    BOOST_TEST((p.layer<0>().b == std::array<double, 5>{}));
    p = filled<net_4_5_3::parameters<double>>(1.0);
    io::load_keras_json(fixture("dense_4_5_3_no_bias.keras.json"), p);
    BOOST_TEST((p.layer<0>().b == std::array<double, 5>{}));
}

BOOST_AUTO_TEST_CASE(neuron_2_sigmoid) { check_all<net_neuron>("neuron_2_sigmoid", true); }

// Not an nn.Sequential: the prefixes are named ("hidden", "out").
BOOST_AUTO_TEST_CASE(named_2_4_1_leaky_relu) {
    const json expected = read_json(fixture("named_2_4_1_leaky_relu.expected.json"));
    io::torch_json_options options;
    for (const auto& p : expected.at("options").at("prefixes"))
        options.prefixes.push_back(p.get<std::string>());
    BOOST_TEST(options.prefixes.size() == 2u);
    check_all<net_named>("named_2_4_1_leaky_relu", false, options);
}

// The values are PyTorch's float32 weights written as doubles: loaded as float they are
// exact, so a float load equals the double load rounded.
BOOST_AUTO_TEST_CASE(float_weights_load_exactly) {
    auto d = net_3_8_8_2::init<double>(nn::seed{1});
    auto f = net_3_8_8_2::init<float>(nn::seed{1});
    io::load_torch_json(fixture("dense_3_8_8_2_relu_sigmoid.state_dict.json"), d);
    io::load_torch_json(fixture("dense_3_8_8_2_relu_sigmoid.state_dict.json"), f);
    const auto fd = nn::flatten(d);
    const auto ff = nn::flatten(f);
    for (std::size_t k = 0; k < fd.size(); ++k)
        BOOST_TEST(static_cast<double>(ff[k]) == fd[k], "parameter " << k);
}

// Both formats of a fixture give the same parameters (the Keras conversion is independent).
BOOST_AUTO_TEST_CASE(state_dict_and_keras_agree) {
    auto a = net_3_8_8_2::init<double>(nn::seed{1});
    auto b = net_3_8_8_2::init<double>(nn::seed{2});
    io::load_torch_json(fixture("dense_3_8_8_2_relu_sigmoid.state_dict.json"), a);
    io::load_keras_json(fixture("dense_3_8_8_2_relu_sigmoid.keras.json"), b);
    BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_SUITE_END()
