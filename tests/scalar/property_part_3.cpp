// Property test, seeds [165, 220): see property.hpp.
#include "property.hpp"

void property::check_part_3(tally& t) { check_seeds<165, 220>(t); }
