// Must not compile: a adam_ref made for one network steps another network's parameters.
// expect-error: adam_ref<P>::step\(params, grads\): 'params' and 'grads' must be of the parameter type
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;
using net = nn::network<nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>>;
using P = net::parameters<double>;

int main() {
    auto p = net::init(nn::seed{1});
    optim::adam_state<P> state; optim::adam_ref<P> opt{.state = state};
    opt.step(p, p);  // fine
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    auto q = net::init<float>(nn::seed{1});
    opt.step(q, q);
#endif
}
