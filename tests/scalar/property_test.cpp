// Property test: gradients of 220 random expression types (x, y, z; every operation of the
// vocabulary) against finite differences at 20 random points each; counts are printed.
#define BOOST_TEST_MODULE constgrad scalar property
#include <boost/test/unit_test.hpp>

#include <iostream>

#include "property.hpp"

namespace cg = constgrad;
using cg::testing::x, cg::testing::y, cg::testing::z;

BOOST_AUTO_TEST_SUITE(property)

BOOST_AUTO_TEST_CASE(gradient_matches_finite_differences_on_random_expressions) {
    tally t;
    check_part_0(t);
    check_part_1(t);
    check_part_2(t);
    check_part_3(t);
    std::cout << "property: " << seeds << " seeds, " << t.types.size()
              << " distinct expression types, " << t.points << " points checked, "
              << t.replaced_near_kinks << " points near kinks replaced, " << t.mismatches.size()
              << " mismatches\n";
    for (const auto& m : t.mismatches) BOOST_ERROR(m);
    BOOST_TEST(t.types.size() >= 200u);
    BOOST_TEST(t.expressions_short_of_points == 0);
    BOOST_TEST(t.points >= 200 * 20);
}

// A few of the same expressions checked by the compiler itself.
static_assert(cg::gradient_check(cg::testing::random_expression<1>(), x = 0.3, y = -0.7, z = 1.1));
static_assert(cg::gradient_check(cg::testing::random_expression<2>(), x = 0.3, y = -0.7, z = 1.1));
static_assert(cg::gradient_check(cg::testing::random_expression<3>(), x = 0.3, y = -0.7, z = 1.1));
static_assert(cg::gradient_check(cg::testing::random_expression<4>(), x = 0.3, y = -0.7, z = 1.1));
static_assert(cg::gradient_check(cg::testing::random_expression<5>(), x = 0.3, y = -0.7, z = 1.1));

BOOST_AUTO_TEST_SUITE_END()
