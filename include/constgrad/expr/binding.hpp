// binding: the value given to one variable, written `x = 2.0`.
#pragma once

#include "detail/fixed_string.hpp"

namespace constgrad {

/// The value bound to the variable named Name; made by `variable<Name>{} = value`.
template <detail::fixed_string Name, class T>
struct binding {
    T value;
};

template <class T>
inline constexpr bool is_binding_v = false;
template <detail::fixed_string Name, class T>
inline constexpr bool is_binding_v<binding<Name, T>> = true;

}  // namespace constgrad
