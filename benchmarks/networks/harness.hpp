// Registers an engine's training-step and forward benchmarks for every workload, after
// checking its gradient against the hand-written one.
#pragma once

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/flops.hpp>

#include "../support/peak.hpp"
#include "hand.hpp"
#include "workload.hpp"

namespace constgrad_bench {

// An engine is a class template over the workload configuration with
//     static constexpr const char* name;  static constexpr bool supported;
//     explicit Engine(const workload<Cfg>&);              // loads the initial parameters
//     void train_step(const sample*, std::size_t n);     // gradient summed over n samples + SGD
//     scalar forward(const sample*, std::size_t n);      // sum of the outputs of n samples
//     std::vector<double> gradient(const sample*, std::size_t n);  // flat, for the check
//     std::vector<double> parameters_flat();
// train_step and forward are [[gnu::noinline]]: every engine pays one call per step, and no
// optimiser sees parameters or data as compile-time constants (DESIGN.md, the GCC trap).

/// The flops of a workload come from the library's definition (nn/flops.hpp), applied to the
/// network of Cfg's widths: the activation does not count, so the dense layers' default serves.
template <class Cfg>
using flops_network =
    constgrad::nn::network<constgrad::nn::dense<Cfg::inputs, Cfg::hidden>, constgrad::nn::dense<Cfg::hidden, Cfg::hidden>,
                           constgrad::nn::dense<Cfg::hidden, 1>>;

/// GFLOP/s and % of the measured peak (support/peak.hpp) of `flops` per iteration, as rates
/// over the timed loop's CPU time (the median of the repetitions is taken like the time's).
template <class T>
void flop_counters(benchmark::State& state, std::size_t flops) {
    const double gflop = static_cast<double>(flops) * 1e-9;
    state.counters["flops"] = static_cast<double>(flops);
    state.counters["GFLOPS"] = benchmark::Counter(gflop, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["pct_peak"] =
        benchmark::Counter(gflop * 100 / peak_gflops<T>(), benchmark::Counter::kIsIterationInvariantRate);
}

/// Aborts unless the engine's gradient (batch 1 and 32) and outputs equal the hand-written
/// ones to rounding. Runs once per engine and configuration, before anything is timed.
template <template <class> class Engine, class Cfg>
[[gnu::cold]] void verify_against_hand(const workload<Cfg>& w) {
    static bool verified = false;
    if (verified) return;
    using T = typename Cfg::scalar;
    const auto engine = std::make_unique<Engine<Cfg>>(w);
    const auto hand = std::make_unique<hand_engine<Cfg>>(w);
    const std::string what = std::string(Engine<Cfg>::name) + " " + Cfg::activation_name() + " " + Cfg::shape() +
                             " " + Cfg::scalar_name();
    for (std::size_t n : {std::size_t{1}, std::size_t{32}}) {
        const double d = relative_difference(engine->gradient(w.data.data(), n), hand->gradient(w.data.data(), n));
        if (!(d <= tolerance<T>()))
            fail("gradient mismatch, " + what + ", batch " + std::to_string(n) + ": relative difference " +
                 std::to_string(d) + " > " + std::to_string(tolerance<T>()));
    }
    const double a = static_cast<double>(engine->forward(w.data.data(), dataset_size));
    const double b = static_cast<double>(hand->forward(w.data.data(), dataset_size));
    if (!(std::fabs(a - b) <= tolerance<T>() * (1 + std::fabs(b))))
        fail("forward mismatch, " + what + ": " + std::to_string(a) + " vs " + std::to_string(b));
    // One training step from the same start must give the same parameters.
    engine->train_step(w.data.data(), 32);
    hand->train_step(w.data.data(), 32);
    const double p = relative_difference(engine->parameters_flat(), hand->parameters_flat());
    if (!(p <= tolerance<T>())) fail("parameters differ after one SGD step, " + what + ": " + std::to_string(p));
    verified = true;
}

/// Heap allocations per call of `step`, counted over 16 calls outside the timed loop (Google
/// Benchmark's own bookkeeping then cannot leak into the count). Counted at the first run of
/// a benchmark only (`cache` keeps the result): Google Benchmark calls the benchmark function
/// once per trial and repetition, and 16 extra steps each time would cost more than the timing
/// of a slow engine (the tape at batch 32: 16 x 3.5 ms).
struct allocation_count {
    bool counted = false;
    double news = 0, mallocs = 0;
};
template <class Step>
void count_allocations(benchmark::State& state, allocation_count& cache, Step&& step, std::size_t batch) {
    constexpr std::size_t calls = 16;
    if (!cache.counted) {
        const std::size_t news = new_calls(), mallocs = malloc_calls();
        for (std::size_t k = 0; k < calls; ++k) step();
        // Read both before the counters map allocates its entries.
        const std::size_t new_count = new_calls() - news, malloc_count = malloc_calls() - mallocs;
        cache = {true, static_cast<double>(new_count) / calls, static_cast<double>(malloc_count) / calls};
    }
    state.counters["new_per_step"] = cache.news;
    state.counters["malloc_per_step"] = cache.mallocs;
    state.counters["batch"] = static_cast<double>(batch);
    state.SetItemsProcessed(state.iterations() * static_cast<benchmark::IterationCount>(batch));
}

/// One allocation count per engine, workload, kind (train / forward) and batch.
template <template <class> class Engine, class Cfg, bool Train>
allocation_count& allocation_cache(std::size_t batch) {
    static allocation_count cache[2];
    return cache[batch == 1 ? 0 : 1];
}

template <template <class> class Engine, class Cfg>
void train_benchmark(benchmark::State& state, std::size_t batch) {
    const workload<Cfg>& w = workload<Cfg>::get();
    verify_against_hand<Engine, Cfg>(w);
    const auto engine = std::make_unique<Engine<Cfg>>(w);
    // One step before timing: the steady state of a training loop (a tape has grown its
    // storage, caches are warm); allocations are counted from here.
    engine->train_step(w.data.data(), batch);
    std::size_t k = batch % dataset_size;
    for (auto _ : state) {
        engine->train_step(w.data.data() + k, batch);
        k += batch;
        if (k == dataset_size) k = 0;
        benchmark::ClobberMemory();
    }
    count_allocations(state, allocation_cache<Engine, Cfg, true>(batch), [&] { engine->train_step(w.data.data(), batch); },
                      batch);
    flop_counters<typename Cfg::scalar>(state, constgrad::nn::training_flops<flops_network<Cfg>>(batch));
    double sum = 0;
    for (double x : engine->parameters_flat()) sum += x;
    if (!std::isfinite(sum)) fail(std::string(Engine<Cfg>::name) + ": parameters diverged while timing " + Cfg::shape());
    benchmark::DoNotOptimize(sum);
}

template <template <class> class Engine, class Cfg>
void forward_benchmark(benchmark::State& state, std::size_t batch) {
    const workload<Cfg>& w = workload<Cfg>::get();
    verify_against_hand<Engine, Cfg>(w);
    const auto engine = std::make_unique<Engine<Cfg>>(w);
    benchmark::DoNotOptimize(engine->forward(w.data.data(), batch));  // warm-up, as above
    std::size_t k = batch % dataset_size;
    for (auto _ : state) {
        auto out = engine->forward(w.data.data() + k, batch);
        benchmark::DoNotOptimize(out);
        k += batch;
        if (k == dataset_size) k = 0;
    }
    count_allocations(state, allocation_cache<Engine, Cfg, false>(batch),
                      [&] { benchmark::DoNotOptimize(engine->forward(w.data.data(), batch)); }, batch);
    flop_counters<typename Cfg::scalar>(state, batch * constgrad::nn::forward_flops<flops_network<Cfg>>);
}

template <template <class> class Engine, class Cfg>
void register_config() {
    // The adapter has Cfg's layout: its update counts 2 flops per parameter of Cfg.
    static_assert(constgrad::nn::training_flops<flops_network<Cfg>>(0) == 2 * Cfg::parameter_count);
    if constexpr (Engine<Cfg>::supported) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{32}}) {
            const std::string tail = std::string(Engine<Cfg>::name) + "/" + Cfg::activation_name() + "/" +
                                     Cfg::shape() + "/" + Cfg::scalar_name() + "/b" + std::to_string(batch);
            benchmark::RegisterBenchmark(("train/" + tail).c_str(), [batch](benchmark::State& s) {
                train_benchmark<Engine, Cfg>(s, batch);
            });
            benchmark::RegisterBenchmark(("forward/" + tail).c_str(), [batch](benchmark::State& s) {
                forward_benchmark<Engine, Cfg>(s, batch);
            });
        }
    }
}

/// Every workload (CONSTGRAD_BENCH_FOR_EACH_CONFIG) x batch {1, 32}, train and forward.
template <template <class> class Engine>
void register_engine() {
#define CONSTGRAD_BENCH_REGISTER(A, T, I, H) register_config<Engine, config<act::A, T, I, H>>();
    CONSTGRAD_BENCH_FOR_EACH_CONFIG(CONSTGRAD_BENCH_REGISTER)
#undef CONSTGRAD_BENCH_REGISTER
}

}  // namespace constgrad_bench
