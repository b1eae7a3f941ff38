// Property test: 48 random tensor formulas (property.hpp), compile-time gradients against
// central finite differences and against the runtime tape.
#include <boost/test/unit_test.hpp>

#include "property.hpp"

BOOST_AUTO_TEST_SUITE(property)

BOOST_AUTO_TEST_CASE(random_formulas_match_finite_differences_and_tape) {
    tensor_property::tally t0, t1;
    tensor_property::check_part_0(t0);
    tensor_property::check_part_1(t1);
    std::set<std::type_index> types = t0.types, operations = t0.operations;
    types.insert(t1.types.begin(), t1.types.end());
    operations.insert(t1.operations.begin(), t1.operations.end());
    const double worst_fd = std::max(t0.worst_fd, t1.worst_fd);
    const double worst_tape = std::max(t0.worst_tape, t1.worst_tape);
    BOOST_TEST_MESSAGE("distinct formula types: " << types.size() << ", operation types " << operations.size()
                                                  << ", worst finite-difference error " << worst_fd
                                                  << ", worst tape difference " << worst_tape);
    BOOST_TEST(types.size() >= 40u);
    // product, affine, + - ⊙, sum, dot, apply (tanh, sigmoid, swish), softmax, log_softmax,
    // concat, slice<0, 1>, slice<1, 3>: all 15 operation types occur.
    BOOST_TEST(operations.size() == 15u);
    BOOST_TEST(worst_fd < 1e-6);  // see tensor_test::central_difference
    // The two engines sum in other orders (kernels::affine at run time): agreement to a few
    // hundred ulp of the gradient's scale is what rounding allows for these shallow formulas.
    BOOST_TEST(worst_tape < 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()
