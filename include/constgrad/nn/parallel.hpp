// nn::parallel<Join, Layers...>: branches on the same input, joined by nn::concat or nn::sum.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "detail/pack.hpp"
#include "detail/network_sweeps.hpp"
#include "layer.hpp"
#include "parameters.hpp"
#include "rng.hpp"

namespace constgrad::nn {

/// Join of nn::parallel: the branches' outputs one after the other (width Σ outputs).
struct concat {};
/// Join of nn::parallel: the branches' outputs added (every branch of the same width).
struct sum {};

}  // namespace constgrad::nn

namespace constgrad::detail {

template <class Join, class... Ls>
constexpr bool nn_parallel_ok() noexcept {
    constexpr bool join = std::is_same_v<Join, nn::concat> || std::is_same_v<Join, nn::sum>;
    static_assert(join, "constgrad::nn::parallel<Join, Layers...>: Join must be nn::concat or nn::sum");
    if constexpr (!join || sizeof...(Ls) == 0) {
        static_assert(sizeof...(Ls) > 0,
                      "constgrad::nn::parallel<Join, Layers...>: parallel needs at least one branch");
        return false;
    } else if constexpr (!(nn_check_layer<Ls>() && ...) || !nn_check_block_without_buffers<Ls...>()) {
        return false;
    } else {
        constexpr std::array<std::size_t, sizeof...(Ls)> in{Ls::inputs...};
        constexpr std::array<std::size_t, sizeof...(Ls)> out{Ls::outputs...};
        constexpr bool same_in = [&] {
            for (std::size_t w : in)
                if (w != in[0]) return false;
            return true;
        }();
        static_assert(same_in, "constgrad::nn::parallel<Join, Layers...>: every branch reads the "
                               "same input, so every layer's input width must be the same");
        constexpr bool same_out = std::is_same_v<Join, nn::concat> || [&] {
            for (std::size_t w : out)
                if (w != out[0]) return false;
            return true;
        }();
        static_assert(same_out, "constgrad::nn::parallel<nn::sum, Layers...>: the outputs are "
                                "added, so every layer's output width must be the same");
        return same_in && same_out;
    }
}

// Where branch K's outputs start in the joined output.
template <class Join, std::size_t K, class... Ls>
constexpr std::size_t nn_branch_offset() noexcept {
    if constexpr (std::is_same_v<Join, nn::sum>) {
        return 0;
    } else {
        constexpr std::array<std::size_t, sizeof...(Ls)> out{Ls::outputs...};
        std::size_t offset = 0;
        for (std::size_t k = 0; k < K; ++k) offset += out[k];
        return offset;
    }
}

}  // namespace constgrad::detail

namespace constgrad::nn {

/// Branches Ls... that each read the same input, their outputs joined: nn::concat puts them
/// one after the other (width Σ Ls::outputs), nn::sum adds them (all of one width). Itself a
/// layer (branches may be nn::chain, nn::residual or another parallel). Parameters: the
/// branches' parameters in order (`p.layer<K>()` is branch K's); the cache: each branch's.
/// The input gradient is the sum of the branches' input gradients.
///
///     using inception = nn::parallel<nn::concat, nn::dense<4, 8, nn::relu>, nn::dense<4, 8, nn::tanh>>;
///     using net = nn::network<inception, nn::dense<16, 1>>;
template <class Join, class... Ls>
struct parallel {
private:
    static_assert(detail::nn_parallel_ok<Join, Ls...>());  // the check's static_asserts say what
    using list = std::tuple<Ls...>;
    template <std::size_t K>
    using branch = std::tuple_element_t<K, list>;
    template <std::size_t K>
    static constexpr std::size_t offset = detail::nn_branch_offset<Join, K, Ls...>();

public:
    static constexpr std::size_t inputs = branch<0>::inputs;
    static constexpr std::size_t outputs =
        std::is_same_v<Join, concat> ? (Ls::outputs + ...) : branch<0>::outputs;
    template <class T>
    using parameters = network_parameters<T, Ls...>;
    template <class T>
    using cache = detail::nn_pack_of<layer_cache_t<Ls, T>...>;

    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (branch<K>::template init<T>(r, scheme, p.template layer<K>()), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, inputs>& x,
                                  std::array<T, outputs>& y) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (join<K>(y, [&](auto& yk) { branch<K>::forward(p.template layer<K>(), x, yk); }), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, inputs>& x,
                                            std::array<T, outputs>& y, cache<T>& c) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (join<K>(y,
                     [&](auto& yk) {
                         branch<K>::forward_recording(p.template layer<K>(), x, yk,
                                                      detail::nn_get<K>(c));
                     }),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    /// Each branch's backward on its part of dy (concat) or on dy (sum); dx = Σ branches' dx.
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, inputs>& x,
                                   const cache<T>& c, std::array<T, outputs>& dy, parameters<T>& g,
                                   std::array<T, inputs>& dx) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (split<K, NeedInput>(dy, dx, [&](auto& dyk, auto& dxk) {
                 branch<K>::template backward<NeedInput>(p.template layer<K>(), x, detail::nn_get<K>(c),
                                                         dyk, g.template layer<K>(), dxk);
             }),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    /// backward fused with p -= rate * gradient, branch by branch; every branch's input
    /// gradient is taken from its weights before they move.
    template <bool NeedInput, class T>
    static constexpr void backward_descend(parameters<T>& p, const std::array<T, inputs>& x,
                                           const cache<T>& c, std::array<T, outputs>& dy, T rate,
                                           std::array<T, inputs>& dx) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (split<K, NeedInput>(dy, dx, [&](auto& dyk, auto& dxk) {
                 detail::nn_layer_descend<NeedInput, branch<K>>(p.template layer<K>(), x,
                                                                detail::nn_get<K>(c), dyk, rate, dxk);
             }),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

private:
    // Branch K's output, computed by `run` into a temporary, joined into y.
    template <std::size_t K, class T, class Run>
    static constexpr void join(std::array<T, outputs>& y, Run&& run) noexcept {
        std::array<T, branch<K>::outputs> yk;  // the branch's forward writes all of it
        run(yk);
        for (std::size_t o = 0; o < branch<K>::outputs; ++o) {
            if constexpr (std::is_same_v<Join, sum> && K > 0)
                y[o] += yk[o];
            else
                y[offset<K> + o] = yk[o];
        }
    }

    // Branch K's part of dy handed to `run`, its input gradient added into dx.
    template <std::size_t K, bool NeedInput, class T, class Run>
    static constexpr void split(const std::array<T, outputs>& dy, std::array<T, inputs>& dx,
                                Run&& run) noexcept {
        std::array<T, branch<K>::outputs> dyk;
        for (std::size_t o = 0; o < branch<K>::outputs; ++o) dyk[o] = dy[offset<K> + o];
        std::array<T, inputs> dxk;  // written by the branch when NeedInput
        run(dyk, dxk);
        if constexpr (NeedInput)
            for (std::size_t i = 0; i < inputs; ++i) dx[i] = K == 0 ? dxk[i] : dx[i] + dxk[i];
    }
};

}  // namespace constgrad::nn
