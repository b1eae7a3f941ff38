// Must not compile: dot of a 2-vector and a 3-vector.
// expect-error: dot\(a, b\) needs two vectors of the same size
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
    [[maybe_unused]] constexpr auto ok = t::dot(u, x);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constexpr auto f = t::dot(b, x);
#endif
}
