// Must not compile: g[b] for a formula without b.
// expect-error: g\[leaf\] of a leaf that is not in the formula
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
    const std::array<double, 3> v{1, 2, 3};
    const auto g = t::gradient(t::sum(x), x = v);
    [[maybe_unused]] double ok = g[x][0];
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] double e = g[b][0];
#endif
}
