// The runtime tests of nn/ and optim/: one executable, Boost.Test's main lives here.
#define BOOST_TEST_MODULE nn_runtime
#include <boost/test/unit_test.hpp>
