// constgrad: compile-time backpropagation. Real-time umbrella header: every public header that
// builds with -fno-exceptions -fno-rtti, i.e. all of them but tape/ and io/ (which throw):
// formulas (math, expr, rules, simplify, schedule), run-time kernels, networks, losses,
// inference, training (nn) and optimizers (optim). Nothing here throws or needs RTTI, and
// training and inference allocate nothing; what nn::fit does on bad input without exceptions
// is in docs/reference.md ("Real-time builds"). constgrad/constgrad.hpp includes everything.
#pragma once

// constexpr elementary functions: own series at compile time, <cmath> at run time
#include "math/cos.hpp"
#include "math/exp.hpp"
#include "math/expm1.hpp"
#include "math/log.hpp"
#include "math/log1p.hpp"
#include "math/pow.hpp"
#include "math/sigmoid.hpp"
#include "math/sin.hpp"
#include "math/sqrt.hpp"
#include "math/tanh.hpp"

// expression: variables, numbers, operations
#include "expr/arithmetic.hpp"
#include "expr/binary.hpp"
#include "expr/binding.hpp"
#include "expr/constant.hpp"
#include "expr/evaluate.hpp"
#include "expr/expression.hpp"
#include "expr/functions/abs.hpp"
#include "expr/functions/cos.hpp"
#include "expr/functions/exp.hpp"
#include "expr/functions/leaky_relu.hpp"
#include "expr/functions/log.hpp"
#include "expr/functions/pow.hpp"
#include "expr/functions/relu.hpp"
#include "expr/functions/sigmoid.hpp"
#include "expr/functions/sign.hpp"
#include "expr/functions/sin.hpp"
#include "expr/functions/sqrt.hpp"
#include "expr/functions/square.hpp"
#include "expr/functions/step.hpp"
#include "expr/functions/tanh.hpp"
#include "expr/literal.hpp"
#include "expr/static_string.hpp"
#include "expr/to_string.hpp"
#include "expr/unary.hpp"
#include "expr/variable.hpp"

// rules: derivatives by the chain rule
#include "rules/activation.hpp"
#include "rules/derivative.hpp"
#include "rules/exponential.hpp"
#include "rules/piecewise.hpp"
#include "rules/power.hpp"
#include "rules/product.hpp"
#include "rules/rule.hpp"
#include "rules/sum.hpp"
#include "rules/trigonometric.hpp"

// simplification while building
#include "simplify/node.hpp"

// schedule: reverse mode
#include "schedule/gradient.hpp"
#include "schedule/gradient_check.hpp"
#include "schedule/gradient_result.hpp"
#include "schedule/graph.hpp"
#include "schedule/packed_derivative.hpp"
#include "schedule/sweep.hpp"

// Run-time kernels underneath the layers
#include "kernels/affine.hpp"
#include "kernels/elementwise.hpp"
#include "kernels/gemm.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/log.hpp"
#include "kernels/math/sigmoid.hpp"
#include "kernels/math/tanh.hpp"
#include "kernels/outer_update.hpp"
#include "kernels/pack.hpp"
#include "kernels/prepared_affine.hpp"
#include "kernels/transposed_product.hpp"

// nn: layer-level networks, losses, initialisation, training
#include "nn/activation.hpp"
#include "nn/activations.hpp"
#include "nn/argmax.hpp"
#include "nn/cost.hpp"
#include "nn/dense.hpp"
#include "nn/fit.hpp"
#include "nn/flops.hpp"
#include "nn/inference.hpp"
#include "nn/init.hpp"
#include "nn/l2.hpp"
#include "nn/layer.hpp"
#include "nn/loss.hpp"
#include "nn/losses.hpp"
#include "nn/network.hpp"
#include "nn/neuron.hpp"
#include "nn/parameters.hpp"
#include "nn/reduction.hpp"
#include "nn/rng.hpp"
#include "nn/sample.hpp"
#include "nn/seed.hpp"
#include "nn/stack_budget.hpp"
// graph layers: a chain of layers as one layer, skip connections, parallel branches
#include "nn/chain.hpp"
#include "nn/parallel.hpp"
#include "nn/residual.hpp"

// tensor: formulas of tensors (W x, + - ⊙, apply<Act>, sum, dot, concat, slice, softmax,
// log_softmax), their compile-time reverse sweep, and layers written as such formulas
#include "nn/formula_layer.hpp"
#include "tensor/gradient.hpp"
#include "tensor/jacobian_check.hpp"
#include "tensor/leaves.hpp"
#include "tensor/node.hpp"
#include "tensor/operations/apply.hpp"
#include "tensor/operations/concat.hpp"
#include "tensor/operations/elementwise.hpp"
#include "tensor/operations/product.hpp"
#include "tensor/operations/reduce.hpp"
#include "tensor/operations/softmax.hpp"
#include "tensor/operators.hpp"
#include "tensor/parameters.hpp"
#include "tensor/shape.hpp"
#include "tensor/sweep.hpp"

// sequence: recurrent and convolutional layers, sequence networks, streaming
#include "sequence/layer.hpp"
#include "sequence/batch_norm.hpp"
#include "sequence/conv1d.hpp"
#include "sequence/elu.hpp"
#include "sequence/prelu.hpp"
#include "sequence/time_distributed.hpp"
#include "sequence/gru.hpp"
#include "sequence/lstm.hpp"
#include "sequence/network.hpp"
#include "sequence/recurrent_init.hpp"
#include "sequence/recurrent_parameters.hpp"
#include "sequence/stream.hpp"

// optim: optimizers and learning-rate schedules
#include "optim/adam.hpp"
#include "optim/momentum.hpp"
#include "optim/schedule.hpp"
#include "optim/sgd.hpp"
