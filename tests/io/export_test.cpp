// io::export_header refusals: names that are not identifiers, non-finite parameters.
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/export_header.hpp>
#include <constgrad/io/save_error.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
using namespace io_test;

BOOST_AUTO_TEST_SUITE(export_header)

BOOST_AUTO_TEST_CASE(names_must_be_identifiers) {
    scratch_dir dir;
    const auto p = net_2_4_1::init(nn::seed{1});
    for (const char* bad : {"", "1net", "my net", "net-1", "class", "constexpr", "__net", "_Net",
                            "a::", "::a", "a:::b", "a::class::b", "net\n"}) {
        BOOST_CHECK_EXCEPTION(io::export_header(dir / "h.hpp", p, bad), std::invalid_argument,
                              [&](const std::invalid_argument& e) {
                                  return std::string(e.what()).find("is not a C++ identifier") !=
                                         std::string::npos;
                              });
    }
    BOOST_TEST(entries(dir.path).empty());
    for (const char* good : {"net", "_net", "net_2", "a::b::net", "Net"})
        io::export_header(dir / "h.hpp", p, good);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"h.hpp"});
}

BOOST_AUTO_TEST_CASE(non_finite_parameters_are_refused) {
    scratch_dir dir;
    auto p = net_2_4_1::init(nn::seed{1});
    p.layer<0>().b[3] = std::numeric_limits<double>::quiet_NaN();
    BOOST_CHECK_EXCEPTION(
        io::export_header(dir / "h.hpp", p, "net"), io::save_error, [](const io::save_error& e) {
            return e.why() == io::save_error::reason::non_finite_value &&
                   std::string(e.what()).find("parameter 11 (layer 0, b[3])") != std::string::npos;
        });
    BOOST_TEST(entries(dir.path).empty());
}

BOOST_AUTO_TEST_SUITE_END()
