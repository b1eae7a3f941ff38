// The Boost.Test module of kernels_tests (the cases are in the other sources).
#define BOOST_TEST_MODULE constgrad_kernels
#include <boost/test/unit_test.hpp>
