// Property test, seeds [0, 55): see property.hpp.
#include "property.hpp"

void property::check_part_0(tally& t) { check_seeds<0, 55>(t); }
