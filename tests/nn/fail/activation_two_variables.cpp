// Must not compile: an activation formula of two variables.
// expect-error: an activation must be a formula of exactly one variable
#include <array>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/variable.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>

namespace cg = constgrad;
namespace nn = constgrad::nn;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;

int main() {
    [[maybe_unused]] auto p = net::init(nn::seed{1});
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    constexpr cg::variable<"z"> z;
    constexpr cg::variable<"u"> u;
    using bad = nn::network<nn::dense<2, 4, nn::activation<z * u>>, nn::dense<4, 1>>;
    [[maybe_unused]] auto q = bad::init(nn::seed{1});
#endif
}
