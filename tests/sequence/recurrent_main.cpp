// The recurrent-layer and sequence-network tests: one executable, Boost.Test's main lives here.
#define BOOST_TEST_MODULE sequence_recurrent
#include <boost/test/unit_test.hpp>
