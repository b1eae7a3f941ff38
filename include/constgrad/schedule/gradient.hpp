// gradient(f, x = 2.0, y = 3.0): all partial derivatives of f from one reverse sweep.
#pragma once

#include "../expr/evaluate.hpp"
#include "gradient_result.hpp"
#include "sweep.hpp"

namespace constgrad {

/// Every partial derivative of f at the bound point, by compile-time reverse mode: one
/// forward sweep into fixed slots, one reverse sweep, equal sub-expressions computed once.
///
///     constexpr auto g = gradient(x * y, x = 2.0, y = 3.0);
///     static_assert(g[x] == 3.0 && g[y] == 2.0 && g.value() == 6.0);
///
/// Every variable of f must be bound; a bound variable that f does not use gets 0.
// Always inlined: where f is a compile-time constant (the usual case), the optimiser then
// sees its constants and decides at compile time which equal stateful sub-expressions the
// sweep shares (see schedule/graph.hpp); out of line they are compared on every call.
template <class F, class... Bindings>
[[gnu::always_inline]] constexpr inline auto gradient(const F& f, const Bindings&... bindings) noexcept {
    using T = detail::evaluation_type_t<Bindings...>;
    using result = gradient_result<T, typename detail::binding_traits<Bindings>::variable_type...>;
    if constexpr (detail::check_arguments<F, Bindings...>()) {
        detail::sweep<T, F> slots{f};
        slots.forward(detail::environment<Bindings...>{bindings...});
        slots.reverse();
        return result{slots.value[slots.root],
                      {slots.template adjoint_of<
                          typename detail::binding_traits<Bindings>::variable_type>()...}};
    } else {
        return result{};
    }
}

}  // namespace constgrad
