// Must not compile: adam_state<P> for a P that is not a network's parameter type.
// expect-error: adam_state<P>: P must be a network's parameter type
#include <array>

#include <constgrad/optim/adam.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    [[maybe_unused]] constgrad::optim::adam_state<std::array<double, 3>> state{};
#endif
}
