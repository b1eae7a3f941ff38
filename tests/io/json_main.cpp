// The tests of the JSON model io (optional component json: needs nlohmann-json 3). One
// executable apart from io_tests, so that io_tests builds without nlohmann-json.
#define BOOST_TEST_MODULE io_json_tests
#include <boost/test/unit_test.hpp>
