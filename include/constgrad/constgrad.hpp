// constgrad: compile-time backpropagation. Umbrella header: includes every public header.
#pragma once
