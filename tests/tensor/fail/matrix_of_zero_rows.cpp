// Must not compile: a matrix of no rows.
// expect-error: matrix<Name, M, N>: M and N must be positive
#include <array>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/formula_layer.hpp>
#include <constgrad/tensor/gradient.hpp>
#include <constgrad/tensor/operators.hpp>

namespace t = constgrad::tensor;
namespace nn = constgrad::nn;

[[maybe_unused]] constexpr t::matrix<"W", 2, 3> W;
[[maybe_unused]] constexpr t::vector<"b", 2> b;
[[maybe_unused]] constexpr t::vector<"u", 3> u;
[[maybe_unused]] constexpr t::input<3> x;

int main() {
    [[maybe_unused]] constexpr t::matrix<"A", 1, 3> ok;
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr t::matrix<"A", 0, 3> a;
#endif
}
