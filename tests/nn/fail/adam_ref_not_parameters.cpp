// Must not compile: adam_ref<P> for a P that is not a network's parameter type.
// expect-error: adam_ref<P>: P must be a network's parameter type
#include <array>

#include <constgrad/optim/adam.hpp>

int main() {
#ifdef CONSTGRAD_MUST_NOT_COMPILE
    std::array<double, 3> state{};
    [[maybe_unused]] constgrad::optim::adam_ref<std::array<double, 3>>* opt = nullptr;
    [[maybe_unused]] auto size = sizeof(constgrad::optim::adam_ref<std::array<double, 3>>);
    (void)state;
#endif
}
