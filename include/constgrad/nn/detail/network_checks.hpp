// The argument checks of nn::network: one static_assert per misuse, each with a message that
// names it (the diagnostics table of docs/reference.md lists them). Each check returns whether
// the call may go on; network's public functions test them with `if constexpr`, which makes
// every compiler evaluate them at once (so the message is the first error) and skips the body
// after a failure (so no cascade of follow-up errors).
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../../expr/detail/fixed_string.hpp"
#include "../layer.hpp"
#include "../loss.hpp"
#include "../parameters.hpp"
#include "../sample.hpp"
#include "../stack_budget.hpp"
#include "network_sweeps.hpp"

namespace constgrad::nn {
template <detail::fixed_string Name, class L>
struct named;
}  // namespace constgrad::nn

namespace constgrad::detail {

// A layer's name for the uniqueness check at a network's declaration (nn/named.hpp's
// nn_name_of says the same with std::string_view; here char_view, which needs no
// <string_view> in every training translation unit).
template <class L>
struct nn_declared_name {
    static constexpr bool is_named = false;
    static constexpr char_view name{"", 0};
};
template <fixed_string Name, class L>
struct nn_declared_name<nn::named<Name, L>> {
    static constexpr bool is_named = true;
    static constexpr char_view name = Name.view();
};

template <class... Ls>
constexpr bool nn_declared_names_unique() noexcept {
    constexpr std::array<bool, sizeof...(Ls)> is_named{nn_declared_name<Ls>::is_named...};
    constexpr std::array<char_view, sizeof...(Ls)> names{nn_declared_name<Ls>::name...};
    for (std::size_t k = 0; k < sizeof...(Ls); ++k)
        for (std::size_t j = 0; j < k; ++j)
            if (is_named[j] && is_named[k] && names[j] == names[k]) return false;
    return true;
}

template <class X>
struct nn_array_traits {
    static constexpr bool is_array = false;
};
template <class U, std::size_t N>
struct nn_array_traits<std::array<U, N>> {
    static constexpr bool is_array = true;
    using value_type = U;
    static constexpr std::size_t size = N;
};

// One check per adjacent pair of layers, so that a compiler's notes name the two layers.
template <class Prev, class Next>
struct nn_link {
    static_assert(Prev::outputs == Next::inputs,
                  "constgrad::nn::network<Layers...>: a layer's input width must equal the "
                  "previous layer's output width");
    static constexpr bool ok = Prev::outputs == Next::inputs;
};

template <class... Ls, std::size_t... K>
constexpr bool nn_links_ok(std::index_sequence<K...>) {
    using list = std::tuple<Ls...>;
    return (nn_link<std::tuple_element_t<K, list>, std::tuple_element_t<K + 1, list>>::ok && ...);
}

// True when some layer is missing or not an nn::Layer: that is reported by its own message,
// and the widths of a non-layer mean nothing (no second, misleading error).
template <class... Ls>
constexpr bool nn_layers_chain() {
    if constexpr (sizeof...(Ls) == 0)
        return true;
    else if constexpr ((nn::Layer<Ls> && ...))
        return nn_links_ok<Ls...>(std::make_index_sequence<sizeof...(Ls) - 1>{});
    else
        return true;
}

// A loss split into its data part (elementwise or whole-output) and its regulariser (if any).
template <class L>
struct nn_loss_parts {
    static constexpr bool valid = nn::ElementwiseLoss<L> || nn::WholeOutputLoss<L>;
    static constexpr bool has_regularizer = false;
    using data_type = L;
    static constexpr const L& data(const L& l) noexcept { return l; }
};
template <class L, class R>
struct nn_loss_parts<nn::regularized<L, R>> {
    static constexpr bool valid = nn::ElementwiseLoss<L> || nn::WholeOutputLoss<L>;
    static constexpr bool has_regularizer = true;
    using data_type = L;
    static constexpr const L& data(const nn::regularized<L, R>& l) noexcept { return l.loss; }
};

// The width of a loss's target for a network of Out outputs: Out for an elementwise loss,
// what a whole-output loss says (1 for a class index) otherwise.
template <class L, std::size_t Out>
constexpr std::size_t nn_target_size() noexcept {
    using E = typename nn_loss_parts<L>::data_type;
    if constexpr (nn::WholeOutputLoss<E>)
        return E::template target_size<Out>;
    else
        return Out;
}

// The layer list of network<Ls...>: at least one layer; one message per layer that misses a
// requirement of nn::Layer, naming the requirement (nn_check_layer's own static_assert carries
// it); adjacent widths equal.
template <class... Ls>
constexpr bool nn_network_layers_ok() noexcept {
    static_assert(sizeof...(Ls) > 0,
                  "constgrad::nn::network<Layers...>: a network needs at least one layer");
    static_assert((nn_check_layer<Ls>() && ...));
    static_assert(nn_layers_chain<Ls...>(),
                  "constgrad::nn::network<Layers...>: a layer's input width must equal the "
                  "previous layer's output width");
    // At the declaration, not only at nn::layer<"name"> or state_dict_keys: a name is a
    // state-dict prefix, and two equal ones would load one layer's weights into both.
    static_assert(nn_declared_names_unique<Ls...>(),
                  "constgrad::nn::named: two layers of the network have the same name (a "
                  "state-dict prefix and nn::layer<\"name\"> need each name once)");
    return true;
}

// The checks of network<Ls...>'s calls, over the network's widths and types.
template <class... Ls>
struct nn_network_checks {
    static constexpr std::size_t input_size = std::tuple_element_t<0, std::tuple<Ls...>>::inputs;
    static constexpr std::size_t output_size =
        std::tuple_element_t<sizeof...(Ls) - 1, std::tuple<Ls...>>::outputs;
    template <class T>
    using parameters = nn::network_parameters<T, Ls...>;
    template <class T>
    using input = std::array<T, input_size>;
    template <class T>
    using output = std::array<T, output_size>;
    template <class T>
    using sample_type = nn::sample<T, input_size, output_size>;

    // True when a layer keeps buffers (batch norm): calls must then pass the network's buffers.
    static constexpr bool has_buffers = (nn::layer_has_buffers<Ls> || ...);

    template <class T>
    static constexpr bool ok_scalar() noexcept {
        static_assert(std::is_floating_point_v<T>,
                      "constgrad::nn: the scalar type of a network's parameters must be a "
                      "floating-point type (float, double or long double)");
        return std::is_floating_point_v<T>;
    }

    template <class T, class O>
    static constexpr bool ok_prediction() noexcept {
        static_assert(
            std::is_same_v<O, output<T>>,
            "constgrad::nn::network::accumulate_gradient: 'prediction' must be a std::array "
            "of the output width and the parameters' scalar type");
        return std::is_same_v<O, output<T>>;
    }

    template <class L>
    static constexpr bool ok_loss() noexcept {
        static_assert(
            nn_loss_parts<L>::valid,
            "constgrad::nn::network: 'loss' is not a loss (use nn::squared_error, nn::mse, "
            "nn::hinge, nn::loss(p, t, formula), nn::softmax_cross_entropy, "
            "nn::sparse_softmax_cross_entropy, nn::binary_cross_entropy_with_logits, a "
            "nn::WholeOutputLoss of your own, optionally + nn::l2{strength})");
        return nn_loss_parts<L>::valid;
    }

    // The parameters; unless BuffersGiven, also that the network has no buffers to pass.
    template <class P, bool BuffersGiven = false>
    static constexpr bool ok_parameters() noexcept {
        if constexpr (has_buffers && !BuffersGiven) {
            static_assert(BuffersGiven,
                          "constgrad::nn::network: a layer of this network keeps buffers (batch "
                          "norm's running statistics): pass the network's buffers<T> and a "
                          "nn::mode: forward(p, buffers, x) (eval), gradient_into(g, loss, p, "
                          "buffers, batch, workspace, mode)");
            return false;
        } else {
            return ok_parameters_only<P>();
        }
    }

    template <class P>
    static constexpr bool ok_parameters_only() noexcept {
        static_assert(nn::is_network_parameters_v<P>,
                      "constgrad::nn::network: expected this network's "
                      "parameters (network<...>::parameters<T>)");
        if constexpr (nn::is_network_parameters_v<P>) {
            static_assert(std::is_same_v<P, parameters<typename P::scalar_type>>,
                          "constgrad::nn::network: the parameters belong to another network (their "
                          "layers differ)");
            return std::is_same_v<P, parameters<typename P::scalar_type>>;
        } else {
            return false;
        }
    }

    template <class P>
    static constexpr bool ok_stack() noexcept {
        constexpr bool fits = sizeof(P) <= nn::stack_budget;
        static_assert(fits,
                      "constgrad::nn::network: this call keeps a gradient of the parameters' size "
                      "on the stack, and the parameters are larger than nn::stack_budget: pass a "
                      "caller-placed gradient buffer (gradient_into, or the overload of this call "
                      "that takes one)");
        return fits;
    }

    template <class P, class B>
    static constexpr bool ok_buffers() noexcept {
        constexpr bool same =
            std::is_same_v<B, std::tuple<nn::layer_buffers_t<Ls, typename P::scalar_type>...>>;
        static_assert(same, "constgrad::nn::network: expected this network's buffers "
                            "(network<...>::buffers<T>, T the parameters' scalar type)");
        return same;
    }

    template <class P, class W>
    static constexpr bool ok_workspace() noexcept {
        constexpr bool same = nn_is_whole_batch_workspace_of<W, typename P::scalar_type, Ls...>;
        static_assert(same, "constgrad::nn::network: expected this network's workspace<T, "
                            "MaxBatch>, T the parameters' scalar type");
        return same;
    }

    template <class P, class G>
    static constexpr bool ok_gradient() noexcept {
        static_assert(std::is_same_v<P, G>,
                      "constgrad::nn::network: the gradient buffer must have the parameters' type");
        return std::is_same_v<P, G>;
    }

    template <class P, class A, bool Input>
    static constexpr bool ok_array() noexcept {
        using traits = nn_array_traits<A>;
        if constexpr (!traits::is_array) {
            static_assert(!Input || traits::is_array, "constgrad::nn::network: the input must be a "
                                                      "std::array of the network's input width");
            static_assert(Input || traits::is_array, "constgrad::nn::network: the target must be a "
                                                     "std::array of the network's output width");
            return false;
        } else if constexpr (Input) {
            static_assert(
                traits::size == input_size,
                "constgrad::nn::network: the input's width differs from the network's input "
                "width (the first layer's In)");
            static_assert(traits::size != input_size ||
                              std::is_same_v<typename traits::value_type, typename P::scalar_type>,
                          "constgrad::nn::network: the input's scalar type differs from the "
                          "parameters' scalar type");
            return traits::size == input_size &&
                   std::is_same_v<typename traits::value_type, typename P::scalar_type>;
        } else {
            static_assert(
                traits::size == output_size,
                "constgrad::nn::network: the target's width differs from the network's output "
                "width (the last layer's Out)");
            static_assert(traits::size != output_size ||
                              std::is_same_v<typename traits::value_type, typename P::scalar_type>,
                          "constgrad::nn::network: the target's scalar type differs from the "
                          "parameters' scalar type");
            return traits::size == output_size &&
                   std::is_same_v<typename traits::value_type, typename P::scalar_type>;
        }
    }

    template <class P, class X>
    static constexpr bool ok_batch_input() noexcept {
        using T = typename P::scalar_type;
        constexpr bool ok = std::is_same_v<X, input<T>> || std::is_same_v<X, sample_type<T>>;
        static_assert(
            ok, "constgrad::nn::network::forward_batch: the inputs must be a span of std::array "
                "of the network's input width (or of nn::sample of its widths) and the "
                "parameters' scalar type");
        return ok;
    }

    template <class P, class Y>
    static constexpr bool ok_output_buffer() noexcept {
        constexpr bool same = std::is_same_v<Y, output<typename P::scalar_type>>;
        static_assert(same,
                      "constgrad::nn::network::forward_batch: the outputs must be a span of "
                      "std::array of the network's output width and the parameters' scalar type");
        return same;
    }

    template <class P, class X>
    static constexpr bool ok_input() noexcept {
        if constexpr (nn::is_network_parameters_v<P>)
            return ok_array<P, X, true>();
        else
            return false;
    }

    template <class L, class P, class X, class Y>
    static constexpr bool ok_sample() noexcept {
        if constexpr (!ok_loss<L>() || !ok_parameters<P>())
            return false;
        else if constexpr (!ok_array<P, X, true>())
            return false;
        else
            return ok_target<L, P, Y>();
    }

    // The target: an array of the output width, unless the loss takes a narrower one (a
    // class index: std::size_t or std::array<T, 1>).
    template <class L, class P, class Y>
    static constexpr bool ok_target() noexcept {
        constexpr std::size_t width = nn_target_size<L, output_size>();
        if constexpr (width == output_size) {
            return ok_array<P, Y, false>();
        } else {
            constexpr bool ok = std::is_same_v<Y, std::array<typename P::scalar_type, width>> ||
                                (width == 1 && std::is_same_v<Y, std::size_t>);
            static_assert(ok, "constgrad::nn::network: this loss takes a class index as the "
                              "target: a std::size_t, or a std::array<T, 1> of the parameters' "
                              "scalar type");
            return ok;
        }
    }

    template <class L, class P, class B>
    static constexpr bool ok_batch() noexcept {
        constexpr bool range = nn::dataset_traits<B>::valid;
        static_assert(
            range,
            "constgrad::nn::network: a batch must be a std::array or std::span of nn::sample");
        if constexpr (range) {
            using T = typename P::scalar_type;
            constexpr std::size_t width = nn_target_size<L, output_size>();
            using S = typename nn::dataset_traits<B>::sample_type;
            if constexpr (width == output_size) {
                constexpr bool same = std::is_same_v<S, sample_type<T>>;
                static_assert(
                    same, "constgrad::nn::network: the batch's samples must be nn::sample<T, input "
                          "width, output width> of the network's widths and the parameters' scalar "
                          "type");
                return same;
            } else {
                constexpr bool same = std::is_same_v<S, nn::sample<T, input_size, width>>;
                static_assert(
                    same,
                    "constgrad::nn::network: this loss takes a class index as the target: the "
                    "batch's samples must be nn::sample<T, input width, 1> holding the class in "
                    "y[0], of the parameters' scalar type");
                return same;
            }
        } else {
            return false;
        }
    }

    template <class L, class P, class B>
    static constexpr bool ok_batch_call() noexcept {
        if constexpr (!ok_loss<L>() || !ok_parameters<P>())
            return false;
        else
            return ok_batch<L, P, B>();
    }

    template <class P, class B>
    static constexpr bool ok_accuracy_batch() noexcept {
        static_assert(output_size > 1,
                      "constgrad::nn::network::accuracy: argmax accuracy needs two or more "
                      "outputs (for one output use fit's accuracy::sign or accuracy::threshold)");
        constexpr bool range = nn::dataset_traits<B>::valid;
        static_assert(
            range,
            "constgrad::nn::network: a batch must be a std::array or std::span of nn::sample");
        if constexpr (range && output_size > 1) {
            using T = typename P::scalar_type;
            using S = typename nn::dataset_traits<B>::sample_type;
            constexpr bool same = std::is_same_v<S, sample_type<T>> ||
                                  std::is_same_v<S, nn::sample<T, input_size, 1>>;
            static_assert(same,
                          "constgrad::nn::network::accuracy: the batch's samples must be "
                          "nn::sample<T, input width, output width> (one-hot or probabilities) "
                          "or nn::sample<T, input width, 1> (the class index), of the "
                          "parameters' scalar type");
            return same;
        } else {
            return false;
        }
    }
};

}  // namespace constgrad::detail
