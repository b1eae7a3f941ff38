// io::read_csv / io::parse_csv: column selection, number syntax, and each refusal with its
// position.
#include <cstddef>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/csv_error.hpp>
#include <constgrad/io/csv_options.hpp>
#include <constgrad/io/parse_csv.hpp>
#include <constgrad/io/read_csv.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
using namespace io_test;
using reason = io::csv_error::reason;

namespace {

using s21 = nn::sample<double, 2, 1>;

// parse_csv<2, 1> must refuse `text` for `why` at (line, column, sample), with `needle` in
// the message.
void expect_csv_error(const std::string& text, const io::csv_options& options, reason why,
                      std::size_t line, std::size_t column, std::size_t sample,
                      const std::string& needle) {
    try {
        (void)io::parse_csv<2, 1>(text, options);
        BOOST_FAIL("accepted: " + text);
    } catch (const io::csv_error& e) {
        const std::string what = e.what();
        BOOST_TEST(static_cast<int>(e.why()) == static_cast<int>(why), what);
        BOOST_TEST(e.line() == line, what);
        BOOST_TEST(e.column() == column, what);
        BOOST_TEST(e.sample() == sample, what);
        BOOST_TEST(what.find(needle) != std::string::npos, what << " / " << needle);
        if (line != 0) {
            std::string where = "line " + std::to_string(line);
            if (column != 0) where += ", column " + std::to_string(column);
            BOOST_TEST(what.find(where) != std::string::npos, what << " / " << where);
        }
    }
}

constexpr std::size_t none = io::csv_error::npos;

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(xor_table_with_default_columns) {
    const auto data = io::parse_csv<2, 1>("0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    const std::vector<s21> expected{{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}};
    BOOST_TEST((data == expected));
}

BOOST_AUTO_TEST_CASE(number_syntax) {
    const auto data = io::parse_csv<3, 1>(" -1.5 ,\t+2e3, .25 ,\"7\"\n1E-2,-0,5.,\"  8.5 \"\n");
    BOOST_TEST_REQUIRE(data.size() == 2u);
    BOOST_TEST(data[0].x[0] == -1.5);
    BOOST_TEST(data[0].x[1] == 2000.0);
    BOOST_TEST(data[0].x[2] == 0.25);
    BOOST_TEST(data[0].y[0] == 7.0);
    BOOST_TEST(data[1].x[0] == 0.01);
    BOOST_TEST(data[1].x[1] == 0.0);
    BOOST_TEST(data[1].x[2] == 5.0);
    BOOST_TEST(data[1].y[0] == 8.5);  // spaces inside quotes are trimmed from a number too
}

BOOST_AUTO_TEST_CASE(floats_are_rounded_once) {
    // 0.1 as float is the float nearest to 0.1, not the double 0.1 rounded again.
    const auto data = io::parse_csv<1, 1, float>("0.1,16777217\n");
    BOOST_TEST(data[0].x[0] == 0.1f);
    BOOST_TEST(data[0].y[0] == 16777216.0f);  // 2^24 + 1 rounds to even
}

BOOST_AUTO_TEST_CASE(crlf_bom_blank_lines_and_no_final_newline) {
    const auto data = io::parse_csv<2, 1>("\xEF\xBB\xBF"
                                          "x,y,t\r\n\r\n1,2,3\r\n   \r\n4,5,6",
                                          {.header = true});
    const std::vector<s21> expected{{{1, 2}, {3}}, {{4, 5}, {6}}};
    BOOST_TEST((data == expected));
}

BOOST_AUTO_TEST_CASE(other_delimiters) {
    const std::vector<s21> expected{{{1.5, 2}, {3}}};
    BOOST_TEST((io::parse_csv<2, 1>("1.5;2;3\n", {.delimiter = ';'}) == expected));
    BOOST_TEST((io::parse_csv<2, 1>("1.5\t2\t3\n", {.delimiter = '\t'}) == expected));
    BOOST_TEST((io::parse_csv<2, 1>("1.5 2 3\n", {.delimiter = ' '}) == expected));
}

BOOST_AUTO_TEST_CASE(targets_by_name_inputs_are_the_rest) {
    const auto data = io::parse_csv<2, 1>("label,x1,x2\n1,0.5,-0.5\n-1,2,3\n",
                                          {.header = true, .target_names = {"label"}});
    const std::vector<s21> expected{{{0.5, -0.5}, {1}}, {{2, 3}, {-1}}};
    BOOST_TEST((data == expected));
}

BOOST_AUTO_TEST_CASE(quoted_header_names) {
    const auto data = io::parse_csv<1, 1>("\"sepal, length\",\"say \"\"hi\"\"\"\n1,2\n",
                                          {.header = true, .target_names = {"say \"hi\""}});
    BOOST_TEST(data[0].x[0] == 1.0);
    BOOST_TEST(data[0].y[0] == 2.0);
}

BOOST_AUTO_TEST_CASE(chosen_columns_in_chosen_order_others_ignored) {
    // An identifier column that is not a number is fine when it is not chosen.
    const std::string text = "id,a,b,c,d\nfirst,1,2,3,4\nsecond,5,6,7,8\n";
    const auto data = io::parse_csv<2, 2>(
        text, {.header = true, .input_columns = {3, 1}, .target_columns = {4, 2}});
    BOOST_TEST_REQUIRE(data.size() == 2u);
    BOOST_TEST((data[0] == nn::sample<double, 2, 2>{{3, 1}, {4, 2}}));
    BOOST_TEST((data[1] == nn::sample<double, 2, 2>{{7, 5}, {8, 6}}));
    const auto named = io::parse_csv<2, 2>(
        text, {.header = true, .input_names = {"c", "a"}, .target_names = {"d", "b"}});
    BOOST_TEST((named == data));
}

BOOST_AUTO_TEST_CASE(inputs_chosen_targets_are_the_rest) {
    const auto data = io::parse_csv<1, 2>("1,2,3\n", {.input_columns = {1}});
    BOOST_TEST((data[0] == nn::sample<double, 1, 2>{{2}, {1, 3}}));
}

BOOST_AUTO_TEST_CASE(header_only_gives_no_samples) {
    BOOST_TEST((io::parse_csv<2, 1>("a,b,c\n", {.header = true}).empty()));
    BOOST_TEST((io::parse_csv<2, 1>("").empty()));
}

BOOST_AUTO_TEST_CASE(malformed_number_line_and_column) {
    expect_csv_error("0,0,0\n0,1.2.3,1\n", {}, reason::not_a_number, 2, 2, 1,
                     "\"1.2.3\" is not a number (data[1].x[1])");
    expect_csv_error("0,0,0\n\n0,1,abc\n", {}, reason::not_a_number, 3, 3, 1,
                     "\"abc\" is not a number (data[1].y[0])");
    expect_csv_error("1,,0\n", {}, reason::not_a_number, 1, 2, 0, "empty field (data[0].x[1])");
    expect_csv_error("1,2,0x10\n", {}, reason::not_a_number, 1, 3, 0, "\"0x10\" is not a number");
    expect_csv_error("1,2,+-3\n", {}, reason::not_a_number, 1, 3, 0, "\"+-3\" is not a number");
    expect_csv_error("1,2 3,4\n", {}, reason::not_a_number, 1, 2, 0, "\"2 3\" is not a number");
    expect_csv_error("a,b,c\n1,2,3\n", {}, reason::not_a_number, 1, 1, 0, "\"a\" is not a number");
}

BOOST_AUTO_TEST_CASE(out_of_range) {
    expect_csv_error("1,1e999,0\n", {}, reason::out_of_range, 1, 2, 0,
                     "\"1e999\" is out of the range of double");
    try {
        (void)io::parse_csv<1, 1, float>("1e39,0\n");
        BOOST_FAIL("accepted 1e39 as float");
    } catch (const io::csv_error& e) {
        BOOST_TEST((e.why() == reason::out_of_range));
        BOOST_TEST(std::string(e.what()).find("out of the range of float") != std::string::npos,
                   e.what());
    }
}

BOOST_AUTO_TEST_CASE(nan_and_infinity_name_the_sample) {
    const std::string good = "0,0,0\n0,1,1\n";
    expect_csv_error(good + "nan,0,1\n", {}, reason::non_finite_value, 3, 1, 2,
                     "NaN is not allowed in a dataset (data[2].x[0])");
    expect_csv_error(good + "1,1,-inf\n", {}, reason::non_finite_value, 3, 3, 2,
                     "infinity is not allowed in a dataset (data[2].y[0])");
    expect_csv_error("x,y,t\n" + good + "\n1,Infinity,0\n", {.header = true},
                     reason::non_finite_value, 5, 2, 2, "infinity");
}

BOOST_AUTO_TEST_CASE(wrong_column_count) {
    expect_csv_error("0,0,0\n0,1\n", {}, reason::wrong_column_count, 2, 0, 1,
                     "2 fields, expected 3 as on line 1");
    expect_csv_error("0,0,0\n0,1,1,1\n", {}, reason::wrong_column_count, 2, 0, 1,
                     "4 fields, expected 3");
    expect_csv_error("0,0,0,\n", {}, reason::wrong_column_count, 1, 0, none,
                     "4 columns, expected 3 (2 inputs, then 1 targets");
    expect_csv_error("1,2\n", {}, reason::wrong_column_count, 1, 0, none, "2 columns, expected 3");
    expect_csv_error("a,b,c,d\n1,2,3,4\n", {.header = true, .target_columns = {0}},
                     reason::wrong_column_count, 1, 0, none,
                     "the 1 target columns leave 3 input columns, expected 2");
}

BOOST_AUTO_TEST_CASE(quoting_errors) {
    expect_csv_error("1,\"2,3\n", {}, reason::malformed_field, 1, 2, none,
                     "a quoted field is not closed");
    expect_csv_error("1,\"2\"x,3\n", {}, reason::malformed_field, 1, 2, none,
                     "text after the closing quote");
}

BOOST_AUTO_TEST_CASE(impossible_selections) {
    expect_csv_error("a,b,c\n", {.header = true, .target_names = {"t"}}, reason::unknown_column, 1,
                     0, none, "no column named \"t\" in the header");
    expect_csv_error("1,2,3\n", {.target_names = {"t"}}, reason::bad_options, 0, 0, none,
                     "need a header line");
    expect_csv_error("1,2,3\n", {.target_columns = {3}}, reason::bad_options, 1, 0, none,
                     "column index 3 chosen, but the data has 3 columns (indices are 0-based)");
    expect_csv_error("1,2,3\n", {.input_columns = {0, 1}, .target_columns = {1}},
                     reason::bad_options, 1, 0, none, "chosen twice");
    expect_csv_error("1,2,3\n", {.target_columns = {1, 2}}, reason::bad_options, 0, 0, none,
                     "2 target columns chosen, the samples have 1");
    expect_csv_error("1,2,3\n", {.header = true, .target_columns = {0}, .target_names = {"a"}},
                     reason::bad_options, 0, 0, none, "by index or by name, not both");
    expect_csv_error("1,2,3\n", {.delimiter = '"'}, reason::bad_options, 0, 0, none, "delimiter");
    expect_csv_error("t,t,x\n1,2,3\n", {.header = true, .target_names = {"t"}}, reason::bad_options,
                     1, 0, none, "two columns \"t\"");
}

BOOST_AUTO_TEST_CASE(read_csv_from_a_file) {
    scratch_dir dir;
    write_text(dir / "moons.csv", "x,y,label\n0.5,0.25,1\n-1,2,-1\n");
    const auto data = io::read_csv<2, 1>(dir / "moons.csv", {.header = true});
    const std::vector<s21> expected{{{0.5, 0.25}, {1}}, {{-1, 2}, {-1}}};
    BOOST_TEST((data == expected));
}

BOOST_AUTO_TEST_CASE(read_csv_names_the_file) {
    scratch_dir dir;
    write_text(dir / "bad.csv", "0,0,0\n0,x,0\n");
    try {
        (void)io::read_csv<2, 1>(dir / "bad.csv");
        BOOST_FAIL("accepted");
    } catch (const io::csv_error& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "constgrad::io::read_csv(\"" + (dir / "bad.csv").string() +
                       "\"): line 2, column 2: \"x\" is not a number (data[1].x[1])");
    }
    BOOST_CHECK_EXCEPTION(
        ((void)io::read_csv<2, 1>(dir / "missing.csv")), io::csv_error, [](const io::csv_error& e) {
            return e.why() == reason::cannot_open &&
                   std::string(e.what()).find("No such file or directory") != std::string::npos;
        });
    BOOST_CHECK_EXCEPTION(
        ((void)io::read_csv<2, 1>(dir.path)), io::csv_error, [](const io::csv_error& e) {
            return e.why() == reason::cannot_open &&
                   std::string(e.what()).find("is a directory") != std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
