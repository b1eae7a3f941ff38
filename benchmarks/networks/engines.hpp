// The registration function of every network engine (each defined in its own translation unit).
#pragma once

namespace constgrad_bench {

void register_constgrad_engine();
void register_hand_engine();
void register_tape_engine();
void register_eigen_engine();
void register_adolc_engine();
void register_libtorch_engine();

}  // namespace constgrad_bench
