// Must not compile: momentum_ref<P> for a P that is not a network's parameter type.
// expect-error: momentum_ref<P>: P must be a network's parameter type
#include <array>

#include <constgrad/optim/momentum.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    std::array<double, 3> state{};
    [[maybe_unused]] constgrad::optim::momentum_ref<std::array<double, 3>>* opt = nullptr;
    [[maybe_unused]] auto size = sizeof(constgrad::optim::momentum_ref<std::array<double, 3>>);
    (void)state;
#endif
}
