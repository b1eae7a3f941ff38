// tensor operations a + b, a - b, a ⊙ b (elementwise, a scalar operand broadcast), with reverse rules.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../detail/accumulate.hpp"
#include "../shape.hpp"

namespace constgrad::tensor {

/// The three elementwise binary operations.
enum class elementwise_kind { add, subtract, multiply };

/// y = a ∘ b elementwise for ∘ in {+, -, ⊙}. The operands have one shape, or one of them is a
/// scalar, which is broadcast (s * v, 1 - t). Reverse rules (ā: a's adjoint, ȳ: y's):
///   +: ā += ȳ, b̄ += ȳ      -: ā += ȳ, b̄ -= ȳ      ⊙: ā += ȳ ⊙ b, b̄ += ȳ ⊙ a
/// where a broadcast scalar's adjoint is the sum over the elements it was broadcast to.
template <elementwise_kind Kind>
struct elementwise_op {
    template <class A, class B>
    using shape = std::conditional_t<A::shape_type::rank == 0, typename B::shape_type,
                                     typename A::shape_type>;

    template <bool Record, class Y, class E, class VA, class VB>
    static constexpr void forward(Y& y, E&, const VA& a, const VB& b) noexcept {
        constexpr std::size_t na = std::tuple_size_v<VA>, nb = std::tuple_size_v<VB>;
        for (std::size_t k = 0; k < y.size(); ++k) {
            const auto u = a[na == 1 ? 0 : k];
            const auto v = b[nb == 1 ? 0 : k];
            if constexpr (Kind == elementwise_kind::add)
                y[k] = u + v;
            else if constexpr (Kind == elementwise_kind::subtract)
                y[k] = u - v;
            else
                y[k] = u * v;
        }
    }

    /// Only ⊙'s reverse rule reads the operands' values (children 0 and 1: mask 0b11).
    static constexpr unsigned reads_children = Kind == elementwise_kind::multiply ? 0b11u : 0u;

    template <std::size_t K, bool Assign, class D, class DY, class Y, class E, class VA, class VB>
    static constexpr void reverse(D& d, const DY& dy, const Y&, const E&, const VA& a,
                                  const VB& b) noexcept {
        constexpr std::size_t nd = std::tuple_size_v<D>;
        // A broadcast scalar's adjoint is a sum over the elements: it starts at 0 and adds.
        constexpr bool broadcast = nd == 1 && std::tuple_size_v<DY> > 1;
        if constexpr (Assign && broadcast) d = {};
        for (std::size_t k = 0; k < dy.size(); ++k) {
            auto g = dy[k];
            if constexpr (Kind == elementwise_kind::multiply) {
                if constexpr (K == 0)
                    g *= b[std::tuple_size_v<VB> == 1 ? 0 : k];
                else
                    g *= a[std::tuple_size_v<VA> == 1 ? 0 : k];
            }
            if constexpr (Kind == elementwise_kind::subtract && K == 1) g = -g;
            detail::put<Assign && !broadcast>(d[broadcast ? 0 : k], g);
        }
    }
};

}  // namespace constgrad::tensor
