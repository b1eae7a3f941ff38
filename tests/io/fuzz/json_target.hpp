// The JSON model loaders' fuzz target: io::parse_torch_json and io::parse_keras_json on
// arbitrary text never crash and throw nothing but io::json_error, and whatever they accept
// writes back (to_torch_json / to_keras_json) to text that reads back as exactly the same
// parameters. data[0] chooses the loader: one of the fixtures' networks (tests/io/fixtures),
// double or float, state dict or Keras (json_modes of them); the rest of data is the text.
// run_fuzzers.sh seeds each fixture file with every mode of its format.
#pragma once

#include <cstddef>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <constgrad/io/json_error.hpp>
#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

namespace fuzz_targets {

namespace json_nets {
namespace nn = constgrad::nn;
using a = nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 1>>;
using b = nn::network<nn::dense<3, 8, nn::relu>, nn::dense<8, 8, nn::sigmoid>, nn::dense<8, 2>>;
using c = nn::network<nn::dense<4, 5, nn::tanh>, nn::dense<5, 3>>;
using d = nn::network<nn::neuron<2, nn::sigmoid>>;
using e = nn::network<nn::dense<2, 4, nn::leaky_relu>, nn::dense<4, 1>>;
}  // namespace json_nets

// Bit-exact equality (a -0 read back as +0 would be a finding too).
template <class P>
bool same_bits(const P& x, const P& y) {
    const auto fx = constgrad::nn::flatten(x);
    const auto fy = constgrad::nn::flatten(y);
    for (std::size_t k = 0; k < fx.size(); ++k)
        if (std::signbit(fx[k]) != std::signbit(fy[k]) || !(fx[k] == fy[k])) return false;
    return true;
}

template <class P>
void torch_as(std::string_view text, const constgrad::io::torch_json_options& options = {}) {
    namespace io = constgrad::io;
    try {
        const P p = io::parse_torch_json<P>(text, options);
        if (!same_bits(io::parse_torch_json<P>(io::to_torch_json(p, options), options), p))
            std::abort();
    } catch (const io::json_error&) {
        // Refused with the documented exception: fine. Anything else escapes: a finding.
    }
}

template <class P, bool Writable = true>
void keras_as(std::string_view text) {
    namespace io = constgrad::io;
    try {
        const P p = io::parse_keras_json<P>(text);
        if constexpr (Writable)
            if (!same_bits(io::parse_keras_json<P>(io::to_keras_json(p)), p)) std::abort();
    } catch (const io::json_error&) {
    }
}

// Modes 0-5 read a state dict, 6-11 a Keras model.
inline constexpr unsigned json_modes = 12;

inline int fuzz_json(const std::uint8_t* data, std::size_t size) {
    using namespace json_nets;
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % json_modes) {
    case 0: torch_as<a::parameters<double>>(text); break;
    case 1: torch_as<a::parameters<float>>(text); break;
    case 2: torch_as<b::parameters<double>>(text); break;
    case 3: torch_as<c::parameters<float>>(text); break;
    case 4: torch_as<d::parameters<double>>(text); break;
    case 5: torch_as<e::parameters<double>>(text, {.prefixes = {"hidden", "out"}}); break;
    case 6: keras_as<a::parameters<double>>(text); break;
    case 7: keras_as<a::parameters<float>>(text); break;
    case 8: keras_as<b::parameters<double>>(text); break;
    case 9: keras_as<c::parameters<double>>(text); break;
    case 10: keras_as<d::parameters<float>>(text); break;
    default: keras_as<e::parameters<double>, false>(text); break;
    }
    return 0;
}

}  // namespace fuzz_targets
