// The hand-written baseline: its one instantiation per workload, and its registration.
#include "hand_impl.hpp"
#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {

#define CONSTGRAD_BENCH_INSTANTIATE_HAND(A, T, I, H) template class hand_engine<config<act::A, T, I, H>>;
CONSTGRAD_BENCH_FOR_EACH_CONFIG(CONSTGRAD_BENCH_INSTANTIATE_HAND)
#undef CONSTGRAD_BENCH_INSTANTIATE_HAND

void register_hand_engine() { register_engine<hand_engine>(); }

}  // namespace constgrad_bench
