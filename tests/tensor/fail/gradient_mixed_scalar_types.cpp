// Must not compile: a float binding next to a double one.
// expect-error: every binding must be 'leaf = std::array' of one scalar type
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
    [[maybe_unused]] const std::array<float, 3> vf{1, 2, 3};
    [[maybe_unused]] auto ok = t::gradient(t::dot(x, u), x = v, u = v);
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] auto g = t::gradient(t::dot(x, u), x = v, u = vf);
#endif
}
