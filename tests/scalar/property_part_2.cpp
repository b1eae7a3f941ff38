// Property test, seeds [110, 165): see property.hpp.
#include "property.hpp"

void property::check_part_2(tally& t) { check_seeds<110, 165>(t); }
