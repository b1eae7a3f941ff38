// detail::prepared_recurrent: a GRU's or LSTM's weights copied by columns for the streaming
// step of nn::sequence_inference (the parameters keep PyTorch's layout).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../../kernels/detail/packable.hpp"
#include "../../kernels/pack.hpp"
#include "../../kernels/prepared_affine.hpp"
#include "../../kernels/prepared_recurrent.hpp"

namespace constgrad::detail {

/// The 4·Hidden gate pre-activations of a recurrent cell, z = b + Wx x + Wh h, with Wx and Wh
/// stored by columns, each column padded to `stride` (whole packs). The owner chooses the gate
/// order: x's columns are nonzero in the first XGates gates only, h's from gate HFirstGate on
/// (LSTM: 4 and 0; GRU, ordered n_x, r, z, n_h: 3 and 1), so the kernel skips the packs that
/// hold only zeros. Size: (In + Hidden + 1) · stride scalars.
template <class T, std::size_t In, std::size_t Hidden, std::size_t XGates, std::size_t HFirstGate>
struct prepared_recurrent {
    static constexpr std::size_t gates = 4;
    static constexpr std::size_t stride = kernels::padded<T>(gates * Hidden);
    static constexpr std::size_t x_packs = (XGates * Hidden + kernels::lanes<T> - 1) / kernels::lanes<T>;
    static constexpr std::size_t h_first = HFirstGate * Hidden / kernels::lanes<T>;

    alignas(kernels::pack_bytes) std::array<T, In * stride> wx{};
    alignas(kernels::pack_bytes) std::array<T, Hidden * stride> wh{};
    alignas(kernels::pack_bytes) std::array<T, stride> b{};

    constexpr T& x_weight(std::size_t gate, std::size_t unit, std::size_t i) noexcept {
        return wx[i * stride + gate * Hidden + unit];
    }
    constexpr T& h_weight(std::size_t gate, std::size_t unit, std::size_t j) noexcept {
        return wh[j * stride + gate * Hidden + unit];
    }

    /// z[0, stride) = b + Wx x + Wh h (gate g of unit u at z[g·Hidden + u]). Packs at run time
    /// for float and double (kernels::recurrent_columns); plain loops, input order, otherwise.
    constexpr void products(const std::array<T, In>& x, const std::array<T, Hidden>& h, T* z) const noexcept {
        if constexpr (kernels::detail::packable_v<T>) {
            if (!std::is_constant_evaluated()) {
                kernels::recurrent_columns<stride, x_packs, h_first, T, In, Hidden>(
                    wx.data(), x.data(), wh.data(), h.data(), b.data(), z);
                return;
            }
        }
        for (std::size_t o = 0; o < stride; ++o) {
            T s = b[o];
            for (std::size_t i = 0; i < In; ++i) s += wx[i * stride + o] * x[i];
            for (std::size_t j = 0; j < Hidden; ++j) s += wh[j * stride + o] * h[j];
            z[o] = s;
        }
    }
};

}  // namespace constgrad::detail
