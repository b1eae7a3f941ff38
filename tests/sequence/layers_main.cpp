// The frame-wise sequence-layer tests (conv1d, batch norm, ELU, PReLU, time-distributed
// dense): one executable, Boost.Test's main lives here.
#define BOOST_TEST_MODULE sequence_layers
#include <boost/test/unit_test.hpp>
