// ADOL-C, the classic operator-overloading tape: the step is taped with adoubles, then
// ADOL-C's gradient driver runs a forward and a reverse sweep over that tape.
#include <cstddef>
#include <type_traits>
#include <vector>

#include <adolc/adolc.h>

#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {
namespace {

template <class Cfg>
class adolc_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "adolc";
    // ADOL-C computes in double only.
    static constexpr bool supported = std::is_same_v<T, double>;
    static constexpr std::size_t I = Cfg::inputs;
    static constexpr std::size_t H = Cfg::hidden;
    static constexpr std::size_t P = Cfg::parameter_count;

    explicit adolc_engine(const workload<Cfg>& w)
        : p_(w.initial_parameters.begin(), w.initial_parameters.end()), g_(P) {}

    // Taped anew every step: relu's branches depend on the parameters, and ADOL-C's tapes
    // record one control-flow path (reusing a tape after a kink is crossed is wrong).
    [[gnu::noinline]] void train_step(const sample* s, std::size_t n) {
        record(s, n);
        ::gradient(tag_, static_cast<int>(P), p_.data(), g_.data());
        for (std::size_t k = 0; k < P; ++k) p_[k] -= learning_rate * g_[k];
    }

    // The forward pass as ADOL-C evaluates it: on adoubles, taped.
    [[gnu::noinline]] T forward(const sample* s, std::size_t n) {
        trace_on(tag_, 0, buffer, buffer, buffer, buffer);
        std::vector<adouble> ap(P);
        for (std::size_t k = 0; k < P; ++k) ap[k] <<= p_[k];
        adouble total = 0;
        for (std::size_t k = 0; k < n; ++k) total += output(ap, s[k]);
        double result = 0;
        total >>= result;
        trace_off();
        return result;
    }

    std::vector<double> gradient(const sample* s, std::size_t n) {
        record(s, n);
        ::gradient(tag_, static_cast<int>(P), p_.data(), g_.data());
        return g_;
    }

    std::vector<double> parameters_flat() const { return p_; }

private:
    // Large enough buffers that no tape of these workloads spills to a file.
    static constexpr unsigned buffer = 1u << 24;

    void record(const sample* s, std::size_t n) {
        trace_on(tag_, 0, buffer, buffer, buffer, buffer);
        std::vector<adouble> ap(P);
        for (std::size_t k = 0; k < P; ++k) ap[k] <<= p_[k];
        adouble loss = 0;
        for (std::size_t k = 0; k < n; ++k) {
            adouble d = output(ap, s[k]) - s[k].y[0];
            loss += d * d;
        }
        double value = 0;
        loss >>= value;
        trace_off();
    }

    static adouble activate(const adouble& z) {
        if constexpr (Cfg::activation == act::relu) return fmax(z, 0.0);
        else return tanh(z);
    }

    // The network's output for one sample; ap holds the parameters in the flat layout.
    static adouble output(const std::vector<adouble>& ap, const sample& s) {
        std::vector<adouble> a1(H), a2(H);
        const adouble* w1 = ap.data();
        const adouble* b1 = w1 + H * I;
        const adouble* w2 = b1 + H;
        const adouble* b2 = w2 + H * H;
        const adouble* w3 = b2 + H;
        const adouble* b3 = w3 + H;
        for (std::size_t o = 0; o < H; ++o) {
            adouble z = 0;
            for (std::size_t i = 0; i < I; ++i) z += w1[o * I + i] * s.x[i];
            a1[o] = activate(z + b1[o]);
        }
        for (std::size_t o = 0; o < H; ++o) {
            adouble z = 0;
            for (std::size_t i = 0; i < H; ++i) z += w2[o * H + i] * a1[i];
            a2[o] = activate(z + b2[o]);
        }
        adouble out = 0;
        for (std::size_t i = 0; i < H; ++i) out += w3[i] * a2[i];
        return out + *b3;
    }

    std::vector<double> p_;
    std::vector<double> g_;
    // One tape id for every engine: each step overwrites the tape anyway, and ADOL-C keeps a
    // Taylor buffer per id (a few dozen ids exhaust them).
    static constexpr short tag_ = 1;
};

}  // namespace

void register_adolc_engine() { register_engine<adolc_engine>(); }

}  // namespace constgrad_bench
