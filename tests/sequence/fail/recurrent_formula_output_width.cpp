// Must not compile: a formula cell whose new state is not Hidden wide (here 3, not 2).
// expect-error: recurrent_formula<f, In, Hidden, Out>: f must be a vector of Hidden values
#include <constgrad/nn/activations.hpp>
#include <constgrad/sequence/recurrent_formula.hpp>
#include <constgrad/tensor/operators.hpp>

namespace t = constgrad::tensor;
using in = constgrad::nn::recurrent_inputs<1, 2>;
constexpr t::matrix<"W", 3, 1> W;
constexpr t::matrix<"U", 3, 2> U;
[[maybe_unused]] constexpr auto cell = t::apply<constgrad::nn::tanh>(W * in::x + U * in::h);

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::recurrent_formula<cell, 1, 2>::outputs;
#endif
}
