// Property test, seeds [55, 110): see property.hpp.
#include "property.hpp"

void property::check_part_1(tally& t) { check_seeds<55, 110>(t); }
