// io::save / io::load: round trips and every way a load fails, leaving the parameters untouched.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/detail/format.hpp>
#include <constgrad/io/load.hpp>
#include <constgrad/io/load_error.hpp>
#include <constgrad/io/save.hpp>
#include <constgrad/io/to_bytes.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
using namespace io_test;
using reason = io::load_error::reason;

namespace {

using P = net_2_4_1::parameters<double>;

// Loads `file` into parameters filled with a sentinel; checks that it fails for `why`, that
// the message contains every one of `needles`, and that the parameters were not touched.
template <class Q = P>
void expect_load_failure(const fs::path& file, reason why,
                         std::initializer_list<std::string> needles) {
    const Q sentinel = filled<Q>(typename Q::scalar_type(42.5));
    Q params = sentinel;
    try {
        io::load(file, params);
        BOOST_FAIL("io::load accepted " + file.string());
    } catch (const io::load_error& e) {
        const std::string what = e.what();
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(why), what);
        BOOST_TEST(e.path() == file);
        BOOST_TEST(what.find("constgrad::io::load(\"" + file.string() + "\")") == 0u, what);
        for (const auto& needle : needles)
            BOOST_TEST(what.find(needle) != std::string::npos, what << " / " << needle);
    }
    BOOST_TEST((params == sentinel));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load)

BOOST_AUTO_TEST_CASE(save_then_load_gives_the_same_parameters) {
    scratch_dir dir;
    const P saved = net_2_4_1::init(nn::seed{11});
    io::save(dir / "net.cgp", saved);
    P loaded = filled<P>(0.0);
    io::load(dir / "net.cgp", loaded);
    BOOST_TEST((loaded == saved));
    BOOST_TEST(read_bytes(dir / "net.cgp") == io::to_bytes(saved));

    const auto saved_f = net_2_4_4_1::init<float>(nn::seed{12});
    io::save(dir / "net_f.cgp", saved_f);
    auto loaded_f = filled<net_2_4_4_1::parameters<float>>(0.0f);
    io::load(dir / "net_f.cgp", loaded_f);
    BOOST_TEST((loaded_f == saved_f));
}

// Activations are not part of the parameters: same widths load (documented).
BOOST_AUTO_TEST_CASE(same_widths_other_activation_loads) {
    scratch_dir dir;
    const P saved = net_2_4_1::init(nn::seed{13});
    io::save(dir / "net.cgp", saved);
    auto other = filled<net_2_4_1_relu::parameters<double>>(0.0);
    io::load(dir / "net.cgp", other);
    BOOST_TEST((nn::flatten(other) == nn::flatten(saved)));
}

BOOST_AUTO_TEST_CASE(missing_file) {
    scratch_dir dir;
    expect_load_failure(dir / "nothing.cgp", reason::file_not_found, {"no such file"});
    expect_load_failure(dir / "no_dir" / "nothing.cgp", reason::file_not_found, {"no such file"});
}

BOOST_AUTO_TEST_CASE(a_directory_is_not_readable_as_parameters) {
    scratch_dir dir;
    fs::create_directory(dir / "sub");
    expect_load_failure(dir / "sub", reason::read_failed, {"not a regular file"});
}

BOOST_AUTO_TEST_CASE(bad_magic) {
    scratch_dir dir;
    write_text(dir / "text.cgp", "w0,w1,w2\n0.5,0.25,1\n");
    expect_load_failure(dir / "text.cgp", reason::bad_magic, {"not a constgrad parameter file"});
    // A file transferred in text mode: "\r\n" became "\n" in the magic.
    auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{1}));
    bytes.erase(bytes.begin() + 4);
    write_bytes(dir / "mangled.cgp", bytes);
    expect_load_failure(dir / "mangled.cgp", reason::bad_magic, {"magic"});
}

BOOST_AUTO_TEST_CASE(other_format_version) {
    scratch_dir dir;
    auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{1}));
    bytes[8] = std::byte{2};  // version 2, the rest unchanged
    write_bytes(dir / "v2.cgp", bytes);
    expect_load_failure(dir / "v2.cgp", reason::unsupported_version,
                        {"version 2", "reads version 1"});
}

BOOST_AUTO_TEST_CASE(other_shape) {
    scratch_dir dir;
    io::save(dir / "wide.cgp", net_2_8_1::init(nn::seed{1}));
    expect_load_failure(dir / "wide.cgp", reason::wrong_shape,
                        {"2-8-1", "expected 2-4-1", "24, 9"});
    io::save(dir / "input3.cgp", net_3_4_1::init(nn::seed{1}));
    expect_load_failure(dir / "input3.cgp", reason::wrong_shape, {"3-4-1", "expected 2-4-1"});
    io::save(dir / "deep.cgp", net_2_4_4_1::init(nn::seed{1}));
    expect_load_failure(dir / "deep.cgp", reason::wrong_shape, {"2-4-4-1", "expected 2-4-1"});
    // And the other way: a shallower file into a deeper network.
    io::save(dir / "shallow.cgp", net_2_4_1::init(nn::seed{1}));
    expect_load_failure<net_2_4_4_1::parameters<double>>(dir / "shallow.cgp", reason::wrong_shape,
                                                         {"2-4-1", "expected 2-4-4-1"});
}

BOOST_AUTO_TEST_CASE(other_scalar_type) {
    scratch_dir dir;
    io::save(dir / "float.cgp", net_2_4_1::init<float>(nn::seed{1}));
    expect_load_failure(dir / "float.cgp", reason::wrong_scalar_type,
                        {"holds float (binary32)", "expected double"});
    io::save(dir / "double.cgp", net_2_4_1::init<double>(nn::seed{1}));
    expect_load_failure<net_2_4_1::parameters<float>>(
        dir / "double.cgp", reason::wrong_scalar_type,
        {"holds double (binary64)", "expected float"});
}

// Every proper prefix of a valid file is reported as truncated (never as anything else).
BOOST_AUTO_TEST_CASE(truncated_at_every_length) {
    scratch_dir dir;
    const auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{5}));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        write_bytes(
            dir / "cut.cgp",
            std::vector<std::byte>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)));
        expect_load_failure(dir / "cut.cgp", reason::truncated,
                            {"truncated", "(the data has " + std::to_string(n) + " bytes)"});
    }
}

BOOST_AUTO_TEST_CASE(trailing_data) {
    scratch_dir dir;
    auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{5}));
    const std::size_t size = bytes.size();
    bytes.push_back(std::byte{0});
    write_bytes(dir / "long.cgp", bytes);
    expect_load_failure(
        dir / "long.cgp", reason::trailing_data,
        {"expected " + std::to_string(size) + " bytes", std::to_string(size + 1) + " bytes"});
}

BOOST_AUTO_TEST_CASE(damaged_payload_and_header) {
    scratch_dir dir;
    const auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{5}));
    auto payload = bytes;
    payload[70] ^= std::byte{0x10};  // inside the parameters (they start at byte 60)
    write_bytes(dir / "payload.cgp", payload);
    expect_load_failure(dir / "payload.cgp", reason::checksum_mismatch, {"damaged parameters"});
    auto header = bytes;
    header[24] ^= std::byte{0x01};  // layer 0's output width: 4 -> 5
    write_bytes(dir / "header.cgp", header);
    expect_load_failure(dir / "header.cgp", reason::checksum_mismatch, {"damaged header"});
}

// The strongest statement: no single flipped bit anywhere in a file goes unnoticed.
BOOST_AUTO_TEST_CASE(every_single_bit_flip_is_refused) {
    const P saved = net_2_4_1::init(nn::seed{21});
    const auto bytes = io::to_bytes(saved);
    std::size_t refused = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            auto flipped = bytes;
            flipped[i] ^= static_cast<std::byte>(1 << bit);
            try {
                (void)io::from_bytes<P>(flipped);
            } catch (const io::load_error&) {
                ++refused;
            }
        }
    }
    BOOST_TEST(refused == bytes.size() * 8);
}

// NaN and infinity are refused even in a file whose checksums are right (a file written by
// another tool, or by an older constgrad that did not refuse them).
BOOST_AUTO_TEST_CASE(non_finite_parameter) {
    namespace d = constgrad::detail;
    scratch_dir dir;
    auto bytes = io::to_bytes(net_2_4_1::init(nn::seed{5}));
    const std::size_t payload = 20 + 2 * 16 + 8;
    const std::size_t k = 13;  // layer 1, w[0][1]
    d::io_write_le<std::uint64_t>(
        bytes.data() + payload + 8 * k,
        std::bit_cast<std::uint64_t>(std::numeric_limits<double>::infinity()));
    d::io_write_le<std::uint64_t>(bytes.data() + bytes.size() - 8,
                                  d::io_fnv1a64(bytes.data() + payload, 17 * 8));
    write_bytes(dir / "inf.cgp", bytes);
    expect_load_failure(dir / "inf.cgp", reason::non_finite_value,
                        {"parameter 13 (layer 1, w[0][1])", "infinity"});
}

BOOST_AUTO_TEST_CASE(from_bytes_names_no_file) {
    try {
        (void)io::from_bytes<P>(std::vector<std::byte>{});
        BOOST_FAIL("accepted no bytes");
    } catch (const io::load_error& e) {
        BOOST_TEST(e.path().empty());
        BOOST_TEST(std::string(e.what()).find("constgrad::io: truncated") == 0u, e.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()
