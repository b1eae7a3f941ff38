// Seeds [24, 48) of the tensor property test (property.hpp).
#include "property.hpp"

void tensor_property::check_part_1(tally& out) { check_seeds<24, 48>(out); }
