// Seeds [0, 24) of the tensor property test (property.hpp).
#include "property.hpp"

void tensor_property::check_part_0(tally& out) { check_seeds<0, 24>(out); }
