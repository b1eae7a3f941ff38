// Arithmetic on runtime-tape values: + - * / unary -, compound assignment, mixing with plain numbers.
#pragma once

#include <concepts>

#include "constgrad/tape/detail/number.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape {

// Each operator computes the result and its local partials in the value type T and records
// one node. A plain number operand is a constant: converted to T, it gets no node, and the
// operation is recorded as unary. Partials: d(a+b) = (1, 1), d(a-b) = (1, -1),
// d(a*b) = (b, a), d(a/b) = (1/b, -(a/b)/b), d(-a) = -1.

/// a + b.
template <std::floating_point T>
value<T> operator+(const value<T>& a, const value<T>& b)
{
    return a.owner().record(a.data() + b.data(), a, T(1), b, T(1));
}
/// a + c for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator+(const value<T>& a, U c)
{
    return a.owner().record(a.data() + static_cast<T>(c), a, T(1));
}
/// c + a for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator+(U c, const value<T>& a)
{
    return a.owner().record(static_cast<T>(c) + a.data(), a, T(1));
}

/// a - b.
template <std::floating_point T>
value<T> operator-(const value<T>& a, const value<T>& b)
{
    return a.owner().record(a.data() - b.data(), a, T(1), b, T(-1));
}
/// a - c for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator-(const value<T>& a, U c)
{
    return a.owner().record(a.data() - static_cast<T>(c), a, T(1));
}
/// c - a for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator-(U c, const value<T>& a)
{
    return a.owner().record(static_cast<T>(c) - a.data(), a, T(-1));
}

/// a * b.
template <std::floating_point T>
value<T> operator*(const value<T>& a, const value<T>& b)
{
    const T x = a.data();
    const T y = b.data();
    return a.owner().record(x * y, a, y, b, x);
}
/// a * c for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator*(const value<T>& a, U c)
{
    const T k = static_cast<T>(c);
    return a.owner().record(a.data() * k, a, k);
}
/// c * a for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator*(U c, const value<T>& a)
{
    const T k = static_cast<T>(c);
    return a.owner().record(k * a.data(), a, k);
}

/// a / b.
template <std::floating_point T>
value<T> operator/(const value<T>& a, const value<T>& b)
{
    const T y = b.data();
    const T r = a.data() / y;
    return a.owner().record(r, a, T(1) / y, b, -r / y);
}
/// a / c for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator/(const value<T>& a, U c)
{
    const T k = static_cast<T>(c);
    return a.owner().record(a.data() / k, a, T(1) / k);
}
/// c / a for a plain number c.
template <std::floating_point T, detail::number U>
value<T> operator/(U c, const value<T>& a)
{
    const T y = a.data();
    const T r = static_cast<T>(c) / y;
    return a.owner().record(r, a, -r / y);
}

/// -a.
template <std::floating_point T>
value<T> operator-(const value<T>& a)
{
    return a.owner().record(-a.data(), a, T(-1));
}

/// +a: the same handle (no node).
template <std::floating_point T>
value<T> operator+(const value<T>& a)
{
    return a;
}

// Compound assignment rebinds the left handle to a new node (values are immutable nodes).

/// a = a + b.
template <std::floating_point T, class B>
    requires std::same_as<B, value<T>> || detail::number<B>
value<T>& operator+=(value<T>& a, const B& b)
{
    return a = a + b;
}
/// a = a - b.
template <std::floating_point T, class B>
    requires std::same_as<B, value<T>> || detail::number<B>
value<T>& operator-=(value<T>& a, const B& b)
{
    return a = a - b;
}
/// a = a * b.
template <std::floating_point T, class B>
    requires std::same_as<B, value<T>> || detail::number<B>
value<T>& operator*=(value<T>& a, const B& b)
{
    return a = a * b;
}
/// a = a / b.
template <std::floating_point T, class B>
    requires std::same_as<B, value<T>> || detail::number<B>
value<T>& operator/=(value<T>& a, const B& b)
{
    return a = a / b;
}

} // namespace constgrad::tape
