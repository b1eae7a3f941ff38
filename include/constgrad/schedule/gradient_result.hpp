// gradient_result: the value and all partial derivatives from one reverse sweep, g[x].
#pragma once

#include <array>
#include <cstddef>

#include "../expr/detail/type_list.hpp"
#include "../expr/variable.hpp"

namespace constgrad {

/// What gradient(f, x = 1.0, y = 2.0) returns: g.value() is f, g[x] and g[y] its partial
/// derivatives. Indexed by the variables themselves, in any order.
template <class T, class... Vars>
struct gradient_result {
    T function_value{};
    std::array<T, sizeof...(Vars)> partials{};

    /// f at the point of evaluation.
    [[nodiscard]] constexpr T value() const noexcept { return function_value; }

    /// df/dx for a variable x that was bound in the call to gradient.
    template <detail::fixed_string Name>
    [[nodiscard]] constexpr T operator[](variable<Name>) const noexcept {
        constexpr std::size_t index = detail::index_of_v<variable<Name>, detail::type_list<Vars...>>;
        static_assert(index != detail::npos,
                      "constgrad: g[x] asks for a variable that was not bound in gradient(f, ...)");
        if constexpr (index != detail::npos)
            return partials[index];
        else
            return T{};
    }
};

}  // namespace constgrad
