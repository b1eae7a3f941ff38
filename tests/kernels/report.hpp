// kernels_test::report: prints what one sweep of an activation found and asserts it is clean.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "activation_check.hpp"

namespace kernels_test {

/// One line per sweep (--log_level=message): values checked, the largest error in ulp and in
/// units of the smallest subnormal, where they were found; `scope` says which values those
/// maxima cover (the exhaustive sweeps skip the reference where glibc agrees). Fails on any
/// failure recorded in s and on maxima above the bounds.
template <class T>
void report(function f, const char* what, const stats<T>& s, const char* scope = "") {
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s<%s> %s: %llu values, max %.3f ulp (at %a)%s, max %.3f smallest-subnormal "
                  "units where subnormal (at %a)",
                  name(f), sizeof(T) == 4 ? "float" : "double", what,
                  static_cast<unsigned long long>(s.checked), s.max_ulp,
                  static_cast<double>(s.max_ulp_at), scope, s.max_subnormal,
                  static_cast<double>(s.max_subnormal_at));
    BOOST_TEST_MESSAGE(line);
    BOOST_TEST(s.failures == 0u, s.failures << " failures, first:\n" << s.first_failures);
    BOOST_TEST(s.max_ulp <= bound_ulp);
    BOOST_TEST(s.max_subnormal <= bound_subnormal);
}

}  // namespace kernels_test
