// nn::inference<Net, T>: a network's parameters laid out once for the forward pass alone.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../kernels/detail/packable.hpp"
#include "../kernels/prepared_affine.hpp"
#include "activation.hpp"

namespace constgrad::detail {

// The activation as the prepared kernels call it: on a whole pack (packed_derivative.hpp's
// evaluation where the formula allows, otherwise lane by lane through the scalar engine) or on
// one scalar.
template <class Act, class T>
struct nn_prepared_activation {
    template <class V>
    [[gnu::always_inline]] V operator()(V v) const noexcept {
        using A = nn_activation<Act>;
        if constexpr (A::template packed<T>) {
            return packed_value(A::formula, v);
        } else if constexpr (std::is_same_v<V, T>) {
            return A::value(v);
        } else {
            for (std::size_t l = 0; l < kernels::lanes_of<V>; ++l) v[l] = A::value(v[l]);
            return v;
        }
    }
};

// One dense layer, prepared. By columns (w[i·out_stride + o], column i scaled by x[i] and
// added: no reduction) unless the layer is too narrow to fill packs of outputs, where by rows
// (w[o·in_stride + i], one dot product per output) costs less: the rule compares the pack
// operations of the two, a fold of a pack counted as 2·log2(lanes).
template <class T, class Layer>
struct nn_prepared_dense {
    static constexpr std::size_t in = Layer::inputs;
    static constexpr std::size_t out = Layer::outputs;
    static constexpr std::size_t in_stride = kernels::padded<T>(in);
    static constexpr std::size_t out_stride = kernels::padded<T>(out);
    static constexpr std::size_t fold_cost = [] {
        std::size_t c = 0;
        for (std::size_t l = kernels::lanes<T>; l > 1; l /= 2) c += 2;
        return c;
    }();
    static constexpr bool by_columns =
        in * (out_stride / kernels::lanes<T>) <= out * (in_stride / kernels::lanes<T> + fold_cost);

    alignas(kernels::pack_bytes) std::array<T, by_columns ? in * out_stride : out * in_stride> w{};
    alignas(kernels::pack_bytes) std::array<T, out_stride> b{};

    constexpr void assign(const typename Layer::template parameters<T>& p) noexcept {
        for (std::size_t o = 0; o < out; ++o) {
            for (std::size_t i = 0; i < in; ++i) (by_columns ? w[i * out_stride + o] : w[o * in_stride + i]) = p.w[o][i];
            b[o] = p.b[o];
        }
    }

    constexpr T weight(std::size_t o, std::size_t i) const noexcept {
        return by_columns ? w[i * out_stride + o] : w[o * in_stride + i];
    }

    // z = act(W x + b), x of in_stride elements (padding finite), z of out_stride.
    void run(const T* x, T* z) const noexcept {
        const nn_prepared_activation<typename Layer::activation, T> f;
        if constexpr (by_columns)
            kernels::affine_columns<out, T, in, out_stride>(w.data(), x, b.data(), z, f);
        else
            kernels::affine_rows<out, T, in_stride>(w.data(), x, b.data(), z, f);
    }

    // The same in plain loops (constant evaluation, long double): one sum per output in input
    // order, as nn::dense::forward's plain path.
    constexpr void run_plain(const T* x, T* z) const noexcept {
        for (std::size_t o = 0; o < out; ++o) {
            T s{};
            for (std::size_t i = 0; i < in; ++i) s += weight(o, i) * x[i];
            z[o] = nn_activation<typename Layer::activation>::value(s + b[o]);
        }
        for (std::size_t o = out; o < out_stride; ++o) z[o] = T(0);
    }
};

template <class T, class Net, class = std::make_index_sequence<Net::layer_count>>
struct nn_prepared_layers;
template <class T, class Net, std::size_t... K>
struct nn_prepared_layers<T, Net, std::index_sequence<K...>> {
    using type = std::tuple<nn_prepared_dense<T, typename Net::template layer_type<K>>...>;
    static constexpr std::size_t widest = [] {
        std::size_t m = 0;
        ((m = nn_prepared_dense<T, typename Net::template layer_type<K>>::out_stride > m
                  ? nn_prepared_dense<T, typename Net::template layer_type<K>>::out_stride
                  : m),
         ...);
        const std::size_t first = kernels::padded<T>(Net::input_size);
        return first > m ? first : m;
    }();
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// The parameters of network Net in scalar type T, copied into the layout its forward pass
/// runs fastest on: each dense layer's weights by columns, padded to whole packs, so that
/// `W x + b` is a sum of scaled columns with the bias and the activation applied to each pack
/// of outputs before it is stored (kernels/prepared_affine.hpp). What nn::network::forward
/// pays at batch 1 on row-major weights, a horizontal sum per output, disappears. The
/// training functions keep using `parameters<T>`; an inference object is a snapshot: build
/// it (or `assign`) after training, and again after the parameters change.
///
/// Same outputs as `Net::forward(p, x)` within rounding (another summation order: the bound
/// of a dot product, 2·In·u·Σ|w||x| per output before the activation). Allocation-free,
/// noexcept; constexpr (plain loops during constant evaluation and for long double). Size
/// about that of the parameters, padded: `sizeof(inference<Net, T>)`; it can live in static
/// storage like them. Stack per forward: two vectors of the widest padded layer.
///
///     using net = nn::network<nn::dense<16, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 1>>;
///     const nn::inference<net, float> run{params};       // params: net::parameters<float>
///     std::array<float, 1> y = run(x);                    // x: std::array<float, 16>
template <class Net, class T>
class inference {
    static_assert(std::is_floating_point_v<T>,
                  "constgrad::nn: the scalar type of a network's parameters must be a "
                  "floating-point type (float, double or long double)");

    using layers_type = typename detail::nn_prepared_layers<T, Net>::type;
    static constexpr std::size_t widest = detail::nn_prepared_layers<T, Net>::widest;

public:
    using network_type = Net;
    using scalar_type = T;
    using parameters_type = typename Net::template parameters<T>;
    using input = typename Net::template input<T>;
    using output = typename Net::template output<T>;

    /// All weights and biases zero (every output is act(0) of the layers in turn).
    constexpr inference() noexcept = default;
    constexpr explicit inference(const parameters_type& p) noexcept { assign(p); }

    /// Copies p into the prepared layout (In·Out + Out scalars per layer).
    constexpr void assign(const parameters_type& p) noexcept {
        each([&]<std::size_t K>(auto& layer) { layer.assign(p.template layer<K>()); });
    }

    /// The network's output for input x.
    constexpr output forward(const input& x) const noexcept {
        if constexpr (kernels::detail::packable_v<T>) {
            if (!std::is_constant_evaluated()) return forward_packed(x);
        }
        return forward_plain(x);
    }

    constexpr output operator()(const input& x) const noexcept { return forward(x); }

private:
    layers_type layers_{};

    template <class F>
    constexpr void each(F&& f) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (f.template operator()<K>(std::get<K>(layers_)), ...);
        }(std::make_index_sequence<Net::layer_count>{});
    }

    // Ping-pong buffers of the widest padded layer; layer K reads buffer K % 2 (the first reads
    // x itself when it takes its inputs one at a time) and writes the other.
    // Every layer writes all out_stride elements the next one reads, but g++ 12 may report
    // -Wmaybe-uninitialized for the loads of `buffer` once inlined into a caller's loop (seen
    // with -fno-exceptions; valgrind and MSan find no uninitialised read): silenced here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    output forward_packed(const input& x) const noexcept {
        alignas(kernels::pack_bytes) T buffer[2][widest];
        using first = std::tuple_element_t<0, layers_type>;
        const T* in = x.data();
        if constexpr (!first::by_columns) {
            for (std::size_t i = 0; i < widest; ++i) buffer[0][i] = i < Net::input_size ? x[i] : T(0);
            in = buffer[0];
        }
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((std::get<K>(layers_).run(K == 0 ? in : buffer[K % 2], buffer[(K + 1) % 2])), ...);
        }(std::make_index_sequence<Net::layer_count>{});
        output y;
        for (std::size_t o = 0; o < Net::output_size; ++o) y[o] = buffer[Net::layer_count % 2][o];
        return y;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

    constexpr output forward_plain(const input& x) const noexcept {
        std::array<std::array<T, widest>, 2> buffer{};
        for (std::size_t i = 0; i < Net::input_size; ++i) buffer[0][i] = x[i];
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (std::get<K>(layers_).run_plain(buffer[K % 2].data(), buffer[(K + 1) % 2].data()), ...);
        }(std::make_index_sequence<Net::layer_count>{});
        output y{};
        for (std::size_t o = 0; o < Net::output_size; ++o) y[o] = buffer[Net::layer_count % 2][o];
        return y;
    }
};

}  // namespace constgrad::nn
