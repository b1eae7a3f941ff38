// The parameter file format: checksum vectors, byte layout derived by hand, exact round trips.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/detail/format.hpp>
#include <constgrad/io/from_bytes.hpp>
#include <constgrad/io/layer_widths.hpp>
#include <constgrad/io/to_bytes.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
using namespace io_test;

namespace {

std::vector<std::byte> bytes_of(std::initializer_list<unsigned> values) {
    std::vector<std::byte> out;
    for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

void append(std::vector<std::byte>& to, const std::vector<std::byte>& more) {
    to.insert(to.end(), more.begin(), more.end());
}

std::vector<std::byte> le64(std::uint64_t v) {
    std::vector<std::byte> out;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFF));
    return out;
}

using one_neuron = nn::network<nn::neuron<1>>;

}  // namespace

BOOST_AUTO_TEST_SUITE(format)

// Published FNV-1a 64 test vectors (Fowler/Noll/Vo reference test suite).
BOOST_AUTO_TEST_CASE(fnv1a64_reference_vectors) {
    const auto hash = [](const std::string& s) {
        std::vector<std::byte> b(s.size());
        for (std::size_t i = 0; i < s.size(); ++i) b[i] = static_cast<std::byte>(s[i]);
        return constgrad::detail::io_fnv1a64(b.data(), b.size());
    };
    BOOST_TEST(hash("") == 0xcbf29ce484222325ULL);
    BOOST_TEST(hash("a") == 0xaf63dc4c8601ec8cULL);
    BOOST_TEST(hash("foobar") == 0x85944171f73967e8ULL);
}

// One neuron y = 1.0 x - 2.0: every byte written out by hand from the documented layout;
// the two checksums were computed by an independent FNV-1a (a few lines of Python).
BOOST_AUTO_TEST_CASE(double_layout_byte_by_byte) {
    one_neuron::parameters<double> p{};
    p.layer<0>().w[0][0] = 1.0;
    p.layer<0>().b[0] = -2.0;
    std::vector<std::byte> expected =
        bytes_of({0x89, 'C', 'G', 'P', 0x0D, 0x0A, 0x1A, 0x0A,  // magic
                  1,    0,   0,   0,                            // version 1
                  2,    0,   0,   0,                            // binary64
                  1,    0,   0,   0,                            // one layer
                  1,    0,   0,   0,   1,    0,    0,    0,     // 1 -> 1
                  2,    0,   0,   0,   0,    0,    0,    0});   // 2 parameters
    append(expected, le64(0x13fa5809a47c6035ULL));
    append(expected, bytes_of({0, 0, 0, 0, 0, 0, 0xF0, 0x3F,  // 1.0 = 0x3FF0000000000000
                               0, 0, 0, 0, 0, 0, 0, 0xC0}));  // -2.0 = 0xC000000000000000
    append(expected, le64(0x2f129cea1c5d7178ULL));
    BOOST_TEST(io::to_bytes(p) == expected);
    BOOST_TEST((io::from_bytes<one_neuron::parameters<double>>(expected) == p));
}

BOOST_AUTO_TEST_CASE(float_layout_byte_by_byte) {
    one_neuron::parameters<float> p{};
    p.layer<0>().w[0][0] = 1.0f;
    p.layer<0>().b[0] = -2.0f;
    std::vector<std::byte> expected =
        bytes_of({0x89, 'C', 'G', 'P', 0x0D, 0x0A, 0x1A, 0x0A, 1, 0, 0, 0, 1, 0, 0, 0,  // binary32
                  1,    0,   0,   0,   1,    0,    0,    0,    1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0});
    append(expected, le64(0x5859777d32ee6bd6ULL));
    append(expected,
           bytes_of({0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0}));  // 1.0f = 0x3F800000, -2.0f = 0xC0000000
    append(expected, le64(0x0979e9ee2da22858ULL));
    BOOST_TEST(io::to_bytes(p) == expected);
}

// Size = 20 + 16 L + 8 + s n + 8, from the layout table.
BOOST_AUTO_TEST_CASE(file_size_follows_the_layout) {
    BOOST_TEST(io::to_bytes(net_2_4_1::init(nn::seed{1})).size() == 20u + 32 + 8 + 8 * 17 + 8);
    BOOST_TEST(io::to_bytes(net_2_4_1::init<float>(nn::seed{1})).size() ==
               20u + 32 + 8 + 4 * 17 + 8);
    BOOST_TEST(io::to_bytes(net_2_4_4_1::init(nn::seed{1})).size() ==
               20u + 48 + 8 + 8 * (12 + 20 + 5) + 8);
}

// Extreme values survive bit for bit: signed zero, subnormals, the largest and smallest.
template <class T>
void check_exact_round_trip() {
    using P = net_2_4_1::parameters<T>;
    using lim = std::numeric_limits<T>;
    const std::array<T, 8> specials{T(-0.0),    lim::denorm_min(), -lim::denorm_min(), lim::min(),
                                    lim::max(), lim::lowest(),     lim::epsilon(),     T(1) / T(3)};
    P p = net_2_4_1::init<T>(nn::seed{7});
    std::size_t k = 0;
    P::zip(
        [&](T& x) {
            if (k < specials.size()) x = specials[k];
            ++k;
        },
        p);
    const P q = io::from_bytes<P>(io::to_bytes(p));
    const auto a = nn::flatten(p), b = nn::flatten(q);
    for (std::size_t i = 0; i < a.size(); ++i)
        BOOST_TEST(std::bit_cast<constgrad::detail::io_bits_t<T>>(a[i]) ==
                   std::bit_cast<constgrad::detail::io_bits_t<T>>(b[i]));
}

BOOST_AUTO_TEST_CASE(round_trip_is_bit_exact_double) { check_exact_round_trip<double>(); }
BOOST_AUTO_TEST_CASE(round_trip_is_bit_exact_float) { check_exact_round_trip<float>(); }

BOOST_AUTO_TEST_CASE(to_bytes_refuses_non_finite_and_names_the_parameter) {
    auto p = net_2_4_1::init(nn::seed{3});
    p.layer<0>().w[2][1] = std::numeric_limits<double>::quiet_NaN();
    try {
        (void)io::to_bytes(p);
        BOOST_FAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        // Layer 0, row 2, column 1: flat index 2 * 2 + 1 = 5.
        BOOST_TEST(what.find("parameter 5 (layer 0, w[2][1])") != std::string::npos, what);
        BOOST_TEST(what.find("NaN") != std::string::npos, what);
    }
    auto q = net_2_4_1::init(nn::seed{3});
    q.layer<1>().b[0] = -std::numeric_limits<double>::infinity();
    // Layer 1 starts after 2 * 4 + 4 = 12 scalars and has 4 weights before its bias.
    BOOST_CHECK_EXCEPTION(
        (void)io::to_bytes(q), std::invalid_argument, [](const std::invalid_argument& e) {
            return std::string(e.what()).find("parameter 16 (layer 1, b[0])") != std::string::npos;
        });
}

BOOST_AUTO_TEST_CASE(layer_widths) {
    static_assert(io::layer_widths_v<net_2_4_1::parameters<double>> ==
                  std::array<std::size_t, 3>{2, 4, 1});
    static_assert(io::layer_widths_v<net_2_4_4_1::parameters<float>> ==
                  std::array<std::size_t, 4>{2, 4, 4, 1});
    static_assert(io::layer_widths_v<one_neuron::parameters<double>> ==
                  std::array<std::size_t, 2>{1, 1});
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()
