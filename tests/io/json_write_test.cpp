// The JSON model writers: exact round trips (double and float), the state-dict names, the
// Keras layout, atomic saves, NaN/infinity refused.
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/save_error.hpp>
#include <constgrad/io/torch_json.hpp>

#include "json_test_support.hpp"

using namespace json_test;

namespace {

// Parameters with awkward values: subnormals, -0, extremes, short and long decimals.
template <class P>
P awkward(std::uint64_t seed) {
    using T = typename P::scalar_type;
    P p = P{};
    nn::rng r{nn::seed{seed}};
    const std::array<T, 8> special{T(-0.0),
                                   std::numeric_limits<T>::denorm_min(),
                                   -std::numeric_limits<T>::min(),
                                   std::numeric_limits<T>::max(),
                                   -std::numeric_limits<T>::max(),
                                   T(0.1),
                                   T(1) / T(3),
                                   T(1e-30)};
    std::size_t k = 0;
    P::zip(
        [&](T& x) {
            x = k < special.size() ? special[k] : r.uniform(T(-3), T(3));
            ++k;
        },
        p);
    return p;
}

template <class P>
bool same_bits(const P& a, const P& b) {
    const auto fa = nn::flatten(a);
    const auto fb = nn::flatten(b);
    for (std::size_t k = 0; k < fa.size(); ++k)
        if (std::signbit(fa[k]) != std::signbit(fb[k]) || !(fa[k] == fb[k])) return false;
    return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_write)

BOOST_AUTO_TEST_CASE(round_trips_are_exact) {
    using Pd = net_3_8_8_2::parameters<double>;
    using Pf = net_3_8_8_2::parameters<float>;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const auto d = awkward<Pd>(seed);
        const auto f = awkward<Pf>(seed);
        BOOST_TEST(same_bits(io::parse_torch_json<Pd>(io::to_torch_json(d)), d));
        BOOST_TEST(same_bits(io::parse_keras_json<Pd>(io::to_keras_json(d)), d));
        BOOST_TEST(same_bits(io::parse_torch_json<Pf>(io::to_torch_json(f)), f));
        BOOST_TEST(same_bits(io::parse_keras_json<Pf>(io::to_keras_json(f)), f));
    }
}

// Every float, written as the shortest decimal that reads back through double, reads back
// exactly: a sweep over exponents and a stride over mantissas.
BOOST_AUTO_TEST_CASE(float_values_read_back_exactly) {
    using P = nn::network<nn::neuron<1>>::parameters<float>;
    for (std::uint32_t bits = 0x00000001; bits < 0x7f800000; bits += 0x000f4243) {
        P p{};
        p.layer<0>().w[0][0] = std::bit_cast<float>(bits);
        p.layer<0>().b[0] = -std::bit_cast<float>(bits);
        const P q = io::parse_torch_json<P>(io::to_torch_json(p));
        BOOST_TEST(same_bits(p, q), "bits " << bits);
    }
}

// nn.Sequential's numbering: an activation is a module of its own, nn::identity none.
BOOST_AUTO_TEST_CASE(default_state_dict_names) {
    using brief_example = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 3>>;
    const json a = json::parse(io::to_torch_json(brief_example::init(nn::seed{1})));
    BOOST_TEST(a.contains("0.weight"));
    BOOST_TEST(a.contains("0.bias"));
    BOOST_TEST(a.contains("2.weight"));
    BOOST_TEST(a.contains("2.bias"));
    BOOST_TEST(a.size() == 4u);

    using linear_stack = nn::network<nn::dense<2, 3>, nn::dense<3, 3>, nn::dense<3, 1, nn::relu>>;
    const json b = json::parse(io::to_torch_json(linear_stack::init(nn::seed{1})));
    BOOST_TEST(b.contains("0.weight"));
    BOOST_TEST(b.contains("1.weight"));
    BOOST_TEST(b.contains("2.weight"));

    const json c = json::parse(io::to_torch_json(net_named::init(nn::seed{1})));
    BOOST_TEST(c.contains("0.weight"));
    BOOST_TEST(c.contains("2.weight"));  // LeakyReLU is module 1
    BOOST_TEST(c.at("0.weight").size() == 4u);     // [out][in]
    BOOST_TEST(c.at("0.weight")[0].size() == 2u);
}

BOOST_AUTO_TEST_CASE(named_prefixes) {
    const auto p = net_2_3_1::init(nn::seed{3});
    io::torch_json_options options{.prefixes = {"encoder.fc", "head"}};
    const std::string text = io::to_torch_json(p, options);
    const json j = json::parse(text);
    BOOST_TEST(j.contains("encoder.fc.weight"));
    BOOST_TEST(j.contains("head.bias"));
    BOOST_TEST((io::parse_torch_json<net_2_3_1::parameters<double>>(text, options) == p));

    // An empty prefix: a lone nn.Linear's state dict, "weight" and "bias".
    using lone = nn::network<nn::dense<3, 2>>;
    const auto q = lone::init(nn::seed{4});
    const std::string lone_text = io::to_torch_json(q, {.prefixes = {""}});
    BOOST_TEST(json::parse(lone_text).contains("weight"));
    BOOST_TEST((io::parse_torch_json<lone::parameters<double>>(lone_text, {.prefixes = {""}}) == q));
}

BOOST_AUTO_TEST_CASE(keras_layout) {
    auto p = net_2_3_1::init(nn::seed{5});
    p.layer<0>().w[2][1] = 0.25;  // output 2, input 1
    const json j = json::parse(io::to_keras_json(p));
    BOOST_TEST(j.at("in_shape") == json::parse("[null, 2]"));
    BOOST_TEST(j.at("layers").size() == 2u);
    BOOST_TEST(j["layers"][0].at("type") == "dense");
    BOOST_TEST(j["layers"][0].at("activation") == "tanh");
    BOOST_TEST(j["layers"][1].at("activation") == "");
    BOOST_TEST(j["layers"][0].at("shape") == json::parse("[null, 3]"));
    BOOST_TEST(j["layers"][0]["weights"][0][1][2].get<double>() == 0.25);  // kernel [in][out]
    BOOST_TEST(j["layers"][0]["weights"][1].size() == 3u);
}

BOOST_AUTO_TEST_CASE(save_then_load) {
    io_test::scratch_dir dir;
    const auto p = net_3_8_8_2::init<float>(nn::seed{6});
    io::save_torch_json(dir / "t.json", p);
    io::save_keras_json(dir / "k.json", p);
    BOOST_TEST(read_text(dir / "t.json") == io::to_torch_json(p));
    BOOST_TEST(read_text(dir / "k.json") == io::to_keras_json(p));
    auto a = filled<net_3_8_8_2::parameters<float>>(0.0f);
    auto b = a;
    io::load_torch_json(dir / "t.json", a);
    io::load_keras_json(dir / "k.json", b);
    BOOST_TEST((a == p));
    BOOST_TEST((b == p));
    BOOST_TEST(io_test::entries(dir.path) == (std::vector<std::string>{"k.json", "t.json"}));
}

// A NaN is refused before anything is written: the previous file stays, no temporary left.
BOOST_AUTO_TEST_CASE(non_finite_parameters_are_refused) {
    io_test::scratch_dir dir;
    auto p = net_2_3_1::init(nn::seed{7});
    io::save_torch_json(dir / "t.json", p);
    io::save_keras_json(dir / "k.json", p);
    const std::string before_t = read_text(dir / "t.json");
    const std::string before_k = read_text(dir / "k.json");
    p.layer<1>().w[0][2] = std::numeric_limits<double>::quiet_NaN();
    BOOST_CHECK_THROW(io::to_torch_json(p), std::invalid_argument);
    BOOST_CHECK_THROW(io::to_keras_json(p), std::invalid_argument);
    for (const char* name : {"t.json", "k.json"}) {
        try {
            if (std::string(name) == "t.json")
                io::save_torch_json(dir / name, p);
            else
                io::save_keras_json(dir / name, p);
            BOOST_FAIL("saved a NaN");
        } catch (const io::save_error& e) {
            const std::string what = e.what();
            BOOST_TEST(static_cast<int>(e.why()) ==
                       static_cast<int>(io::save_error::reason::non_finite_value));
            BOOST_TEST(what.find("layer 1's w[0][2]") != std::string::npos, what);
            BOOST_TEST(what.find("nothing was written") != std::string::npos, what);
        }
    }
    BOOST_TEST(read_text(dir / "t.json") == before_t);
    BOOST_TEST(read_text(dir / "k.json") == before_k);
    BOOST_TEST(io_test::entries(dir.path) == (std::vector<std::string>{"k.json", "t.json"}));
    p.layer<0>().b[1] = std::numeric_limits<double>::infinity();
    p.layer<1>().w[0][2] = 0;
    BOOST_CHECK_THROW(io::to_torch_json(p), std::invalid_argument);
}

// Writes go through the atomic writer: a save over an existing file replaces it whole, one
// into a missing directory fails with create_failed and creates nothing.
BOOST_AUTO_TEST_CASE(saves_are_atomic) {
    io_test::scratch_dir dir;
    const auto p = net_2_3_1::init(nn::seed{8});
    const auto q = net_2_3_1::init(nn::seed{9});
    io::save_torch_json(dir / "t.json", p);
    io::save_torch_json(dir / "t.json", q);
    BOOST_TEST(read_text(dir / "t.json") == io::to_torch_json(q));
    BOOST_TEST(io_test::entries(dir.path) == (std::vector<std::string>{"t.json"}));
    try {
        io::save_keras_json(dir / "missing" / "k.json", p);
        BOOST_FAIL("saved into a missing directory");
    } catch (const io::save_error& e) {
        BOOST_TEST(static_cast<int>(e.why()) ==
                   static_cast<int>(io::save_error::reason::create_failed));
        BOOST_TEST(std::string(e.what()).find("constgrad::io::save_keras_json") == 0u, e.what());
    }
    BOOST_TEST(!fs::exists(dir / "missing"));
}

// Bad prefixes are refused by the writer too.
BOOST_AUTO_TEST_CASE(writer_checks_prefixes) {
    const auto p = net_2_3_1::init(nn::seed{10});
    BOOST_CHECK_THROW(io::to_torch_json(p, {.prefixes = {"a"}}), io::json_error);
    BOOST_CHECK_THROW(io::to_torch_json(p, {.prefixes = {"a", "a"}}), io::json_error);
}

BOOST_AUTO_TEST_SUITE_END()
