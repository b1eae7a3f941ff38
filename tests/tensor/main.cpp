// The runtime tests of tensor/ and nn::formula_layer: one executable, Boost.Test's main lives here.
#define BOOST_TEST_MODULE tensor_runtime
#include <boost/test/unit_test.hpp>
