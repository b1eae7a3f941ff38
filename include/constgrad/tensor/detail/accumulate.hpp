// tensor::detail::put<Assign>: how a reverse rule writes a child's adjoint.
#pragma once

namespace constgrad::tensor::detail {

// A child whose adjoint receives exactly one contribution in the reverse sweep is written, not
// added to (Assign): its slot need not be zeroed first, one pass over it saved (sweep.hpp
// decides; a dense layer written as a formula then does what nn::dense does).
template <bool Assign, class T, class U>
constexpr void put(T& adjoint, const U& contribution) noexcept {
    if constexpr (Assign)
        adjoint = contribution;
    else
        adjoint += contribution;
}

}  // namespace constgrad::tensor::detail
