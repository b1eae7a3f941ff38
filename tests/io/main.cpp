// The runtime tests of io/: one executable, Boost.Test's main lives here.
#define BOOST_TEST_MODULE io_tests
#include <boost/test/unit_test.hpp>
