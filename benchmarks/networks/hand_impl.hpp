// The definitions of hand_engine's members (hand.hpp), compiled once in hand_engine.cpp.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "hand.hpp"

namespace constgrad_bench {

template <class Cfg>
hand_engine<Cfg>::hand_engine(const workload<Cfg>& w) {
    const T* q = w.initial_parameters.data();
    visit(p_, [&](T& x) { x = *q++; });
}

template <class Cfg>
void hand_engine<Cfg>::train_step(const sample* s, std::size_t n) {
    g_ = parameters{};
    for (std::size_t k = 0; k < n; ++k) accumulate(s[k]);
    update(static_cast<T>(learning_rate));
}

template <class Cfg>
auto hand_engine<Cfg>::forward(const sample* s, std::size_t n) const -> T {
    T total = 0;
    for (std::size_t k = 0; k < n; ++k) {
        std::array<T, H> a1, d1, a2, d2;
        total += run(s[k].x, a1, d1, a2, d2);
    }
    return total;
}

template <class Cfg>
std::vector<double> hand_engine<Cfg>::gradient(const sample* s, std::size_t n) {
    g_ = parameters{};
    for (std::size_t k = 0; k < n; ++k) accumulate(s[k]);
    std::vector<double> flat;
    visit(g_, [&](T& x) { flat.push_back(static_cast<double>(x)); });
    return flat;
}

template <class Cfg>
std::vector<double> hand_engine<Cfg>::parameters_flat() {
    std::vector<double> flat;
    visit(p_, [&](T& x) { flat.push_back(static_cast<double>(x)); });
    return flat;
}

template <class Cfg>
auto hand_engine<Cfg>::activate(T z, T& derivative) -> T {
    if constexpr (Cfg::activation == act::relu) {
        derivative = z > 0 ? T(1) : T(0);
        return z > 0 ? z : T(0);
    } else {
        const T a = std::tanh(z);
        derivative = T(1) - a * a;
        return a;
    }
}

// Forward pass of one sample: returns the output, keeps activations and act'.
template <class Cfg>
auto hand_engine<Cfg>::run(const std::array<T, I>& x, std::array<T, H>& a1, std::array<T, H>& d1,
                           std::array<T, H>& a2, std::array<T, H>& d2) const -> T {
    for (std::size_t o = 0; o < H; ++o) {
        T z = 0;
        for (std::size_t i = 0; i < I; ++i) z += p_.w1[o][i] * x[i];
        a1[o] = activate(z + p_.b1[o], d1[o]);
    }
    for (std::size_t o = 0; o < H; ++o) {
        T z = 0;
        for (std::size_t i = 0; i < H; ++i) z += p_.w2[o][i] * a1[i];
        a2[o] = activate(z + p_.b2[o], d2[o]);
    }
    T out = 0;
    for (std::size_t i = 0; i < H; ++i) out += p_.w3[i] * a2[i];
    return out + p_.b3;
}

template <class Cfg>
void hand_engine<Cfg>::accumulate(const sample& s) {
    std::array<T, H> a1, d1, a2, d2;
    const T out = run(s.x, a1, d1, a2, d2);
    const T dout = T(2) * (out - s.y[0]);  // d/d out of (out - y)^2
    // Output layer.
    g_.b3 += dout;
    for (std::size_t i = 0; i < H; ++i) g_.w3[i] += dout * a2[i];
    // Second hidden layer: delta = dout * w3 * act'.
    std::array<T, H> delta2;
    for (std::size_t i = 0; i < H; ++i) delta2[i] = dout * p_.w3[i] * d2[i];
    for (std::size_t o = 0; o < H; ++o) {
        g_.b2[o] += delta2[o];
        for (std::size_t i = 0; i < H; ++i) g_.w2[o][i] += delta2[o] * a1[i];
    }
    // First hidden layer: delta = (W2^T delta2) * act', W2^T delta2 as a sum of W2's rows.
    std::array<T, H> delta1{};
    for (std::size_t o = 0; o < H; ++o)
        for (std::size_t i = 0; i < H; ++i) delta1[i] += p_.w2[o][i] * delta2[o];
    for (std::size_t i = 0; i < H; ++i) delta1[i] *= d1[i];
    for (std::size_t o = 0; o < H; ++o) {
        g_.b1[o] += delta1[o];
        for (std::size_t i = 0; i < I; ++i) g_.w1[o][i] += delta1[o] * s.x[i];
    }
}

template <class Cfg>
void hand_engine<Cfg>::update(T lr) {
    for (std::size_t o = 0; o < H; ++o)
        for (std::size_t i = 0; i < I; ++i) p_.w1[o][i] -= lr * g_.w1[o][i];
    for (std::size_t o = 0; o < H; ++o) p_.b1[o] -= lr * g_.b1[o];
    for (std::size_t o = 0; o < H; ++o)
        for (std::size_t i = 0; i < H; ++i) p_.w2[o][i] -= lr * g_.w2[o][i];
    for (std::size_t o = 0; o < H; ++o) p_.b2[o] -= lr * g_.b2[o];
    for (std::size_t i = 0; i < H; ++i) p_.w3[i] -= lr * g_.w3[i];
    p_.b3 -= lr * g_.b3;
}

}  // namespace constgrad_bench
