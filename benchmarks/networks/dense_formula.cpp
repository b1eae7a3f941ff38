// bench_dense_formula (issue 10): the dense layer written as a tensor formula against the dense
// layer as it stood before (bench::frozen_dense, dense_engine_reference.hpp), in one binary so
// that their ratios come from one interleaved run.
//
// Engines: "frozen" (the hand-written layer), "formula" (nn::formula_layer of
// apply<Act>(W x + b) with its own parameters) and "dense" (nn::dense as built). Cells: the
// 16-64-64-1 tanh network and one 64->64 tanh layer, float and double; forward of one sample
// (net::forward), one training step on one sample (sgd::train: the fused descend) and on a
// batch of 32 (net::gradient over the batch, then sgd::step). Before timing, every engine's
// outputs and gradients are checked against the frozen engine's: equal bit for bit in the
// baseline builds, within 1e-13 relative with -march=native (the CTest smoke run is that check).
//
// `bench_dense_formula --fixed-loop <engine> <cell> <iterations>` runs one cell's step that many
// times and exits: for callgrind instruction counts, which machine load does not change
// (benchmarks/notes.md, "Dense as a formula": two runs, N and 2N steps, the difference / N).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parameters.hpp>
#include <constgrad/nn/sample.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/tensor/operators.hpp>

#include "dense_engine_reference.hpp"

namespace {

namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

/// act(W x + b) as a formula layer with its own parameters (tensor::formula_parameters).
template <std::size_t In, std::size_t Out, class Act>
using formula_dense = nn::formula_layer<t::apply<Act>(t::matrix<"weight", Out, In>{} * t::input<In>{} +
                                                      t::vector<"bias", Out>{})>;
template <std::size_t In, std::size_t Out, class Act>
using frozen = bench::frozen_dense<In, Out, Act>;
template <std::size_t In, std::size_t Out, class Act>
using current = nn::dense<In, Out, Act>;  // the formula apply<Act>(W x + b) with dense_parameters

/// The two networks of the comparison, for a layer template D.
template <template <std::size_t, std::size_t, class> class D>
struct shapes {
    using mlp = nn::network<D<16, 64, nn::tanh>, D<64, 64, nn::tanh>, D<64, 1, nn::identity>>;
    using layer = nn::network<D<64, 64, nn::tanh>>;
};

constexpr std::size_t batch = 32;
constexpr std::size_t dataset = 64;

struct splitmix {
    std::uint64_t state;
    double uniform() noexcept {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return -1.0 + 2.0 * static_cast<double>(z >> 11) * 0x1.0p-53;
    }
};

/// One engine on one network and scalar type: parameters from nn::seed{1} (every engine draws
/// them in the same order: equal), 64 fixed samples, plain SGD at 1e-3.
///
/// Aligned to 64 bytes (a cache line, one AVX-512 vector): the engine lives on the stack of
/// the benchmark's lambda, whose frame size differs by a push between engines, so unaligned
/// its weights land wherever ASLR puts the stack. With -march=native on AVX-512 that decided
/// clang++'s 64->64 double forward b1 on its own: 146 ns when the weights happened to be
/// 64-byte aligned (2 stack offsets of 8), 215-225 ns otherwise, for byte-identical code
/// (benchmarks/notes.md, "Dense as a formula"). Aligned, every engine gets the same layout.
template <class Net, class T>
struct alignas(64) engine {
    using P = typename Net::template parameters<T>;
    using sample = nn::sample<T, Net::input_size, Net::output_size>;
    P p = Net::template init<T>(nn::seed{1});
    std::vector<sample> data = make_data();
    constgrad::optim::sgd opt{.learning_rate = 1e-3};
    std::size_t next = 0;

    static std::vector<sample> make_data() {
        std::vector<sample> d(dataset);
        splitmix r{42};
        for (auto& s : d) {
            for (auto& v : s.x) v = static_cast<T>(r.uniform());
            for (auto& v : s.y) v = static_cast<T>(0.5 * r.uniform());
        }
        return d;
    }

    [[gnu::noinline]] T forward() {
        const auto y = Net::forward(p, data[next].x);
        next = (next + 1) % dataset;
        return y[0];
    }
    [[gnu::noinline]] void train1() {
        opt.train<Net>(nn::squared_error, p, data[next].x, data[next].y);
        next = (next + 1) % dataset;
    }
    [[gnu::noinline]] void train32() {
        opt.step(p, Net::gradient(nn::squared_error, p, std::span(data.data() + next, batch)));
        next = (next + batch) % dataset;
    }
    void run(int mode) {
        if (mode == 0) benchmark::DoNotOptimize(forward());
        else if (mode == 1) train1();
        else train32();
    }
};

const char* const mode_names[] = {"forward_b1", "train_b1", "train_b32"};

// The flattened parameters after a forward, one training step of each kind, and the gradient
// of one batch: equal for two engines means equal outputs and gradients.
template <class Net, class T>
std::vector<double> trace() {
    engine<Net, T> e;
    std::vector<double> out;
    out.push_back(static_cast<double>(e.forward()));
    e.train1();
    e.train32();
    for (double v : nn::flatten(e.p)) out.push_back(v);
    for (double v : nn::flatten(Net::gradient(nn::squared_error, e.p, std::span(e.data.data(), batch))))
        out.push_back(v);
    return out;
}

// Largest |a - b| / (1 + |b|) over two traces.
inline double worst_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        worst = std::max(worst, std::abs(a[k] - b[k]) / (1 + std::abs(b[k])));
    return worst;
}

template <template <std::size_t, std::size_t, class> class D, class T>
bool same_as_frozen(const char* name) {
    const double worst = std::max(
        worst_difference(trace<typename shapes<D>::mlp, T>(), trace<typename shapes<frozen>::mlp, T>()),
        worst_difference(trace<typename shapes<D>::layer, T>(), trace<typename shapes<frozen>::layer, T>()));
    // Bit for bit in the baseline builds of both compilers; g++ -march=native differs by
    // 1.2e-15 in double (a sum vectorised in another order where the inlining differs), so the
    // bound is a few roundings of the double sums, far below any real disagreement.
    if (worst != 0) std::fprintf(stderr, "bench_dense_formula: %s differs from the frozen dense by %g\n", name, worst);
    return worst <= 1e-13;
}

template <class Net, class T>
void register_cell(const std::string& engine_name, const std::string& cell) {
    for (int mode = 0; mode < 3; ++mode)
        benchmark::RegisterBenchmark((cell + "/" + mode_names[mode] + "/" + engine_name).c_str(),
                                     [mode](benchmark::State& state) {
                                         engine<Net, T> e;
                                         for (auto _ : state) e.run(mode);
                                         state.SetItemsProcessed(state.iterations() * (mode == 2 ? batch : 1));
                                     });
}

template <template <std::size_t, std::size_t, class> class D, class T>
void register_engine(const std::string& name) {
    const std::string scalar = sizeof(T) == 4 ? "float" : "double";
    register_cell<typename shapes<D>::mlp, T>(name, "16-64-64-1_tanh_" + scalar);
    register_cell<typename shapes<D>::layer, T>(name, "64-64_tanh_" + scalar);
}

template <template <std::size_t, std::size_t, class> class D, class T>
bool fixed_loop_of(const std::string& cell, int mode, long n) {
    const auto loop = [&]<class Net>(Net*) {
        engine<Net, T> e;
        for (long k = 0; k < n; ++k) e.run(mode);
        benchmark::DoNotOptimize(e.p);
    };
    if (cell.rfind("16-64-64-1", 0) == 0) loop(static_cast<typename shapes<D>::mlp*>(nullptr));
    else loop(static_cast<typename shapes<D>::layer*>(nullptr));
    return true;
}

// --fixed-loop <frozen|formula|dense> <cell>/<mode> <n>, cell as in the benchmark names.
int fixed_loop(const std::string& engine_name, const std::string& name, long n) {
    const auto slash = name.find('/');
    const std::string cell = name.substr(0, slash), mode_name = name.substr(slash + 1);
    int mode = 0;
    while (mode < 3 && mode_name != mode_names[mode]) ++mode;
    if (mode == 3) return 2;
    const bool is_float = cell.find("float") != std::string::npos;
    const auto by_scalar = [&]<template <std::size_t, std::size_t, class> class D>() {
        return is_float ? fixed_loop_of<D, float>(cell, mode, n) : fixed_loop_of<D, double>(cell, mode, n);
    };
    if (engine_name == "frozen") by_scalar.template operator()<frozen>();
    else if (engine_name == "formula") by_scalar.template operator()<formula_dense>();
    else if (engine_name == "dense") by_scalar.template operator()<current>();
    else return 2;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::strcmp(argv[1], "--fixed-loop") == 0) return fixed_loop(argv[2], argv[3], std::atol(argv[4]));
    if (!(same_as_frozen<formula_dense, float>("formula (float)") && same_as_frozen<formula_dense, double>("formula (double)") &&
          same_as_frozen<current, float>("nn::dense (float)") && same_as_frozen<current, double>("nn::dense (double)")))
        return 1;
    register_engine<frozen, float>("frozen");
    register_engine<formula_dense, float>("formula");
    register_engine<current, float>("dense");
    register_engine<frozen, double>("frozen");
    register_engine<formula_dense, double>("formula");
    register_engine<current, double>("dense");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
