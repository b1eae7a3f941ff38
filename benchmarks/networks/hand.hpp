// Hand-written backpropagation over std::array loops: the baseline a user would otherwise write.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "workload.hpp"

namespace constgrad_bench {

/// The I-H-H-1 network of Cfg written by hand the way a careful user writes it: parameters
/// in fixed-size arrays (W row-major, as constgrad and the tape store them), a forward pass
/// that keeps the activations and their derivatives, the backward pass with the products
/// ordered for contiguous access (W^T d as a sum of rows: the inner loop runs along a row and
/// vectorises), the gradient summed over the batch into a buffer, then the SGD update.
/// No dependency on constgrad: it is the reference every other engine is checked against.
template <class Cfg>
class hand_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "hand";
    static constexpr bool supported = true;
    static constexpr std::size_t I = Cfg::inputs;
    static constexpr std::size_t H = Cfg::hidden;

    struct parameters {
        std::array<std::array<T, I>, H> w1;
        std::array<T, H> b1;
        std::array<std::array<T, H>, H> w2;
        std::array<T, H> b2;
        std::array<T, H> w3;  // the single output's row
        T b3;
    };

    explicit hand_engine(const workload<Cfg>& w);

    /// Gradient of the squared error summed over s[0..n), then p -= lr * g.
    [[gnu::noinline]] void train_step(const sample* s, std::size_t n);

    /// Sum of the network's outputs over s[0..n).
    [[gnu::noinline]] T forward(const sample* s, std::size_t n) const;

    /// The gradient at the current parameters, flat (checks).
    std::vector<double> gradient(const sample* s, std::size_t n);

    std::vector<double> parameters_flat();

private:
    static T activate(T z, T& derivative);
    T run(const std::array<T, I>& x, std::array<T, H>& a1, std::array<T, H>& d1, std::array<T, H>& a2,
          std::array<T, H>& d2) const;
    void accumulate(const sample& s);
    void update(T lr);

    // Every scalar in the flat layout order.
    template <class F>
    static void visit(parameters& q, F&& f) {
        for (auto& row : q.w1)
            for (T& x : row) f(x);
        for (T& x : q.b1) f(x);
        for (auto& row : q.w2)
            for (T& x : row) f(x);
        for (T& x : q.b2) f(x);
        for (T& x : q.w3) f(x);
        f(q.b3);
    }

    parameters p_{};
    parameters g_{};
};

// Instantiated once, in hand_engine.cpp (the definitions are in hand_impl.hpp): every
// benchmark executable links the reference instead of compiling it again.
#define CONSTGRAD_BENCH_EXTERN_HAND(A, T, I, H) extern template class hand_engine<config<act::A, T, I, H>>;
CONSTGRAD_BENCH_FOR_EACH_CONFIG(CONSTGRAD_BENCH_EXTERN_HAND)
#undef CONSTGRAD_BENCH_EXTERN_HAND

}  // namespace constgrad_bench
