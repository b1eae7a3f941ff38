// nn::network<Layers...>: layers composed L_k(...L_2(L_1(x))); forward, loss, gradient, init.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "detail/pack.hpp"
#include "../kernels/detail/packable.hpp"
#include "../kernels/pack.hpp"
#include "argmax.hpp"
#include "init.hpp"
#include "l2.hpp"
#include "layer.hpp"
#include "loss.hpp"
#include "detail/network_checks.hpp"
#include "detail/network_sweeps.hpp"
#include "parameters.hpp"
#include "rng.hpp"
#include "sample.hpp"
#include "seed.hpp"
#include "stack_budget.hpp"

namespace constgrad::detail {
// nn::fit's access to the whole-batch core of a network with buffers (nn/fit.hpp): the core
// takes the samples through an accessor, so that fit's shuffled index order needs no copy.
struct nn_network_access;
}  // namespace constgrad::detail

namespace constgrad::nn {

/// A feed-forward network: the layers Ls... applied in order, output = L_n(...L_1(x)).
/// The network is a type; its parameters are one value (`parameters<T>`, T = float or
/// double), and every operation is a static constexpr function: no allocation anywhere.
///
///     namespace nn = constgrad::nn;
///     using net = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>,
///                             nn::dense<16, 1>>;
///     auto p = net::init(nn::seed{42});                  // parameters<double>, Glorot uniform
///     auto out = net::forward(p, std::array{0.5, -1.0}); // std::array<double, 1>
///     auto g = net::gradient(nn::squared_error, p, std::array{0.5, -1.0}, std::array{1.0});
template <class... Ls>
class network {
    // The layer list: at least one layer, each an nn::Layer, adjacent widths equal (one
    // message per broken requirement, from nn/detail/network_checks.hpp).
    static_assert(detail::nn_network_layers_ok<Ls...>());

    using layer_list = std::tuple<Ls...>;
    // The argument checks of every call (nn/detail/network_checks.hpp).
    using checks = detail::nn_network_checks<Ls...>;

public:
    /// The K-th layer type (0-based).
    template <std::size_t K>
    using layer_type = std::tuple_element_t<K, layer_list>;

    static constexpr std::size_t layer_count = sizeof...(Ls);
    /// Width of the input (the first layer's In) and of the output (the last layer's Out).
    static constexpr std::size_t input_size = layer_type<0>::inputs;
    static constexpr std::size_t output_size = layer_type<layer_count - 1>::outputs;

    /// All parameters (and the gradient): see nn::network_parameters for the layout.
    template <class T>
    using parameters = network_parameters<T, Ls...>;
    template <class T>
    using input = std::array<T, input_size>;
    template <class T>
    using output = std::array<T, output_size>;
    /// One labelled example of this network's widths.
    template <class T>
    using sample_type = nn::sample<T, input_size, output_size>;

    /// Number of scalar parameters.
    static constexpr std::size_t parameter_count = (Ls::template parameters<double>::size + ...);

    /// Fresh parameters: weights drawn from `scheme` (Glorot uniform by default) with one
    /// nn::rng seeded by `s`, layer by layer, row by row; biases set to `scheme.bias` (0).
    template <class T = double, class Init = glorot_uniform>
    static constexpr parameters<T> init(seed s, const Init& scheme = {}) {
        static_assert(checks::template ok_scalar<T>());
        parameters<T> p{};
        init_layers(p, s, scheme);
        return p;
    }

    /// init in place: overwrites `p` with init<T>(s, scheme), bit for bit, without a
    /// parameters-sized temporary (for parameters placed in static storage or on the heap).
    ///
    ///     auto block = std::make_unique<net::parameters<double>>();
    ///     net::init_into(*block, nn::seed{42});
    template <class P, class Init = glorot_uniform>
    static constexpr void init_into(P& p, seed s, const Init& scheme = {}) {
        if constexpr (checks::template ok_parameters<P, true>()) {
            zero(p);
            init_layers(p, s, scheme);
        }
    }

    /// The network's output for input x.
    template <class P, class X>
    static constexpr auto forward(const P& p, const X& x) noexcept {
        if constexpr (checks::template ok_parameters<P>() && checks::template ok_input<P, X>())
            return forward_impl(p, x);
        else
            return output<double>{};
    }

    /// The outputs of a batch: ys[k] = forward(p, xs[k]) for every k (an audio buffer, a game
    /// tick's agents; xs holds inputs, or nn::sample whose x is taken), a block of
    /// batch_columns<T> samples at a time through matrix-matrix kernels at run time (a sample
    /// at a time during constant evaluation). Writes min(xs.size(), ys.size()) outputs and
    /// returns that count. Named for the batch so that it cannot be mistaken for
    /// running a sequence of frames through a stateful network.
    ///
    ///     std::vector<net::input<float>> xs(512);
    ///     std::vector<net::output<float>> ys(512);
    ///     net::forward_batch(p, std::span(xs), std::span(ys));
    template <class P, class X, std::size_t NX, class Y, std::size_t NY>
    static constexpr std::size_t forward_batch(const P& p, std::span<X, NX> xs, std::span<Y, NY> ys) noexcept {
        if constexpr (checks::template ok_parameters<P>() &&
                      checks::template ok_batch_input<P, std::remove_const_t<X>>() &&
                      checks::template ok_output_buffer<P, Y>()) {
            using T = typename P::scalar_type;
            const std::size_t count = xs.size() < ys.size() ? xs.size() : ys.size();
            if constexpr (kernels::detail::packable_v<T>) {
                if (!std::is_constant_evaluated()) {
                    constexpr std::size_t N = batch_columns<T>;
                    for (std::size_t start = 0; start < count; start += N) {
                        const std::size_t n = count - start < N ? count - start : N;
                        columns_trace<T, N> ys_block;
                        forward_columns_plain(p, gather_inputs<T, N>(xs.data() + start, n), ys_block);
                        const auto& out = detail::nn_get<layer_count - 1>(ys_block);
                        for (std::size_t j = 0; j < n; ++j)
                            for (std::size_t o = 0; o < output_size; ++o) ys[start + j][o] = out[o][j];
                    }
                    return count;
                }
            }
            for (std::size_t k = 0; k < count; ++k) ys[k] = forward_impl(p, input_part(xs[k]));
            return count;
        } else {
            return 0;
        }
    }

    /// Samples per block in forward_batch and the batch gradient: two packs of columns, at
    /// least 16 (kernels::gemm's register block is four rows by two packs).
    template <class T>
    static constexpr std::size_t batch_columns =
        2 * kernels::lanes<T> < 16 ? 16 : 2 * kernels::lanes<T>;

    /// The loss of one sample (x, y), including the regulariser if `loss` has one.
    template <class L, class P, class X, class Y>
    static constexpr auto loss(const L& loss, const P& p, const X& x, const Y& y) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>())
            return sample_loss(detail::nn_loss_parts<L>::data(loss), forward_impl(p, x), y) +
                   regularization(loss, p);
        else
            return 0.0;
    }

    /// The loss of a batch (a std::array or std::span of samples): sum or mean over samples
    /// and outputs as the loss's reduction says, plus the regulariser once.
    template <class L, class P, class B>
    static constexpr auto loss(const L& loss, const P& p, const B& batch) noexcept {
        if constexpr (checks::template ok_batch_call<L, P, B>()) {
            return batch_loss(loss, p, batch, [&](const auto& x) { return forward_impl(p, x); });
        } else {
            return 0.0;
        }
    }

    /// dLoss/dθ for one sample, in the parameters' shape (regulariser included). Returns a
    /// P: for large networks use gradient_into, which writes into a caller-placed P.
    template <class L, class P, class X, class Y>
    static constexpr P gradient(const L& loss, const P& p, const X& x, const Y& y) noexcept {
        P g{};
        if constexpr (checks::template ok_sample<L, P, X, Y>()) sample_gradient(loss, p, x, y, g);
        return g;
    }

    /// dLoss/dθ for one sample written into the caller's `g` (overwritten, not added to);
    /// returns the sample's loss (regulariser included). Keeps no parameter-sized object on
    /// the stack: g lives where the caller placed it.
    ///
    ///     net::gradient_into(*g, nn::squared_error, *params, x, y);
    ///     opt.step(*params, *g);
    template <class G, class L, class P, class X, class Y>
    static constexpr auto gradient_into(G& g, const L& loss, const P& p, const X& x,
                                        const Y& y) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>() &&
                      checks::template ok_gradient<P, G>()) {
            zero(g);
            return sample_gradient(loss, p, x, y, g);
        } else {
            return 0.0;
        }
    }

    /// One step of plain gradient descent on one sample, p -= rate * dLoss/dθ, fused with
    /// the reverse sweep: each layer's weights are updated as soon as their gradient is
    /// known, so no gradient is stored. The result equals `p -= rate * gradient(loss, p, x, y)`
    /// (optim::sgd::step) within rounding: at run time each weight moves by one fused
    /// multiply-add, so the two differ by at most one rounding of the update, |rate·g|·u, per
    /// parameter (during constant evaluation they agree bit for bit). Returns the sample's loss
    /// before the step. With a regulariser the gradient is formed first, then stepped.
    ///
    ///     net::descend(nn::squared_error, params, 0.05, x, y);
    template <class L, class P, class X, class Y>
    static constexpr auto descend(const L& loss, P& p, typename P::scalar_type rate, const X& x,
                                  const Y& y) noexcept {
        using T = typename P::scalar_type;
        if constexpr (checks::template ok_sample<L, P, X, Y>()) {
            if constexpr (detail::nn_loss_parts<L>::has_regularizer) {
                // The regulariser's gradient depends on every weight: form the gradient first.
                if constexpr (checks::template ok_stack<P>()) {
                    P g{};
                    return descend_through(loss, p, rate, x, y, g);
                } else {
                    return T{};
                }
            } else {
                trace<T> ys;
                caches<T> cs;
                output<T> dy;
                const T value = forward_and_loss_adjoint(loss, p, x, y, T(1), ys, cs, dy);
                input<T> unused;
                sweeps::template descend_from<layer_count - 1, false>(p, x, ys, cs, dy, rate, unused);
                return value;
            }
        } else {
            return T{};
        }
    }

    /// descend with a caller-placed gradient buffer, for regularised losses on large networks
    /// (a regulariser's gradient needs the whole gradient formed first: without a buffer it is
    /// formed on the stack). `gradient` is overwritten when `loss` has a regulariser and left
    /// alone otherwise; the step is the same as descend's.
    template <class L, class P, class X, class Y, class G>
    static constexpr auto descend(const L& loss, P& p, typename P::scalar_type rate, const X& x,
                                  const Y& y, G& gradient) noexcept {
        using T = typename P::scalar_type;
        if constexpr (checks::template ok_sample<L, P, X, Y>() &&
                      checks::template ok_gradient<P, G>()) {
            if constexpr (detail::nn_loss_parts<L>::has_regularizer)
                return descend_through(loss, p, rate, x, y, gradient);
            else
                return descend(loss, p, rate, x, y);
        } else {
            return T{};
        }
    }

    /// dLoss/dθ of a batch, reduced like its loss (sum or mean), regulariser added once.
    /// Returns a P: for large networks use gradient_into.
    template <class L, class P, class B>
    static constexpr P gradient(const L& loss, const P& p, const B& batch) noexcept {
        P g{};
        if constexpr (checks::template ok_batch_call<L, P, B>())
            batch_gradient_impl(loss, p, batch, g);
        return g;
    }

    /// The batch gradient written into the caller's `g` (overwritten); returns the batch's
    /// loss (regulariser included). The same as accumulate_batch_gradient(loss, p, batch, g),
    /// spelled like the per-sample gradient_into. Keeps no parameter-sized object on the
    /// stack; at run time it keeps one block of batch_columns<T> samples' activations there
    /// (docs/reference.md gives the bytes).
    ///
    ///     net::gradient_into(*g, nn::mse, *params, std::span(batch));
    ///     opt.step(*params, *g);
    template <class G, class L, class P, class B>
    static constexpr auto gradient_into(G& g, const L& loss, const P& p, const B& batch) noexcept {
        if constexpr (checks::template ok_batch_call<L, P, B>() &&
                      checks::template ok_gradient<P, G>())
            return batch_gradient_impl(loss, p, batch, g);
        else
            return 0.0;
    }

    /// The batch gradient's scratch for one block of batch_columns<T> samples: the block's
    /// inputs, and the activations, act' and adjoints of every layer, (In + 3·Σ widths) ×
    /// batch_columns<T> scalars (300,800 bytes for 784-256-256-10 in double). Without it the
    /// batch gradient keeps one on its stack; place it with the parameters to keep it off.
    template <class T>
    struct batch_workspace {
        std::array<std::array<T, batch_columns<T>>, input_size> x;
        detail::nn_pack_of<std::array<std::array<T, batch_columns<T>>, Ls::outputs>...> ys;
        detail::nn_pack_of<detail::nn_layer_block_cache_t<Ls, T, batch_columns<T>>...> dacts;
        detail::nn_pack_of<std::array<std::array<T, batch_columns<T>>, Ls::outputs>...> adjoints;
    };

    /// gradient_into for a batch with a caller-placed batch_workspace: the same gradient and
    /// loss, bit for bit; on the stack only what the layers' kernels keep (the first layer's
    /// transposed input, batch_columns<T> × In scalars).
    ///
    ///     net::gradient_into(m->gradient, nn::mse, m->params, std::span(batch), m->workspace);
    template <class G, class L, class P, class B>
    static constexpr auto gradient_into(G& g, const L& loss, const P& p, const B& batch,
                                        batch_workspace<typename P::scalar_type>& workspace) noexcept {
        if constexpr (checks::template ok_batch_call<L, P, B>() &&
                      checks::template ok_gradient<P, G>())
            return batch_gradient_impl(loss, p, batch, g, &workspace);
        else
            return 0.0;
    }

    /// Overwrites g with the batch gradient; returns the batch's loss (regulariser included).
    template <class L, class P, class B, class G>
    static constexpr auto accumulate_batch_gradient(const L& loss, const P& p, const B& batch,
                                                    G& g) noexcept {
        if constexpr (checks::template ok_batch_call<L, P, B>() &&
                      checks::template ok_gradient<P, G>())
            return batch_gradient_impl(loss, p, batch, g);
        else
            return 0.0;
    }

    /// Adds scale * dLoss/dθ of one sample's data loss (no regulariser) to g and returns that
    /// sample's data loss; if given, also writes the network's output for x to `prediction`
    /// (the training helper counts correct answers with it, without a second forward pass).
    template <class L, class P, class X, class Y, class G, class S>
    static constexpr auto accumulate_gradient(const L& loss, const P& p, const X& x, const Y& y,
                                              G& g, S scale) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>() &&
                      checks::template ok_gradient<P, G>()) {
            output<typename P::scalar_type> prediction{};
            return accumulate_gradient(loss, p, x, y, g, scale, prediction);
        } else {
            return 0.0;
        }
    }

    template <class L, class P, class X, class Y, class G, class S, class O>
    static constexpr auto accumulate_gradient(const L& loss, const P& p, const X& x, const Y& y,
                                              G& g, S scale, O& prediction) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>() &&
                      checks::template ok_gradient<P, G>()) {
            using T = typename P::scalar_type;
            static_assert(checks::template ok_prediction<T, O>());
            input<T> unused{};
            return backpropagate<false>(detail::nn_loss_parts<L>::data(loss), p, x, y, g, unused,
                                        static_cast<T>(scale), prediction);
        } else {
            return 0.0;
        }
    }

    /// Adds the regulariser's gradient (if `loss` has one) to g and returns its value: what
    /// a batch adds once after its samples.
    template <class L, class P, class G>
    static constexpr auto regularize(const L& loss, const P& p, G& g) noexcept {
        if constexpr (checks::template ok_loss<L>() && checks::template ok_parameters<P, true>() &&
                      checks::template ok_gradient<P, G>()) {
            add_regularization_gradient(loss, p, g);
            return regularization(loss, p);
        } else {
            return 0.0;
        }
    }

    /// The factor a loss's reduction applies to a batch of n samples: 1 for sum, 1/n for mean.
    template <class L, class T = double>
    static constexpr T batch_scale(const L& loss, std::size_t n) noexcept {
        if constexpr (checks::template ok_loss<L>()) {
            if (detail::nn_loss_parts<L>::data(loss).reduce == reduction::mean)
                return n == 0 ? T(0) : T(1) / static_cast<T>(n);
        }
        return T(1);
    }

    /// dLoss/dx: the gradient with respect to the input of one sample (for checks,
    /// saliency, adversarial inputs); the training functions never compute it.
    template <class L, class P, class X, class Y>
    static constexpr auto input_gradient(const L& loss, const P& p, const X& x,
                                         const Y& y) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>()) {
            if constexpr (checks::template ok_stack<P>()) {
                P g{};  // the layers' reverse sweep adds the weights' gradient too
                return input_gradient(loss, p, x, y, g);
            } else {
                return input<typename P::scalar_type>{};
            }
        } else {
            return input<double>{};
        }
    }

    /// input_gradient with a caller-placed scratch buffer for the weights' gradient (which
    /// the reverse sweep computes on the way; it is overwritten and not meaningful after):
    /// for networks whose parameters exceed nn::stack_budget.
    template <class L, class P, class X, class Y, class G>
    static constexpr auto input_gradient(const L& loss, const P& p, const X& x, const Y& y,
                                         G& scratch) noexcept {
        if constexpr (checks::template ok_sample<L, P, X, Y>() &&
                      checks::template ok_gradient<P, G>()) {
            using T = typename P::scalar_type;
            zero(scratch);
            input<T> dx{};
            output<T> prediction{};
            backpropagate<true>(detail::nn_loss_parts<L>::data(loss), p, x, y, scratch, dx, T(1),
                                prediction);
            return dx;
        } else {
            return input<double>{};
        }
    }

    /// The Jacobian of the output with respect to the input at x: J[o][i] = d output_o / d x_i
    /// (std::array<std::array<T, input_size>, output_size>). One recording forward pass, then
    /// one reverse sweep per output (seeded with the unit vector e_o) reusing its caches:
    /// output_size reverse sweeps. Reverse rather than forward mode because reverse is what
    /// every layer provides (nn::Layer has no tangent sweep), and networks usually have fewer
    /// outputs than inputs. constexpr. The sweeps also add the weights' gradient into a
    /// parameters-sized scratch on the stack (the overload below takes a caller-placed one).
    ///
    ///     auto J = net::input_jacobian(p, std::array{0.5, -1.0});   // J[0][1] = dy0/dx1
    template <class P, class X>
    static constexpr auto input_jacobian(const P& p, const X& x) noexcept {
        if constexpr (checks::template ok_parameters<P>() && checks::template ok_input<P, X>()) {
            using T = typename P::scalar_type;
            if constexpr (checks::template ok_stack<P>()) {
                P scratch{};
                return jacobian_impl(p, x, scratch);
            } else {
                return jacobian<T>{};
            }
        } else {
            return jacobian<double>{};
        }
    }

    /// input_jacobian with a caller-placed scratch for the weights' gradient (overwritten, not
    /// meaningful after): for networks whose parameters exceed nn::stack_budget.
    template <class P, class X, class G>
    static constexpr auto input_jacobian(const P& p, const X& x, G& scratch) noexcept {
        if constexpr (checks::template ok_parameters<P>() && checks::template ok_input<P, X>() &&
                      checks::template ok_gradient<P, G>())
            return jacobian_impl(p, x, scratch);
        else
            return jacobian<double>{};
    }

    /// The type input_jacobian returns: output_size rows of input_size.
    template <class T>
    using jacobian = std::array<std::array<T, input_size>, output_size>;

    /// The fraction of a batch (a std::array or std::span of samples) that the network
    /// classifies right: argmax of the output against the sample's class, which is its y[0]
    /// when y is one wide (a class index, as nn::sparse_softmax_cross_entropy takes) and the
    /// argmax of y when y has the output's width (one-hot or probabilities). 0 for an empty
    /// batch. For a network of one output use fit's accuracy::sign or accuracy::threshold.
    ///
    ///     double acc = net::accuracy(params, data);
    template <class P, class B>
    static constexpr double accuracy(const P& p, const B& batch) noexcept {
        if constexpr (checks::template ok_parameters<P>() &&
                      checks::template ok_accuracy_batch<P, B>()) {
            std::size_t right = 0;
            for (const auto& s : batch) {
                const std::size_t predicted = argmax(forward_impl(p, s.x));
                if constexpr (std::tuple_size_v<std::remove_cvref_t<decltype(s.y)>> == 1)
                    right += s.y[0] >= 0 && static_cast<std::size_t>(s.y[0]) == predicted;
                else
                    right += argmax(s.y) == predicted;
            }
            return batch.size() == 0
                       ? 0.0
                       : static_cast<double>(right) / static_cast<double>(batch.size());
        } else {
            return 0.0;
        }
    }

    // ---- layers with buffers (batch norm): the whole batch at once ----

    /// True when a layer keeps non-trainable buffers (nn::layer_has_buffers: batch norm's
    /// running statistics). Such a network is run by the calls below, which take its buffers;
    /// the calls without them stop with a static_assert saying so.
    static constexpr bool has_buffers = checks::has_buffers;

    /// Every layer's buffers, in layer order (nn::no_buffers for a layer without):
    /// `std::get<K>(b)` is layer K's. `{}` is fresh (batch norm: mean 0, variance 1). Not
    /// trainable: optimizers, l2, zip and the gradient never touch them.
    template <class T>
    using buffers = std::tuple<layer_buffers_t<Ls, T>...>;

    /// The scratch of the whole-batch gradient for up to MaxBatch samples: the inputs and every
    /// layer's outputs, caches and adjoints, (In + 2·Σ widths + caches) × MaxBatch scalars.
    /// Place it once (static storage or one allocation at start-up), as the parameters.
    template <class T, std::size_t MaxBatch>
    using workspace = detail::nn_whole_batch_workspace<T, MaxBatch, Ls...>;

    /// The fewest samples a mode::train batch may hold: 2 with a batch norm (one sample has
    /// no variance; PyTorch raises "Expected more than 1 value per channel when training").
    static constexpr std::size_t min_train_batch = [] {
        std::size_t most = 1;
        ((most = layer_min_train_batch<Ls> > most ? layer_min_train_batch<Ls> : most), ...);
        return most;
    }();

    /// The network's output for one input in eval mode: layers with buffers use their running
    /// statistics (batch norm: gamma (x - running mean) / sqrt(running var + eps) + beta).
    /// Works for every network (a buffer-free network ignores b, of nn::no_buffers).
    ///
    ///     auto y = net::forward(p, b, x);  // b: net::buffers<double>
    template <class P, class Bf, class X>
    static constexpr auto forward(const P& p, const Bf& b, const X& x) noexcept {
        if constexpr (checks::template ok_parameters<P, true>() && checks::template ok_input<P, X>() &&
                      checks::template ok_buffers<P, Bf>())
            return forward_buffered(p, b, x);
        else
            return output<double>{};
    }

    /// The gradient of a batch's loss (reduced like the loss: sum or mean; regulariser added
    /// once) written into g (overwritten), the whole batch through every layer at once: a
    /// layer with buffers sees all the samples (in mode::train batch norm normalises with the
    /// batch's statistics, updates its running statistics in b, and its gradient is not a sum
    /// of per-sample gradients); the other layers run sample by sample. mode::eval uses the
    /// running statistics and leaves b alone. Returns the batch's loss, or NaN (nothing done,
    /// g and b untouched) when the batch is empty, larger than MaxBatch, or in mode::train
    /// smaller than min_train_batch. Allocates nothing; the stack holds one layer's input.
    ///
    ///     static net::workspace<double, 64> ws;
    ///     auto b = net::buffers<double>{};
    ///     double loss = net::gradient_into(g, nn::mse, p, b, std::span(batch), ws, nn::mode::train);
    ///     opt.step(p, g);
    template <class G, class L, class P, class Bf, class B, class W>
    static constexpr auto gradient_into(G& g, const L& loss, const P& p, Bf& b, const B& batch,
                                        W& workspace, mode m) noexcept {
        if constexpr (checks::template ok_loss<L>() && checks::template ok_parameters<P, true>() &&
                      checks::template ok_batch<L, P, B>() && checks::template ok_gradient<P, G>() &&
                      checks::template ok_buffers<P, Bf>() && checks::template ok_workspace<P, W>())
            return whole_batch_gradient(loss, p, b, batch, g, workspace, m);
        else
            return 0.0;
    }

    /// The loss of a batch in eval mode (the running statistics normalise; b is not
    /// changed): sum or mean over samples and outputs as the loss says, plus the regulariser
    /// once. The evaluation counterpart of the mode::train gradient_into; any network.
    ///
    ///     double test_loss = net::eval_loss(nn::mse, p, b, std::span(test_set));
    template <class L, class P, class Bf, class B>
    static constexpr auto eval_loss(const L& loss, const P& p, const Bf& b, const B& batch) noexcept {
        if constexpr (checks::template ok_loss<L>() && checks::template ok_parameters<P, true>() &&
                      checks::template ok_batch<L, P, B>() && checks::template ok_buffers<P, Bf>()) {
            return batch_loss(loss, p, batch, [&](const auto& x) { return forward_buffered(p, b, x); });
        } else {
            return 0.0;
        }
    }

    /// One optimizer step on one batch in mode::train: gradient_into(g, loss, p, b, batch,
    /// workspace, mode::train) (b's running statistics move), then optimizer.step(p, g).
    /// Returns the batch's loss before the step; NaN, and no step, when gradient_into refuses
    /// the batch (empty, larger than MaxBatch, smaller than min_train_batch). g, b and the
    /// workspace live where the caller placed them; nothing parameter-sized on the stack.
    ///
    ///     double loss = net::train_step(opt, g, nn::mse, p, b, std::span(batch), ws);
    template <class O, class G, class L, class P, class Bf, class B, class W>
    static constexpr auto train_step(O& optimizer, G& g, const L& loss, P& p, Bf& b, const B& batch,
                                     W& workspace) noexcept(noexcept(optimizer.step(p, g))) {
        if constexpr (checks::template ok_loss<L>() && checks::template ok_parameters<P, true>() &&
                      checks::template ok_batch<L, P, B>() && checks::template ok_gradient<P, G>() &&
                      checks::template ok_buffers<P, Bf>() && checks::template ok_workspace<P, W>()) {
            const auto value = whole_batch_gradient(loss, std::as_const(p), b, batch, g, workspace, mode::train);
            if (value == value) optimizer.step(p, g);  // not NaN: the batch was taken
            return value;
        } else {
            return 0.0;
        }
    }

private:
    friend struct detail::nn_network_access;
    // Σ sample_loss(forward(x), y) over the batch, reduced as the loss says (sum or mean), plus
    // the regulariser once: loss() with the plain forward pass, eval_loss() with the buffers'.
    template <class L, class P, class B, class Forward>
    static constexpr auto batch_loss(const L& loss, const P& p, const B& batch, const Forward& forward) noexcept {
        using T = typename P::scalar_type;
        T total{};
        for (const auto& s : batch) total += sample_loss(detail::nn_loss_parts<L>::data(loss), forward(s.x), s.y);
        return total * batch_scale<L, T>(loss, batch.size()) + regularization(loss, p);
    }

    using sweeps = detail::nn_chain_sweeps<Ls...>;
    template <class T>
    using trace = typename sweeps::template trace<T>;
    template <class T>
    using caches = typename sweeps::template caches<T>;

    template <class T>
    static constexpr jacobian<T> jacobian_impl(const parameters<T>& p, const input<T>& x,
                                               parameters<T>& scratch) noexcept {
        trace<T> ys;  // written by the forward sweep before it is read
        caches<T> cs;
        sweeps::forward_recording(p, x, ys, cs);
        jacobian<T> J{};
        for (std::size_t o = 0; o < output_size; ++o) {
            output<T> dy{};
            dy[o] = T(1);
            sweeps::template backward_from<layer_count - 1, true>(p, x, ys, cs, dy, scratch, J[o]);
        }
        return J;
    }

    template <class T, class Init>
    static constexpr void init_layers(parameters<T>& p, seed s, const Init& scheme) {
        rng r{s};
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (init_layer<layer_type<K>>(r, scheme, p.template layer<K>()), ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    // One layer's init; a layer with buffers also sets fresh ones, which are dropped here (the
    // caller's buffers<T>{} are fresh).
    template <class L, class T, class Init>
    static constexpr void init_layer(rng& r, const Init& scheme, typename L::template parameters<T>& p) {
        if constexpr (layer_has_buffers<L>) {
            layer_buffers_t<L, T> unused{};
            L::template init<T>(r, scheme, p, unused);
        } else {
            L::template init<T>(r, scheme, p);
        }
    }

    // g = 0 in place: `g = parameters<T>{}` may build the zero value as a temporary on the
    // stack first (it does without optimisation), which a large network cannot afford.
    template <class T>
    static constexpr void zero(parameters<T>& g) noexcept {
        parameters<T>::zip([](T& v) { v = T(0); }, g);
    }

    // descend for a regularised loss: the whole gradient into g, then p -= rate * g.
    template <class L, class T, class Y>
    static constexpr T descend_through(const L& loss, parameters<T>& p, T rate, const input<T>& x,
                                       const Y& y, parameters<T>& g) noexcept {
        zero(g);
        const T value = sample_gradient(loss, p, x, y, g);
        parameters<T>::zip([rate](T& w, const T& d) { w -= rate * d; }, p, g);
        return value;
    }

    template <class T>
    static constexpr output<T> forward_impl(const parameters<T>& p, const input<T>& x) noexcept {
        trace<T> y;  // written layer by layer before it is read
        sweeps::forward(p, x, y);
        return detail::nn_get<layer_count - 1>(y);
    }

    template <class L, class T, class B>
    static constexpr T batch_gradient_impl(const L& loss, const parameters<T>& p, const B& batch,
                                           parameters<T>& g,
                                           batch_workspace<T>* workspace = nullptr) noexcept {
        zero(g);
        const T scale = batch_scale<L, T>(loss, batch.size());
        T total{};
        if constexpr (kernels::detail::packable_v<T>) {
            if (!std::is_constant_evaluated() && batch.size() > 1) {
                total = workspace != nullptr
                            ? batch_blocks(detail::nn_loss_parts<L>::data(loss), p, batch, scale, g,
                                           *workspace)
                            : batch_blocks_on_stack(detail::nn_loss_parts<L>::data(loss), p, batch,
                                                    scale, g);
                add_regularization_gradient(loss, p, g);
                return total * scale + regularization(loss, p);
            }
        }
        input<T> unused{};
        output<T> prediction{};
        for (const auto& s : batch)
            total += backpropagate<false>(detail::nn_loss_parts<L>::data(loss), p, s.x, s.y, g,
                                          unused, scale, prediction);
        add_regularization_gradient(loss, p, g);
        return total * scale + regularization(loss, p);
    }

    // ---- batches: blocks of N samples, feature-major (see dense::forward_columns) ----

    template <class T, std::size_t N>
    using columns_trace = detail::nn_pack_of<std::array<std::array<T, N>, Ls::outputs>...>;
    template <class T, std::size_t N>
    using columns_caches = detail::nn_pack_of<detail::nn_layer_block_cache_t<Ls, T, N>...>;
    template <class T, std::size_t N>
    using input_columns = std::array<std::array<T, N>, input_size>;

    // Up to N inputs, feature-major; the columns past n are zero (their outputs are computed
    // and dropped; in the gradient their loss adjoint is zero, so they add nothing).
    template <class T, std::size_t N, class X>
    static input_columns<T, N> gather_inputs(const X* xs, std::size_t n) noexcept {
        input_columns<T, N> x{};
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < input_size; ++i) x[i][j] = input_part(xs[j])[i];
        return x;
    }
    template <class X>
    static constexpr const auto& input_part(const X& item) noexcept {
        if constexpr (detail::nn_array_traits<X>::is_array)
            return item;
        else
            return item.x;  // an nn::sample
    }

    template <class T, std::size_t N>
    static void forward_columns(const parameters<T>& p, const input_columns<T, N>& x,
                                columns_trace<T, N>& ys, columns_caches<T, N>& dacts) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (detail::nn_layer_forward_columns<true, layer_type<K>>(
                 p.template layer<K>(), input_of<K>(x, ys), detail::nn_get<K>(ys), detail::nn_get<K>(dacts)),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }
    template <class T, std::size_t N>
    static void forward_columns_plain(const parameters<T>& p, const input_columns<T, N>& x,
                                      columns_trace<T, N>& ys) noexcept {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (detail::nn_layer_forward_columns_plain<layer_type<K>>(p.template layer<K>(), input_of<K>(x, ys),
                                                                    detail::nn_get<K>(ys)),
             ...);
        }
        (std::index_sequence_for<Ls...>{});
    }

    // The blocks of a batch through one workspace; returns the sum of their losses.
    template <class E, class T, class B>
    static T batch_blocks(const E& loss, const parameters<T>& p, const B& batch, T scale,
                          parameters<T>& g, batch_workspace<T>& workspace) noexcept {
        T total{};
        for (std::size_t start = 0; start < batch.size(); start += batch_columns<T>)
            total += block_gradient(loss, p, batch.data() + start, batch.size() - start, scale, g,
                                    workspace);
        return total;
    }
    template <class E, class T, class B>
    static T batch_blocks_on_stack(const E& loss, const parameters<T>& p, const B& batch, T scale,
                                   parameters<T>& g) noexcept {
        batch_workspace<T> workspace;  // every element is written before it is read
        return batch_blocks(loss, p, batch, scale, g, workspace);
    }

    // Up to N inputs into x, feature-major; the columns past n are set to zero.
    template <class T, std::size_t N, class X>
    static void gather_into(input_columns<T, N>& x, const X* xs, std::size_t n) noexcept {
        for (std::size_t i = 0; i < input_size; ++i) {
            for (std::size_t j = 0; j < n; ++j) x[i][j] = input_part(xs[j])[i];
            for (std::size_t j = n; j < N; ++j) x[i][j] = T(0);
        }
    }

    // One block of min(N, available) samples of a batch: adds scale * their data-loss gradient
    // to g and returns the sum of their losses.
    template <class E, class T, class S>
    static T block_gradient(const E& loss, const parameters<T>& p, const S* samples, std::size_t available,
                            T scale, parameters<T>& g, batch_workspace<T>& workspace) noexcept {
        constexpr std::size_t N = batch_columns<T>;
        const std::size_t n = available < N ? available : N;
        gather_into<T, N>(workspace.x, samples, n);
        const input_columns<T, N>& x = workspace.x;
        columns_trace<T, N>& ys = workspace.ys;
        columns_caches<T, N>& dacts = workspace.dacts;
        forward_columns(p, x, ys, dacts);
        // dLoss/d(output of layer k), written before it is read
        columns_trace<T, N>& adjoints = workspace.adjoints;
        auto& dy = detail::nn_get<layer_count - 1>(adjoints);
        const auto& prediction = detail::nn_get<layer_count - 1>(ys);
        if constexpr (WholeOutputLoss<E>) {
            // A sample's logits are a column: gathered, the loss's reverse rule, scattered.
            T value{};
            for (std::size_t j = 0; j < n; ++j) {
                output<T> z, dz;
                for (std::size_t o = 0; o < output_size; ++o) z[o] = prediction[o][j];
                value += loss.value_and_gradient(z, samples[j].y, dz);
                for (std::size_t o = 0; o < output_size; ++o) dy[o][j] = scale * dz[o];
            }
            for (std::size_t o = 0; o < output_size; ++o)
                for (std::size_t j = n; j < N; ++j) dy[o][j] = T(0);
            backward_columns_from<layer_count - 1>(p, x, ys, dacts, adjoints, g);
            return value;
        } else {
            const T per_output = output_scale<T>(loss);
            T value{};
            for (std::size_t o = 0; o < output_size; ++o) {
                for (std::size_t j = 0; j < n; ++j) {
                    T v{}, d{};
                    loss.template value_and_derivative<T>(prediction[o][j], samples[j].y[o], v, d);
                    value += v;
                    dy[o][j] = scale * per_output * d;
                }
                for (std::size_t j = n; j < N; ++j) dy[o][j] = T(0);
            }
            backward_columns_from<layer_count - 1>(p, x, ys, dacts, adjoints, g);
            return value * per_output;
        }
    }

    template <std::size_t K, class T, std::size_t N>
    static void backward_columns_from(const parameters<T>& p, const input_columns<T, N>& x,
                                      const columns_trace<T, N>& ys, const columns_caches<T, N>& dacts,
                                      columns_trace<T, N>& adjoints, parameters<T>& g) noexcept {
        using L = layer_type<K>;
        if constexpr (K == 0) {
            // The first layer takes no input gradient.
            detail::nn_layer_backward_columns<false, L>(p.template layer<0>(), x, detail::nn_get<0>(dacts),
                                                         detail::nn_get<0>(adjoints), g.template layer<0>(),
                                                         static_cast<input_columns<T, N>*>(nullptr));
        } else {
            detail::nn_layer_backward_columns<true, L>(p.template layer<K>(), detail::nn_get<K - 1>(ys),
                                                        detail::nn_get<K>(dacts), detail::nn_get<K>(adjoints),
                                                        g.template layer<K>(), &detail::nn_get<K - 1>(adjoints));
            backward_columns_from<K - 1>(p, x, ys, dacts, adjoints, g);
        }
    }

    // ---- whole batches (networks with buffers) ----

    template <class T>
    static constexpr output<T> forward_buffered(const parameters<T>& p, const buffers<T>& b,
                                                const input<T>& x) noexcept {
        trace<T> ys;  // written layer by layer before it is read
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (forward_eval_layer<K>(p, b, input_of<K>(x, ys), detail::nn_get<K>(ys)), ...);
        }
        (std::index_sequence_for<Ls...>{});
        return detail::nn_get<layer_count - 1>(ys);
    }

    template <std::size_t K, class T>
    static constexpr void forward_eval_layer(const parameters<T>& p, const buffers<T>& b,
                                             const std::array<T, layer_type<K>::inputs>& x,
                                             std::array<T, layer_type<K>::outputs>& y) noexcept {
        if constexpr (layer_has_buffers<layer_type<K>>)
            layer_type<K>::forward(p.template layer<K>(), std::get<K>(b), x, y);
        else
            layer_type<K>::forward(p.template layer<K>(), x, y);
    }

    template <class L, class T, class B, std::size_t N>
    static constexpr T whole_batch_gradient(const L& loss, const parameters<T>& p, buffers<T>& b,
                                            const B& batch, parameters<T>& g, workspace<T, N>& ws,
                                            mode m) noexcept {
        const std::size_t n = batch.size();
        if (n == 0 || n > N || (m == mode::train && n < min_train_batch))
            return std::numeric_limits<T>::quiet_NaN();
        zero(g);
        const T scale = batch_scale<L, T>(loss, n);
        const T total = whole_batch_core(loss, p, b, n,
                                         [&](std::size_t j) -> const auto& { return batch[j]; },
                                         scale, g, ws, m);
        add_regularization_gradient(loss, p, g);
        return total * scale + regularization(loss, p);
    }

    // The whole batch of n samples (sample(j) is the j-th; 0 < n <= N, and n >=
    // min_train_batch in mode::train: the caller checked) through every layer: adds scale ·
    // dLoss/dθ of the data loss to g and returns the sum of the samples' data losses. The
    // outputs stay in ws.ys (nn::fit counts its accuracy on them).
    template <class L, class T, class Get, std::size_t N>
    static constexpr T whole_batch_core(const L& loss, const parameters<T>& p, buffers<T>& b,
                                        std::size_t n, const Get& sample, T scale, parameters<T>& g,
                                        workspace<T, N>& ws, mode m) noexcept {
        for (std::size_t j = 0; j < n; ++j) ws.x[j] = sample(j).x;
        forward_whole<0>(p, b, n, ws, m);
        const auto& prediction = detail::nn_get<layer_count - 1>(ws.ys);
        auto& dy = detail::nn_get<layer_count - 1>(ws.adjoints);
        T total{};
        for (std::size_t j = 0; j < n; ++j)
            total += loss_adjoint(detail::nn_loss_parts<L>::data(loss), prediction[j], sample(j).y, scale,
                                  dy[j]);
        backward_whole<layer_count - 1>(p, b, n, ws, g);
        return total;
    }

    template <std::size_t K, class T, std::size_t N>
    static constexpr void forward_whole(const parameters<T>& p, buffers<T>& b, std::size_t n,
                                        workspace<T, N>& ws, mode m) noexcept {
        detail::nn_layer_forward_whole<layer_type<K>, T, N>(
            p.template layer<K>(), std::get<K>(b), input_of<K>(ws.x, ws.ys), detail::nn_get<K>(ws.ys),
            detail::nn_get<K>(ws.caches), n, m);
        if constexpr (K + 1 < layer_count) forward_whole<K + 1>(p, b, n, ws, m);
    }

    template <std::size_t K, class T, std::size_t N>
    static constexpr void backward_whole(const parameters<T>& p, const buffers<T>& b, std::size_t n,
                                         workspace<T, N>& ws, parameters<T>& g) noexcept {
        using Lk = layer_type<K>;
        if constexpr (K == 0) {
            detail::nn_layer_backward_whole<false, Lk, T, N>(
                p.template layer<0>(), std::get<0>(b), ws.x, detail::nn_get<0>(ws.caches),
                detail::nn_get<0>(ws.adjoints), n, g.template layer<0>(),
                static_cast<detail::nn_samples<T, input_size, N>*>(nullptr));
        } else {
            detail::nn_layer_backward_whole<true, Lk, T, N>(
                p.template layer<K>(), std::get<K>(b), detail::nn_get<K - 1>(ws.ys),
                detail::nn_get<K>(ws.caches), detail::nn_get<K>(ws.adjoints), n, g.template layer<K>(),
                &detail::nn_get<K - 1>(ws.adjoints));
            backward_whole<K - 1>(p, b, n, ws, g);
        }
    }

    // One sample's loss and dLoss/dprediction times scale (into dy).
    template <class E, class T, class Y>
    static constexpr T loss_adjoint(const E& loss, const output<T>& prediction, const Y& y, T scale,
                                    output<T>& dy) noexcept {
        if constexpr (WholeOutputLoss<E>) {
            const T value = loss.value_and_gradient(prediction, target_array<T>(y), dy);
            for (std::size_t k = 0; k < output_size; ++k) dy[k] *= scale;
            return value;
        } else {
            const T per_output = output_scale<T>(loss);
            T value{};
            for (std::size_t k = 0; k < output_size; ++k) {
                T v{}, d{};
                loss.template value_and_derivative<T>(prediction[k], y[k], v, d);
                value += v;
                dy[k] = scale * per_output * d;
            }
            return value * per_output;
        }
    }

    template <std::size_t K, class X, class Y>
    static constexpr const auto& input_of(const X& x, const Y& ys) noexcept {
        if constexpr (K == 0)
            return x;
        else
            return detail::nn_get<K - 1>(ys);
    }

    // One sample's gradient (regulariser included) into the zeroed g; returns its loss.
    template <class L, class T, class Y>
    static constexpr T sample_gradient(const L& loss, const parameters<T>& p, const input<T>& x,
                                       const Y& y, parameters<T>& g) noexcept {
        input<T> unused{};
        output<T> prediction{};
        const T value = backpropagate<false>(detail::nn_loss_parts<L>::data(loss), p, x, y, g,
                                             unused, T(1), prediction);
        add_regularization_gradient(loss, p, g);
        return value + regularization(loss, p);
    }

    // Forward sweep recording act' per layer, loss derivative, reverse sweep layer by layer.
    template <bool NeedInput, class E, class T, class Y>
    static constexpr T backpropagate(const E& loss, const parameters<T>& p, const input<T>& x,
                                     const Y& y, parameters<T>& g, input<T>& dx, T scale,
                                     output<T>& prediction) noexcept {
        // Not value-initialised: every element is written before it is read (the forward
        // sweep fills them layer by layer), and zeroing ~2 x width scalars per sample is
        // measurable next to a 16-wide layer.
        trace<T> ys;
        caches<T> cs;
        output<T> dy;
        const T value = forward_and_loss_adjoint(loss, p, x, y, scale, ys, cs, dy);
        prediction = detail::nn_get<layer_count - 1>(ys);
        sweeps::template backward_from<layer_count - 1, NeedInput>(p, x, ys, cs, dy, g, dx);
        return value;
    }

    // The forward sweep (recording act' per layer into dacts) and the loss: returns the
    // sample's loss and writes dLoss/dprediction, times scale, to dy.
    template <class E, class T, class Y>
    static constexpr T forward_and_loss_adjoint(const E& loss, const parameters<T>& p,
                                                const input<T>& x, const Y& y, T scale,
                                                trace<T>& ys, caches<T>& cs,
                                                output<T>& dy) noexcept {
        sweeps::forward_recording(p, x, ys, cs);
        return loss_adjoint(loss, detail::nn_get<layer_count - 1>(ys), y, scale, dy);
    }

    // A target as the loss reads it: a class index given as std::size_t becomes the
    // std::array<T, 1> holding it; arrays are passed through.
    template <class T, class Y>
    static constexpr decltype(auto) target_array(const Y& y) noexcept {
        if constexpr (std::is_same_v<Y, std::size_t>)
            return std::array<T, 1>{static_cast<T>(y)};
        else
            return (y);
    }

    template <class T, class E>
    static constexpr T output_scale(const E& loss) noexcept {
        return loss.reduce == reduction::mean ? T(1) / T(output_size) : T(1);
    }

    template <class E, class T, class Y>
    static constexpr T sample_loss(const E& loss, const output<T>& prediction,
                                   const Y& y) noexcept {
        if constexpr (WholeOutputLoss<E>) {
            return loss.value(prediction, target_array<T>(y));
        } else {
            T value{};
            for (std::size_t k = 0; k < output_size; ++k)
                value += loss.template value<T>(prediction[k], y[k]);
            return value * output_scale<T>(loss);
        }
    }

    template <class L, class T>
    static constexpr T regularization(const L& loss, const parameters<T>& p) noexcept {
        if constexpr (detail::nn_loss_parts<L>::has_regularizer)
            return loss.regularizer.value(p);
        else
            return T(0);
    }

    template <class L, class T>
    static constexpr void add_regularization_gradient(const L& loss, const parameters<T>& p,
                                                      parameters<T>& g) noexcept {
        if constexpr (detail::nn_loss_parts<L>::has_regularizer)
            loss.regularizer.add_gradient(p, g, T(1));
    }
};

}  // namespace constgrad::nn
