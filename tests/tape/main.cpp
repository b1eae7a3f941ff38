// The runtime tape's test executable: oracles, functions, long chains, misuse, threads, mlp.
#define BOOST_TEST_MODULE tape
#include <boost/test/unit_test.hpp>
