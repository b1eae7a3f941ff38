// constgrad: compile-time backpropagation. Umbrella header: includes every public header.
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
#include "expr/to_string.hpp"
#include "expr/unary.hpp"
#include "expr/variable.hpp"

// rules: derivatives by the chain rule
#include "rules/derivative.hpp"
#include "rules/rule.hpp"

// simplification while building
#include "simplify/node.hpp"

// schedule: reverse mode
#include "schedule/gradient.hpp"
#include "schedule/gradient_check.hpp"
#include "schedule/gradient_result.hpp"
