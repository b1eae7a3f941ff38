// Must not compile: a formula cell of zero hidden units.
// expect-error: recurrent_formula<f, In, Hidden, Out>: In, Hidden and Out must be positive
#include <constgrad/nn/activations.hpp>
#include <constgrad/sequence/recurrent_formula.hpp>
#include <constgrad/tensor/operators.hpp>

namespace t = constgrad::tensor;
constexpr t::input<3> xh;
constexpr t::matrix<"W", 2, 3> W;
[[maybe_unused]] constexpr auto cell = t::apply<constgrad::nn::tanh>(W * xh);

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto n = constgrad::nn::recurrent_formula<cell, 3, 0>::outputs;
#endif
}
