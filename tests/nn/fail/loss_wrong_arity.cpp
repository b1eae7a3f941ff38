// Must not compile: a loss formula of three variables.
// expect-error: wrong arity: a loss is a formula of two variables
#include <array>

#include <constgrad/expr/arithmetic.hpp>
#include <constgrad/expr/functions/square.hpp>
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
    constexpr cg::variable<"p"> pv;
    constexpr cg::variable<"t"> tv;
    constexpr cg::variable<"w"> wv;
    [[maybe_unused]] constexpr auto bad = nn::loss(pv, tv, cg::square(pv - tv) * wv);
#endif
}
