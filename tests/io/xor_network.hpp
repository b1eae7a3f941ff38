// The network of the export test: XOR, 2-4-1, tanh hidden layer; shared by the generator
// (tests/io/export_generator.cpp) and the translation unit it generates.
#pragma once

#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/sample.hpp>

namespace io_test {

using xor_net = constgrad::nn::network<constgrad::nn::dense<2, 4, constgrad::nn::tanh>,
                                       constgrad::nn::dense<4, 1>>;

inline constexpr std::array<constgrad::nn::sample<double, 2, 1>, 4> xor_samples{
    {{{0, 0}, {0}}, {{0, 1}, {1}}, {{1, 0}, {1}}, {{1, 1}, {0}}}};

}  // namespace io_test
