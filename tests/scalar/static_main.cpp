// Compile-time checks of the scalar engine. Each file's static_asserts are checked by the
// compiler; its test cases repeat the same computations at run time, where <cmath> is used.
#define BOOST_TEST_MODULE constgrad scalar static
#include <boost/test/unit_test.hpp>
