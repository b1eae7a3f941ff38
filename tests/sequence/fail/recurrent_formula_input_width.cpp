// Must not compile: a formula cell whose input is not In + Hidden wide (here 4, not 1 + 2).
// expect-error: recurrent_formula<f, In, Hidden, Out>: f must be a tensor formula of one tensor::input
#include <constgrad/nn/activations.hpp>
#include <constgrad/sequence/recurrent_formula.hpp>
#include <constgrad/tensor/operators.hpp>

namespace t = constgrad::tensor;
constexpr t::input<4> xh;
constexpr t::matrix<"W", 2, 4> W;
[[maybe_unused]] constexpr auto cell = t::apply<constgrad::nn::tanh>(W * xh);

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::recurrent_formula<cell, 1, 2>::outputs;
#endif
}
