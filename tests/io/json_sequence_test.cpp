// The JSON model io of nn::sequence_network (io/sequence_json.hpp): PyTorch state dicts and
// Keras/RTNeural model JSON for GRU, LSTM, causal Conv1D, batch norm, PReLU, activation and
// time-distributed dense layers. Round trips must be bit-identical (parameters and buffers);
// loaded fixtures must compute PyTorch's outputs (values of the oracle
// /work/shared/oracles/torch_layers.json, PyTorch 1.13 float64, cited per fixture) or
// hand-derived ones; every refusal must leave parameters and buffers untouched.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/sequence_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/sequence/batch_norm.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/elu.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/prelu.hpp>
#include <constgrad/sequence/time_distributed.hpp>

#include "json_test_support.hpp"

using namespace json_test;

namespace {

using gru_net = nn::sequence_network<nn::gru<2, 3>, nn::time_distributed<nn::dense<3, 2, nn::tanh>>>;
using lstm_net = nn::sequence_network<nn::lstm<3, 4>, nn::lstm<4, 2>>;
using conv_net = nn::sequence_network<nn::conv1d<2, 4, 3, 2>, nn::conv1d<4, 4, 2, 4, 2>,
                                      nn::elu_layer<4>, nn::time_distributed<nn::dense<4, 1>>>;
using norm_net = nn::sequence_network<nn::conv1d<3, 2, 2, 1>, nn::batch_norm<2>, nn::prelu<2>,
                                      nn::activation_layer<2, nn::tanh>>;

// Every scalar a different value with a long decimal form (so that a digit lost in writing
// shows), in layout order.
template <class P>
P varied(double phase) {
    P p{};
    double k = phase;
    P::zip([&](typename P::scalar_type& x) {
        x = static_cast<typename P::scalar_type>(0.75 * std::sin(1.3 * k + 0.1) / 3.0);
        k += 1;
    }, p);
    return p;
}

// Batch norm's buffers of norm_net (layer 1) set to values that are not the defaults.
template <class B>
void vary_norm_buffers(B& b) {
    auto& bn = b.template layer<1>();
    using T = typename std::remove_reference_t<decltype(bn.running_mean)>::value_type;
    bn.running_mean = {T(0.1) / T(3), T(-2.5) / T(7)};
    bn.running_var = {T(1.7) / T(3), T(0.2) / T(9)};
    bn.num_batches_tracked = 123456789012LL;
}

template <class Net, class T>
void torch_round_trip(bool vary_buffers) {
    using P = typename Net::template parameters<T>;
    using B = typename Net::template buffers<T>;
    const P p = varied<P>(0.5);
    B b{};
    if constexpr (std::is_same_v<Net, norm_net>)
        if (vary_buffers) vary_norm_buffers(b);
    io_test::scratch_dir dir;
    io::save_torch_json(dir / "net.json", p, b);
    P q{};
    B c{};
    io::load_torch_json(dir / "net.json", q, c);
    BOOST_TEST((q == p));
    BOOST_TEST((c == b));
    // and the text form, written twice, is the same text
    BOOST_TEST(io::to_torch_json(q, c) == read_text(dir / "net.json"));
}

template <class Net, class T>
void keras_round_trip() {
    using P = typename Net::template parameters<T>;
    using B = typename Net::template buffers<T>;
    const P p = varied<P>(1.5);
    B b{};
    if constexpr (std::is_same_v<Net, norm_net>) vary_norm_buffers(b);
    io_test::scratch_dir dir;
    io::save_keras_json(dir / "net.json", p, b);
    P q{};
    B c{};
    io::load_keras_json(dir / "net.json", q, c);
    BOOST_TEST((q == p));
    BOOST_TEST((c == b));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_sequence)

BOOST_AUTO_TEST_CASE(torch_round_trips_are_bit_identical) {
    torch_round_trip<gru_net, double>(false);
    torch_round_trip<gru_net, float>(false);
    torch_round_trip<lstm_net, double>(false);
    torch_round_trip<lstm_net, float>(false);
    torch_round_trip<conv_net, double>(false);
    torch_round_trip<conv_net, float>(false);
    torch_round_trip<norm_net, double>(true);
    torch_round_trip<norm_net, float>(true);
}

BOOST_AUTO_TEST_CASE(keras_round_trips_are_bit_identical) {
    keras_round_trip<gru_net, double>();
    keras_round_trip<gru_net, float>();
    keras_round_trip<conv_net, double>();
    keras_round_trip<conv_net, float>();
    keras_round_trip<norm_net, double>();
    keras_round_trip<norm_net, float>();
}

// Keras has one LSTM bias: the writer sums bias_ih + bias_hh, the reader loads it as bias_ih
// with bias_hh = 0. With bias_hh = 0 the round trip is exact; otherwise the sum comes back.
BOOST_AUTO_TEST_CASE(keras_lstm_bias_is_the_sum) {
    using P = lstm_net::parameters<double>;
    lstm_net::buffers<double> b{};
    P p = varied<P>(2.5);
    P zero_hh = p;
    zero_hh.layer<0>().bias_hh = {};
    zero_hh.layer<1>().bias_hh = {};
    P q{};
    io::parse_keras_json(io::to_keras_json(zero_hh, b), q, b);
    BOOST_TEST((q == zero_hh));

    io::parse_keras_json(io::to_keras_json(p, b), q, b);
    for (std::size_t o = 0; o < 16; ++o) {
        BOOST_TEST(q.layer<0>().bias_ih[o] == p.layer<0>().bias_ih[o] + p.layer<0>().bias_hh[o]);
        BOOST_TEST(q.layer<0>().bias_hh[o] == 0.0);
    }
    BOOST_TEST((q.layer<0>().weight_ih == p.layer<0>().weight_ih));
    BOOST_TEST((q.layer<1>().weight_hh == p.layer<1>().weight_hh));
}

// The default state-dict keys: one nn.Sequential module per layer, two for a time-distributed
// dense with an activation (nn.Linear, nn.Tanh).
BOOST_AUTO_TEST_CASE(torch_keys_follow_pytorch_names) {
    const json gru = json::parse(io::to_torch_json(gru_net::parameters<double>{},
                                                   gru_net::buffers<double>{}));
    std::vector<std::string> keys;
    for (const auto& item : gru.items()) keys.push_back(item.key());
    const std::vector<std::string> want_gru{"0.bias_hh_l0", "0.bias_ih_l0", "0.weight_hh_l0",
                                            "0.weight_ih_l0", "1.bias", "1.weight"};
    BOOST_TEST(keys == want_gru, boost::test_tools::per_element());

    const json norm = json::parse(io::to_torch_json(norm_net::parameters<float>{},
                                                    norm_net::buffers<float>{}));
    keys.clear();
    for (const auto& item : norm.items()) keys.push_back(item.key());
    const std::vector<std::string> want_norm{"0.bias", "0.weight", "1.bias",
                                             "1.num_batches_tracked", "1.running_mean",
                                             "1.running_var", "1.weight", "2.weight"};
    BOOST_TEST(keys == want_norm, boost::test_tools::per_element());
    BOOST_TEST(norm.at("1.num_batches_tracked").is_number_integer());
    BOOST_TEST(norm.at("0.weight").dump() == "[[[0.0,0.0],[0.0,0.0],[0.0,0.0]],"
                                             "[[0.0,0.0],[0.0,0.0],[0.0,0.0]]]");  // [2][3][2]

    // conv_net: conv 0, conv 1, ELU 2, Linear 3 (identity: one module)
    const json conv = json::parse(io::to_torch_json(conv_net::parameters<double>{},
                                                    conv_net::buffers<double>{}));
    BOOST_TEST(conv.contains("3.weight"));
    BOOST_TEST(conv.at("1.weight").dump().size() > 0u);
    BOOST_TEST(conv.size() == 6u);

    // options.prefixes: one per layer, activation layers included
    io::torch_json_options options{.prefixes = {"rnn", "head"}};
    const json named = json::parse(io::to_torch_json(gru_net::parameters<double>{},
                                                     gru_net::buffers<double>{}, options));
    BOOST_TEST(named.contains("rnn.weight_ih_l0"));
    BOOST_TEST(named.contains("head.bias"));
}

// ---- PyTorch's outputs

namespace {

// Loads <name>.state_dict.json into Net and runs Net::forward over the recorded input frames
// from the zero state. Tolerance: the outputs are at most 2 in magnitude after at most ~100
// rounded operations each, so 1e-13 absolute in double (about 500 ulps of 2) and 2e-5 in
// float (float's epsilon 6e-8 times ~100 operations, times 2, with a margin).
template <class Net, class T>
void check_sequence_fixture(const std::string& name) {
    const json expected = read_json(fixture(name + ".expected.json"));
    typename Net::template parameters<T> p{};
    typename Net::template buffers<T> b{};
    io::load_torch_json(fixture(name + ".state_dict.json"), p, b);
    typename Net::template state<T> s{};
    const auto& inputs = expected.at("inputs");
    const auto& outputs = expected.at("outputs");
    BOOST_REQUIRE(inputs.size() == outputs.size());
    const double tolerance = std::is_same_v<T, double> ? 1e-13 : 2e-5;
    for (std::size_t t = 0; t < inputs.size(); ++t) {
        std::array<T, Net::inputs> x{};
        std::array<T, Net::outputs> y{};
        BOOST_REQUIRE(inputs[t].size() == x.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<T>(inputs[t][i].get<double>());
        Net::step(p, b, s, x, y);
        BOOST_REQUIRE(outputs[t].size() == y.size());
        for (std::size_t o = 0; o < y.size(); ++o) {
            const double want = outputs[t][o].get<double>();
            BOOST_TEST(std::fabs(static_cast<double>(y[o]) - want) <= tolerance,
                       name << " frame " << t << " output " << o << ": " << y[o]
                            << " vs PyTorch " << want);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(pytorch_fixtures_compute_pytorch_outputs) {
    // oracle O3_gru_2_3_seq4
    check_sequence_fixture<nn::sequence_network<nn::gru<2, 3>>, double>("seq_gru_2_3");
    check_sequence_fixture<nn::sequence_network<nn::gru<2, 3>>, float>("seq_gru_2_3");
    // oracle O4_lstm_1_2_seq5
    check_sequence_fixture<nn::sequence_network<nn::lstm<1, 2>>, double>("seq_lstm_1_2");
    check_sequence_fixture<nn::sequence_network<nn::lstm<1, 2>>, float>("seq_lstm_1_2");
    // oracle O5_causal_conv1d_2_3_k3_d2
    check_sequence_fixture<nn::sequence_network<nn::conv1d<2, 3, 3, 2>>, double>(
        "seq_conv1d_2_3_k3_d2");
    check_sequence_fixture<nn::sequence_network<nn::conv1d<2, 3, 3, 2>>, float>(
        "seq_conv1d_2_3_k3_d2");
    // LibTorch 1.13 (tests/io/json_sequence_torch_writer.cpp): five layers, batch norm in eval
    // mode with non-default running statistics, state-dict keys "0." to "4."
    using stack = nn::sequence_network<nn::conv1d<2, 3, 2, 2>, nn::batch_norm<3>, nn::prelu<3>,
                                       nn::gru<3, 2>,
                                       nn::time_distributed<nn::dense<2, 1, nn::tanh>>>;
    check_sequence_fixture<stack, double>("seq_stack");
    check_sequence_fixture<stack, float>("seq_stack");
}

// BatchNorm1d(2) in eval mode then PReLU(2), from seq_bn_prelu_2.state_dict.json (gamma
// [2, -0.5], beta [0.25, 1], running mean [1, -2], running var [4, 0.25], slopes [0.25, 0.1]),
// hand-derived: y = gamma (x - mean) / sqrt(var + 1e-5) + beta, then y or slope·y.
//   x = [3, -1]:  [2·2/sqrt(4.00001) + 0.25, -0.5·1/sqrt(0.25001) + 1]
//               = [2.2499975000046875, 1.9999400020065394e-05]
//   x = [-1, -4]: [0.25·(2·(-2)/sqrt(4.00001) + 0.25), -0.5·(-2)/sqrt(0.25001) + 1]
//               = [-0.43749937500117186, 2.99996000119996]
// (decimal values evaluated in double; 1e-14 absolute: a handful of roundings of values <= 3).
BOOST_AUTO_TEST_CASE(batch_norm_prelu_fixture_hand_derived) {
    using net = nn::sequence_network<nn::batch_norm<2>, nn::prelu<2>>;
    net::parameters<double> p{};
    net::buffers<double> b{};
    io::load_torch_json(fixture("seq_bn_prelu_2.state_dict.json"), p, b);
    BOOST_TEST(b.layer<0>().num_batches_tracked == 7);
    net::state<double> s{};
    const std::array<std::array<double, 2>, 2> xs{{{3.0, -1.0}, {-1.0, -4.0}}};
    const std::array<std::array<double, 2>, 2> want{
        {{2.2499975000046875, 1.9999400020065394e-05}, {-0.43749937500117186, 2.99996000119996}}};
    for (std::size_t t = 0; t < 2; ++t) {
        std::array<double, 2> y{};
        net::step(p, b, s, xs[t], y);
        for (std::size_t c = 0; c < 2; ++c) BOOST_TEST(std::fabs(y[c] - want[t][c]) <= 1e-14);
    }
}

// ---- Keras: gate order by hand-derived one-unit steps

// Keras GRU(1, reset_after=True), kernel [kz, kr, kh] = [0.5, -1, 2], recurrent [0.25, 0.75,
// -0.5], bias [[0.1, -0.2, 0.3], [0.05, 0.4, -0.6]] (seq_gru_1_1.keras.json); Keras's step:
//   z = σ(x kz + bz + h uz + rbz), r = σ(x kr + br + h ur + rbr),
//   ĥ = tanh(x kh + bh + r (h uh + rbh)), h' = z h + (1 - z) ĥ
// from h = 0 on x = 1 then x = -0.5: h = 0.33313037636242593, then -0.26290312013124884
// (evaluated in double). A z/r mix-up gives other values (checked below on the parameters).
BOOST_AUTO_TEST_CASE(keras_gru_gate_order) {
    using net = nn::sequence_network<nn::gru<1, 1>>;
    net::parameters<double> p{};
    net::buffers<double> b{};
    io::load_keras_json(fixture("seq_gru_1_1.keras.json"), p, b);
    const auto& g = p.layer<0>();
    // PyTorch rows r, z, n
    BOOST_TEST(g.weight_ih[0][0] == -1.0);
    BOOST_TEST(g.weight_ih[1][0] == 0.5);
    BOOST_TEST(g.weight_ih[2][0] == 2.0);
    BOOST_TEST(g.weight_hh[0][0] == 0.75);
    BOOST_TEST(g.bias_ih[0] == -0.2);
    BOOST_TEST(g.bias_hh[0] == 0.4);
    BOOST_TEST(g.bias_hh[2] == -0.6);
    net::state<double> s{};
    std::array<double, 1> y{};
    net::step(p, b, s, {1.0}, y);
    BOOST_TEST(std::fabs(y[0] - 0.33313037636242593) <= 1e-15);
    net::step(p, b, s, {-0.5}, y);
    BOOST_TEST(std::fabs(y[0] - -0.26290312013124884) <= 1e-15);
}

// Keras LSTM(1): kernel [ki, kf, kc, ko] = [0.5, -0.25, 1.5, 0.75], recurrent [-0.5, 0.25, 0.5,
// 1], bias [0.1, 1, -0.2, 0.3] (seq_lstm_1_1.keras.json):
//   i = σ(x ki + h ui + bi), f = σ(x kf + h uf + bf), g = tanh(x kc + h uc + bc),
//   o = σ(x ko + h uo + bo), c' = f c + i g, h' = o tanh(c')
// from h = c = 0 on x = 1 then -0.5: h = 0.3743019747154187, then 0.09206527017780732.
BOOST_AUTO_TEST_CASE(keras_lstm_gate_order) {
    using net = nn::sequence_network<nn::lstm<1, 1>>;
    net::parameters<double> p{};
    net::buffers<double> b{};
    io::load_keras_json(fixture("seq_lstm_1_1.keras.json"), p, b);
    BOOST_TEST(p.layer<0>().bias_ih[1] == 1.0);
    BOOST_TEST(p.layer<0>().bias_hh[1] == 0.0);
    net::state<double> s{};
    std::array<double, 1> y{};
    net::step(p, b, s, {1.0}, y);
    BOOST_TEST(std::fabs(y[0] - 0.3743019747154187) <= 1e-15);
    net::step(p, b, s, {-0.5}, y);
    BOOST_TEST(std::fabs(y[0] - 0.09206527017780732) <= 1e-15);
}

// Keras Conv1D kernel [K][In][Out] is PyTorch's weight[out][in][k] at the same tap: the
// oracle's convolution (O5_causal_conv1d_2_3_k3_d2) written as a Keras entry by hand from the
// state-dict fixture must compute the same outputs.
BOOST_AUTO_TEST_CASE(keras_conv1d_is_pytorch_conv) {
    using net = nn::sequence_network<nn::conv1d<2, 3, 3, 2>>;
    const json sd = read_json(fixture("seq_conv1d_2_3_k3_d2.state_dict.json"));
    json kernel = json::array();
    for (std::size_t k = 0; k < 3; ++k) {
        json rows = json::array();
        for (std::size_t i = 0; i < 2; ++i) {
            json row = json::array();
            for (std::size_t o = 0; o < 3; ++o) row.push_back(sd["0.weight"][o][i][k]);
            rows.push_back(row);
        }
        kernel.push_back(rows);
    }
    const json model{{"in_shape", {nullptr, nullptr, 2}},
                     {"layers",
                      {{{"type", "conv1d"}, {"activation", ""}, {"shape", {nullptr, nullptr, 3}},
                        {"kernel_size", {3}}, {"dilation", {2}},
                        {"weights", {kernel, sd["0.bias"]}}}}}};
    net::parameters<double> p{}, q{};
    net::buffers<double> b{};
    io::parse_keras_json(model.dump(), p, b);
    io::parse_torch_json(sd.dump(), q, b);
    BOOST_TEST((p == q));
}

// ---- refusals: reason, layer, key, and nothing changed

namespace {

template <class Net, class Parse>
void expect_refusal(const std::string& text, Parse parse, reason why, std::size_t layer,
                    const std::string& key, const std::string& needle) {
    using P = typename Net::template parameters<double>;
    using B = typename Net::template buffers<double>;
    const P sentinel = io_test::filled<P>(42.5);
    B buffer_sentinel{};
    if constexpr (std::is_same_v<Net, norm_net>) vary_norm_buffers(buffer_sentinel);
    P p = sentinel;
    B b = buffer_sentinel;
    try {
        parse(text, p, b);
        BOOST_FAIL("accepted: " + text.substr(0, 300));
    } catch (const io::json_error& e) {
        const std::string what = e.what();
        BOOST_TEST_MESSAGE(what);
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(why), what);
        BOOST_TEST(e.layer() == layer, what);
        BOOST_TEST(e.key() == key, what);
        BOOST_TEST(what.find(needle) != std::string::npos, what << "  /  " << needle);
    }
    BOOST_TEST((p == sentinel));
    BOOST_TEST((b == buffer_sentinel));
}

const auto torch_parse = [](const std::string& text, auto& p, auto& b) {
    io::parse_torch_json(text, p, b);
};
const auto keras_parse = [](const std::string& text, auto& p, auto& b) {
    io::parse_keras_json(text, p, b);
};

template <class Net>
json torch_base() {
    return json::parse(io::to_torch_json(varied<typename Net::template parameters<double>>(0),
                                         typename Net::template buffers<double>{}));
}
template <class Net>
json keras_base() {
    return json::parse(io::to_keras_json(varied<typename Net::template parameters<double>>(0),
                                         typename Net::template buffers<double>{}));
}

}  // namespace

BOOST_AUTO_TEST_CASE(torch_refusals) {
    {
        json j = torch_base<gru_net>();
        j.erase("0.weight_hh_l0");
        expect_refusal<gru_net>(j.dump(), torch_parse, reason::missing_key, 0, "0.weight_hh_l0",
                                "missing key \"0.weight_hh_l0\" (layer 0, gru<2, 3>)");
    }
    {
        json j = torch_base<gru_net>();
        j["0.weight_ih_l0"] = json::array({json::array({1.0, 2.0, 3.0})});
        expect_refusal<gru_net>(j.dump(), torch_parse, reason::wrong_shape, 0, "0.weight_ih_l0",
                                "expected [9][2]");
    }
    {
        json j = torch_base<gru_net>();
        j["0.weight_ih_l1"] = json::array({1.0});  // a second GRU layer's tensor
        expect_refusal<gru_net>(j.dump(), torch_parse, reason::unexpected_key, io::json_error::npos,
                                "0.weight_ih_l1", "unexpected key \"0.weight_ih_l1\"");
    }
    {
        json j = torch_base<conv_net>();
        j["1.weight"] = json::array();  // conv1d<4, 4, 2, 4, 2>: [4][2][2]
        expect_refusal<conv_net>(j.dump(), torch_parse, reason::wrong_shape, 1, "1.weight",
                                 "expected [4][2][2] (PyTorch's [out][in/groups][kernel])");
    }
    {
        json j = torch_base<norm_net>();
        j.erase("1.running_var");
        expect_refusal<norm_net>(j.dump(), torch_parse, reason::missing_key, 1, "1.running_var",
                                 "missing key \"1.running_var\" (layer 1, batch_norm<2>)");
    }
    {
        json j = torch_base<norm_net>();
        j["1.num_batches_tracked"] = 2.5;
        expect_refusal<norm_net>(j.dump(), torch_parse, reason::wrong_structure, 1,
                                 "1.num_batches_tracked", "non-negative integer");
    }
    {
        json j = torch_base<norm_net>();
        j["2.weight"] = json::array({0.25});  // nn.PReLU() has one slope
        expect_refusal<norm_net>(j.dump(), torch_parse, reason::wrong_shape, 2, "2.weight",
                                 "expected [2]");
    }
    {
        json j = torch_base<norm_net>();
        j["2.weight"][1] = "0.25";
        expect_refusal<norm_net>(j.dump(), torch_parse, reason::not_a_number, 2, "2.weight",
                                 "not a number");
    }
    {
        json j = torch_base<lstm_net>();
        j.erase("1.bias_hh_l0");
        // missing_bias_is_zero off: a missing bias is refused
        expect_refusal<lstm_net>(j.dump(),
                                 [](const std::string& text, auto& p, auto& b) {
                                     io::parse_torch_json(text, p, b,
                                                          {.missing_bias_is_zero = false});
                                 },
                                 reason::missing_key, 1, "1.bias_hh_l0", "missing_bias_is_zero");
        // on (the default): zero
        lstm_net::parameters<double> p{};
        lstm_net::buffers<double> b{};
        io::parse_torch_json(j.dump(), p, b);
        BOOST_TEST(p.layer<1>().bias_hh[0] == 0.0);
    }
    expect_refusal<gru_net>("[1, 2]", torch_parse, reason::wrong_structure, io::json_error::npos, "",
                            "expected a JSON object");
    expect_refusal<gru_net>(torch_base<gru_net>().dump(),
                            [](const std::string& text, auto& p, auto& b) {
                                io::parse_torch_json(text, p, b, {.prefixes = {"a"}});
                            },
                            reason::bad_options, io::json_error::npos, "", "names 1 layers");
}

BOOST_AUTO_TEST_CASE(keras_refusals) {
    {
        json j = keras_base<gru_net>();
        j["layers"][0]["type"] = "lstm";
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::wrong_layer_kind, 0, "type",
                                "expected \"gru\", found \"lstm\"");
    }
    {
        json j = keras_base<gru_net>();
        j["layers"][0]["weights"][2] = j["layers"][0]["weights"][2][0];  // reset_after=False
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::wrong_shape, 0, "weights",
                                "reset_after=False");
    }
    {
        json j = keras_base<gru_net>();
        j["layers"][0]["weights"][0] = j["layers"][0]["weights"][1];  // [3][9] for [2][9]
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::wrong_shape, 0, "weights",
                                "expected [2][9] (Keras's kernel");
    }
    {
        json j = keras_base<gru_net>();
        j["layers"][0].erase("weights");
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::missing_key, 0, "weights",
                                "missing key \"weights\"");
    }
    {
        json j = keras_base<gru_net>();
        j["layers"][0]["recurrent_dropout"] = 0.0;
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::unexpected_key, 0,
                                "recurrent_dropout", "unexpected key \"recurrent_dropout\"");
    }
    {
        json j = keras_base<gru_net>();
        j["layers"].erase(1);
        expect_refusal<gru_net>(j.dump(), keras_parse, reason::wrong_layer_count, 1, "layers",
                                "before layer 1");
    }
    {
        json j = keras_base<norm_net>();
        j["layers"][1]["epsilon"] = 0.001;
        expect_refusal<norm_net>(j.dump(), keras_parse, reason::wrong_setting, 1, "epsilon",
                                 "(Keras's default)");
    }
    {
        json j = keras_base<norm_net>();
        j["layers"][1]["weights"].erase(0);  // BatchNormalization(scale=False)
        expect_refusal<norm_net>(j.dump(), keras_parse, reason::wrong_shape, 1, "weights",
                                 "[gamma, beta, moving_mean, moving_variance]");
    }
    {
        json j = keras_base<conv_net>();
        j["layers"][0]["dilation"] = json::array({1});
        expect_refusal<conv_net>(j.dump(), keras_parse, reason::wrong_setting, 0, "dilation",
                                 "expected [2]");
    }
    {
        json j = keras_base<conv_net>();
        j["layers"][1].erase("groups");
        expect_refusal<conv_net>(j.dump(), keras_parse, reason::wrong_setting, 1, "groups",
                                 "has 2 groups");
    }
    {
        json j = keras_base<conv_net>();
        j["layers"][0]["padding"] = "same";
        expect_refusal<conv_net>(j.dump(), keras_parse, reason::wrong_setting, 0, "padding",
                                 "causal");
    }
    {
        json j = keras_base<conv_net>();
        j["layers"][0]["kernel_size"] = json::array({2});
        expect_refusal<conv_net>(j.dump(), keras_parse, reason::wrong_shape, 0, "kernel_size",
                                 "expected [3]");
    }
    {
        json j = keras_base<conv_net>();
        j["layers"][2]["activation"] = "relu";
        expect_refusal<conv_net>(j.dump(), keras_parse, reason::wrong_activation, 2, "activation",
                                 "expected \"elu\", found \"relu\"");
    }
    {
        json j = keras_base<norm_net>();
        j["layers"][2]["weights"][0] = j["layers"][2]["weights"][0][0];  // [2] for [1][2]
        expect_refusal<norm_net>(j.dump(), keras_parse, reason::wrong_shape, 2, "weights",
                                 "expected [1][2]");
    }
    {
        json j = keras_base<norm_net>();
        j["in_shape"] = json::array({nullptr, nullptr, 4});
        expect_refusal<norm_net>(j.dump(), keras_parse, reason::wrong_shape, io::json_error::npos,
                                 "in_shape", "expected [null, 3]");
    }
    {
        json j = keras_base<norm_net>();
        j["layers"].push_back(j["layers"][3]);
        expect_refusal<norm_net>(j.dump(), keras_parse, reason::wrong_layer_count,
                                 io::json_error::npos, "layers", "the file goes on");
    }
}

BOOST_AUTO_TEST_CASE(files_are_refused_untouched_and_saved_atomically) {
    using P = norm_net::parameters<double>;
    io_test::scratch_dir dir;
    P p = varied<P>(3.0);
    norm_net::buffers<double> b{};
    vary_norm_buffers(b);
    const P p0 = p;
    const auto b0 = b;
    try {
        io::load_torch_json(dir / "absent.json", p, b);
        BOOST_FAIL("accepted a missing file");
    } catch (const io::json_error& e) {
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(reason::file_not_found));
        BOOST_TEST(e.path() == dir / "absent.json");
    }
    BOOST_TEST((p == p0));
    BOOST_TEST((b == b0));

    // A NaN: nothing written, the previous file intact, no temporary left.
    io::save_keras_json(dir / "net.json", p, b);
    const std::string before = read_text(dir / "net.json");
    P bad = p;
    bad.layer<2>().weight[1] = std::nan("");
    BOOST_CHECK_THROW(io::save_keras_json(dir / "net.json", bad, b), io::save_error);
    BOOST_CHECK_THROW(io::save_torch_json(dir / "net.json", bad, b), io::save_error);
    BOOST_TEST(read_text(dir / "net.json") == before);
    BOOST_TEST(io_test::entries(dir.path) == std::vector<std::string>{"net.json"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
