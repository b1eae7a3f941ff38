// The parts of a small layer (y = a ⊙ x, two wide), one struct each, for the must-not-compile
// tests of nn::Layer: each test builds a layer from all parts but one.
#pragma once

#include <array>
#include <cstddef>

#include <constgrad/nn/rng.hpp>

namespace layer_parts {

struct has_widths {
    static constexpr std::size_t inputs = 2;
    static constexpr std::size_t outputs = 2;
};

template <class T>
struct weights {
    std::array<T, 2> a;
    static constexpr std::size_t size = 2;
    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t i = 0; i < 2; ++i) f(first.a[i], rest.a[i]...);
    }
};
template <class T>
struct weights_without_zip {
    std::array<T, 2> a;
    static constexpr std::size_t size = 2;
};

struct has_parameters {
    template <class T>
    using parameters = weights<T>;
};
struct has_parameters_without_zip {
    template <class T>
    using parameters = weights_without_zip<T>;
};

struct has_init {
    template <class T, class Init>
    static constexpr void init(constgrad::nn::rng&, const Init&, weights<T>& p) {
        p.a = {1, 1};
    }
};
struct has_forward {
    template <class T>
    static constexpr void forward(const weights<T>& p, const std::array<T, 2>& x,
                                  std::array<T, 2>& y) noexcept {
        for (std::size_t i = 0; i < 2; ++i) y[i] = p.a[i] * x[i];
    }
};
struct has_forward_recording {
    template <class T>
    static constexpr void forward_recording(const weights<T>& p, const std::array<T, 2>& x,
                                            std::array<T, 2>& y, std::array<T, 2>&) noexcept {
        for (std::size_t i = 0; i < 2; ++i) y[i] = p.a[i] * x[i];
    }
};
struct has_backward {
    template <bool NeedInput, class T>
    static constexpr void backward(const weights<T>& p, const std::array<T, 2>& x,
                                   const std::array<T, 2>&, std::array<T, 2>& dy, weights<T>& g,
                                   std::array<T, 2>& dx) noexcept {
        for (std::size_t i = 0; i < 2; ++i) {
            g.a[i] += dy[i] * x[i];
            if constexpr (NeedInput) dx[i] = dy[i] * p.a[i];
        }
    }
};

// All parts: a layer.
struct whole : has_widths, has_parameters, has_init, has_forward, has_forward_recording, has_backward {};

}  // namespace layer_parts
