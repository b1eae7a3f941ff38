// nn::stack_budget: the largest parameter-sized object a convenience call may keep on the stack.
#pragma once

#include <cstddef>

#ifndef CONSTGRAD_NN_STACK_BUDGET
#define CONSTGRAD_NN_STACK_BUDGET 262144
#endif

namespace constgrad::nn {

/// Bytes. The calls that keep a gradient of the parameters' size on the stack (nn::fit without
/// a gradient buffer, network::descend with a regulariser, network::input_gradient without a
/// buffer) refuse, at compile time, parameters larger than this and name the overload that
/// takes a caller-placed buffer instead. 256 KiB by default (define CONSTGRAD_NN_STACK_BUDGET
/// before including constgrad to change it): far below the 8 MB of a main thread on Linux,
/// within the 512 KiB of a secondary thread on macOS. A 2-16-16-1 double network is 2.7 KB,
/// 784-256-256-10 double 2.15 MB.
inline constexpr std::size_t stack_budget = CONSTGRAD_NN_STACK_BUDGET;

}  // namespace constgrad::nn
