// A network's cost checked by the compiler: a keyword spotter's 16-64-64-1 float network must
// fit a microcontroller's budget of 64 KiB for parameters and Adam's state and 1 MFLOP per
// training step of 32 samples. Change a width and the build fails at the static_assert.
// Prints the whole report (docs/reference.md, constgrad/nn/cost.hpp, defines each line).
#include <cstdio>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/cost.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/network.hpp>

namespace nn = constgrad::nn;

using net = nn::network<nn::dense<16, 64, nn::relu>, nn::dense<64, 64, nn::relu>, nn::dense<64, 1>>;
constexpr nn::cost_report cost = nn::cost<net, float>;

static_assert(cost.parameter_bytes + cost.adam_state_bytes <= 64 * 1024, "over the memory budget");
static_assert(cost.training_flops(32) <= 1'000'000, "over the compute budget");
static_assert(cost.parameter_count == 5313 && cost.forward_flops == 10368);  // by hand, in the docs

int main() {
    const auto kib = [](std::size_t bytes) { return static_cast<double>(bytes) / 1024.0; };
    std::printf("16-64-64-1 relu, float parameters\n");
    std::printf("  parameters              %zu (%.1f KiB)\n", cost.parameter_count, kib(cost.parameter_bytes));
    std::printf("  flops: forward          %zu per sample\n", cost.forward_flops);
    std::printf("  flops: training         %zu per sample + %zu per update; %zu for a batch of 32\n",
                cost.training_flops_per_sample, cost.update_flops, cost.training_flops(32));
    std::printf("  gradient buffer         %.1f KiB\n", kib(cost.gradient_bytes));
    std::printf("  cached for backward     %zu bytes per sample\n", cost.activation_bytes);
    std::printf("  optimizer state         sgd %zu, momentum %.1f KiB, adam %.1f KiB\n", cost.sgd_state_bytes,
                kib(cost.momentum_state_bytes), kib(cost.adam_state_bytes));
    std::printf("  stack arrays            forward %zu, gradient %zu, descend %zu bytes;\n",
                cost.forward_stack_bytes, cost.gradient_stack_bytes, cost.descend_stack_bytes);
    std::printf("                          batch gradient %.1f KiB (%.1f KiB of it the block's workspace), forward_batch %.1f KiB (%zu columns)\n",
                kib(cost.batch_gradient_stack_bytes), kib(cost.batch_workspace_bytes), kib(cost.forward_batch_stack_bytes),
                cost.batch_columns);
    const bool fits = cost.parameter_bytes + cost.adam_state_bytes <= 64 * 1024;
    std::printf("%s\n", fits ? "fits the budget: 64 KiB, 1 MFLOP per step of 32" : "over budget");
    return fits ? 0 : 1;
}
