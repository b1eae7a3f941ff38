// nn::fit: epochs of training over a dataset (per-sample, mini-batch or full batch), with progress
// callback.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <exception>
#include <span>
#include <type_traits>

#include "detail/pack.hpp"
#include "l2.hpp"
#include "layer.hpp"
#include "loss.hpp"
#include "parameters.hpp"
#include "rng.hpp"
#include "sample.hpp"
#include "seed.hpp"
#include "stack_budget.hpp"

namespace constgrad::detail {

// nn::fit's door into a network's whole-batch core (nn::network befriends it): fit hands the
// samples of a mini-batch through an accessor, in its shuffled order, without copying them.
struct nn_network_access {
    template <class Net, class L, class P, class Bf, class Get, class T, class G, class W>
    static constexpr T whole_batch(const L& loss, const P& p, Bf& b, std::size_t n, const Get& sample, T scale,
                                   G& g, W& ws) noexcept {
        return Net::whole_batch_core(loss, p, b, n, sample, scale, g, ws,
                                     nn::mode::train);
    }
    // The network's output for sample j of the last whole_batch.
    template <class Net, class W>
    static constexpr const auto& output(const W& ws, std::size_t j) noexcept {
        return nn_get<Net::layer_count - 1>(ws.ys)[j];
    }
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// How the training helper counts a prediction as correct, for the accuracy it reports.
enum class accuracy {
    none,    ///< no accuracy (reported as NaN)
    sign,    ///< every output has the sign of its target (±1 labels, hinge loss)
    round,   ///< every output is within 0.5 of its target (0/1 labels, e.g. XOR)
    argmax,  ///< the largest output is where the target's largest value is (one-hot labels),
             ///< or, for targets one wide (class indexes), at the index the target holds
    threshold,  ///< every output is > 0 exactly where its target is > 0.5 (logits against
                ///< 0/1 labels: binary_cross_entropy_with_logits)
};

/// What nn::fit throws when it refuses its arguments at run time: a std::exception whose
/// what() says what was wrong. Its own small type rather than std::invalid_argument so that
/// fit.hpp needs <exception> only: <stdexcept> brings <string>, about 0.13 s of g++ -O2 time
/// in every translation unit that trains a network.
struct fit_error : std::exception {
    const char* message;
    explicit fit_error(const char* what_went_wrong) noexcept : message(what_went_wrong) {}
    [[nodiscard]] const char* what() const noexcept override { return message; }
};

/// Settings of nn::fit. `batch_size` 0 means the full dataset per step; 1 means one step per
/// sample; anything else is mini-batches (the last one may be smaller).
struct fit_options {
    std::size_t epochs = 1;
    std::size_t batch_size = 0;
    /// Visit the samples in a new random order each epoch. With a std::array or a span of
    /// fixed extent the order is an index array on the stack and the data is untouched; with
    /// a span of run-time extent the samples themselves are reordered in place.
    bool shuffle = false;
    nn::seed shuffle_seed{0};
    nn::accuracy accuracy = nn::accuracy::none;
};

/// What nn::fit reports after each epoch (and returns after the last).
template <class T>
struct epoch_report {
    std::size_t epoch = 0;  ///< 1-based
    std::size_t steps = 0;  ///< optimizer steps taken in this epoch
    T loss{};               ///< data loss over the epoch's samples (reduced like the loss:
                            ///< sum or mean), each measured before its step, + the regulariser
                            ///< at the epoch's last step
    double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< fraction correct, NaN if none
};

/// The callback that does nothing.
struct no_callback {
    template <class R>
    constexpr void operator()(const R&) const noexcept {}
};

namespace detail_fit {

template <class T, std::size_t N, std::size_t M>
constexpr bool correct(nn::accuracy rule, const std::array<T, N>& p,
                       const std::array<T, M>& y) noexcept {
    if constexpr (M != N) {
        // A class-index target (M = 1): only argmax compares with it.
        if (rule != nn::accuracy::argmax) return false;
        std::size_t ip = 0;
        for (std::size_t k = 1; k < N; ++k)
            if (p[k] > p[ip]) ip = k;
        return y[0] >= T(0) && static_cast<std::size_t>(y[0]) == ip;
    } else {
    switch (rule) {
    case nn::accuracy::none:
        return false;
    case nn::accuracy::sign:
        for (std::size_t k = 0; k < N; ++k)
            if ((p[k] > T(0)) != (y[k] > T(0))) return false;
        return true;
    case nn::accuracy::round:
        for (std::size_t k = 0; k < N; ++k) {
            const T d = p[k] - y[k];
            if (!(d < T(0.5) && d > T(-0.5))) return false;
        }
        return true;
    case nn::accuracy::argmax: {
        std::size_t ip = 0, iy = 0;
        for (std::size_t k = 1; k < N; ++k) {
            if (p[k] > p[ip]) ip = k;
            if (y[k] > y[iy]) iy = k;
        }
        return ip == iy;
    }
    case nn::accuracy::threshold:
        for (std::size_t k = 0; k < N; ++k)
            if ((p[k] > T(0)) != (y[k] > T(0.5))) return false;
        return true;
    }
    return false;
    }
}

}  // namespace detail_fit

namespace detail_fit {

// The width of the targets `loss` takes (its data part, without a regulariser).
template <class L>
struct data_loss {
    using type = L;
};
template <class L, class R>
struct data_loss<nn::regularized<L, R>> {
    using type = L;
};
template <class Net, class L>
constexpr std::size_t target_width() noexcept {
    using E = typename data_loss<L>::type;
    if constexpr (WholeOutputLoss<E>)
        return E::template target_size<Net::output_size>;
    else
        return Net::output_size;
}

// The checks of fit's arguments, one message each; evaluated in an `if constexpr` so that the
// message is the first error and the body is skipped after it.
template <class Net, class P, class O, class D, class L = void>
constexpr bool arguments_ok() noexcept {
    using data_traits = dataset_traits<std::remove_reference_t<D>>;
    static_assert(Parameters<P>,
                  "constgrad::nn::fit<Net>: 'params' must be the network's parameters");
    static_assert(
        data_traits::valid,
        "constgrad::nn::fit: the dataset must be a std::array or std::span of nn::sample");
    if constexpr (Parameters<P> && data_traits::valid) {
        using T = typename P::scalar_type;
        constexpr bool same_params = std::is_same_v<P, typename Net::template parameters<T>>;
        static_assert(same_params,
                      "constgrad::nn::fit<Net>: the parameters belong to another network than Net");
        // The target's width: the output's, or 1 for a loss taking a class index.
        constexpr std::size_t width = target_width<Net, L>();
        constexpr bool narrow = width != Net::output_size;
        constexpr bool same_samples =
            std::is_same_v<typename data_traits::sample_type,
                           nn::sample<T, Net::input_size, width>>;
        static_assert(
            same_samples || narrow,
            "constgrad::nn::fit: the dataset's samples must be nn::sample<T, input width, output "
            "width> of the network's widths and the parameters' scalar type");
        static_assert(same_samples || !narrow,
                      "constgrad::nn::fit: this loss takes a class index as the target: the "
                      "dataset's samples must be nn::sample<T, input width, 1> holding the class "
                      "in y[0], of the parameters' scalar type");
        constexpr bool steps = requires(O & o, P & p, const P& g) { o.step(p, g); };
        static_assert(
            steps,
            "constgrad::nn::fit: 'optimizer' must have step(params, grads), e.g. optim::sgd");
        return same_params && same_samples && steps;
    } else {
        return false;
    }
}

}  // namespace detail_fit

namespace detail_fit {

// The overloads without buffers: Net must keep none.
template <class Net>
constexpr bool buffer_free_ok() noexcept {
    constexpr bool free = !Net::has_buffers;
    static_assert(free,
                  "constgrad::nn::fit<Net>: a layer of Net keeps buffers (batch norm's running "
                  "statistics): pass them and a workspace, fit<Net>(params, buffers, gradient, "
                  "workspace, optimizer, loss, data, ...)");
    return free;
}

template <class Net, class P, class Bf, class W>
constexpr bool buffered_ok() noexcept {
    using T = typename P::scalar_type;
    constexpr bool same_buffers = std::is_same_v<Bf, typename Net::template buffers<T>>;
    static_assert(same_buffers, "constgrad::nn::fit<Net>: 'buffers' must be Net::buffers<T>, T the "
                                "parameters' scalar type");
    constexpr bool workspace = requires { W::max_batch; } &&
                               std::is_same_v<W, typename Net::template workspace<T, W::max_batch>>;
    static_assert(workspace, "constgrad::nn::fit<Net>: 'workspace' must be Net::workspace<T, MaxBatch>, "
                             "T the parameters' scalar type");
    return same_buffers && workspace;
}

// The visiting order of a dataset of compile-time size N: an index array (run-time size: none,
// the samples are reordered in place).
template <std::size_t Extent>
using index_order = std::conditional_t<Extent != std::dynamic_extent,
                                       std::array<std::uint32_t, Extent != std::dynamic_extent ? Extent : 1>, char>;

// Fisher-Yates over the visiting order: the index array when the dataset's size is known at
// compile time, else the samples themselves (a const span of run-time size is not shuffled: fit
// refused it before).
template <bool Indexed, class Order, class Span>
constexpr void shuffle(Order& order, Span span, rng& shuffler) noexcept {
    using element = std::remove_reference_t<decltype(span[0])>;
    for (std::size_t i = span.size() > 1 ? span.size() - 1 : 0; i > 0; --i) {
        const std::size_t j = shuffler.below(i + 1);
        if constexpr (Indexed) {
            const auto t = order[i];
            order[i] = order[j];
            order[j] = t;
        } else if constexpr (!std::is_const_v<element>) {
            const auto t = span[i];
            span[i] = span[j];
            span[j] = t;
        }
    }
}

// An epoch's report: its loss, and its accuracy over `seen` samples (NaN when not measured).
template <class T>
constexpr epoch_report<T> epoch_result(std::size_t epoch, std::size_t steps, T loss, nn::accuracy accuracy,
                                       std::size_t correct, std::size_t seen) noexcept {
    epoch_report<T> report{};
    report.epoch = epoch;
    report.steps = steps;
    report.loss = loss;
    report.accuracy = accuracy == nn::accuracy::none
                          ? std::numeric_limits<double>::quiet_NaN()
                          : (seen == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(seen));
    return report;
}

// Calls the epoch callback; false when it returned false (stop training).
template <class C, class T>
constexpr bool keep_going(C& callback, const epoch_report<T>& report) {
    if constexpr (std::is_invocable_r_v<bool, C&, const epoch_report<T>&> &&
                  !std::is_void_v<std::invoke_result_t<C&, const epoch_report<T>&>>) {
        return callback(report);
    } else {
        callback(report);
        return true;
    }
}

template <class P>
constexpr bool stack_ok() noexcept {
    constexpr bool fits = sizeof(P) <= stack_budget;
    static_assert(fits,
                  "constgrad::nn::fit<Net>: the parameters are larger than nn::stack_budget, too "
                  "large for fit's gradient on the stack: pass a caller-placed gradient, "
                  "fit<Net>(params, gradient, optimizer, loss, data, ...)");
    return fits;
}

template <class P, class G>
constexpr bool gradient_ok() noexcept {
    constexpr bool same = std::is_same_v<P, G>;
    static_assert(same,
                  "constgrad::nn::fit<Net>: the gradient buffer must have the parameters' type");
    return same;
}

// The training loop of both overloads; g is the gradient buffer, wherever it lives.
template <class Net, class P, class O, class L, class D, class C>
constexpr auto run(P& params, P& g, O& optimizer, const L& loss, D& data,
                   const fit_options& options, C& callback) {
    using T = typename P::scalar_type;
    const auto span = std::span(data);
    using element = std::remove_reference_t<decltype(span[0])>;
    constexpr std::size_t extent = decltype(span)::extent;
    const std::size_t n = span.size();
    const std::size_t batch =
        (options.batch_size == 0 || options.batch_size > n) ? n : options.batch_size;

    constexpr bool indexed = extent != std::dynamic_extent;
    index_order<extent> order{};
    if constexpr (indexed)
        for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    if constexpr (!indexed && std::is_const_v<element>)
        if (options.shuffle) {
#if defined(__cpp_exceptions)
            throw fit_error(
                "constgrad::nn::fit: shuffling a dataset of run-time size reorders it in "
                "place, so it "
                "needs a mutable span (or pass a std::array / fixed-extent span)");
#else
            // Built without exceptions (-fno-exceptions): refused through the report instead,
            // before anything is touched: epoch 0, no step, loss NaN, callback not called.
            epoch_report<T> refused{};
            refused.loss = std::numeric_limits<T>::quiet_NaN();
            return refused;
#endif
        }
    rng shuffler{options.shuffle_seed};

    typename Net::template output<T> prediction{};
    epoch_report<T> report{};
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        if (options.shuffle) shuffle<indexed>(order, span, shuffler);
        T data_loss{};
        std::size_t correct = 0;
        T last_regularizer{};
        std::size_t steps = 0;
        for (std::size_t start = 0; start < n; start += batch) {
            const std::size_t m = (n - start < batch) ? n - start : batch;
            const T scale = Net::template batch_scale<L, T>(loss, m);
            P::zip([](T& v) { v = T(0); }, g);  // in place: P{} may be a temporary
            for (std::size_t j = start; j < start + m; ++j) {
                const auto& s = [&]() -> const auto& {
                    if constexpr (indexed)
                        return span[order[j]];
                    else
                        return span[j];
                }
                ();
                data_loss +=
                    Net::accumulate_gradient(loss, params, s.x, s.y, g, scale, prediction);
                if (detail_fit::correct(options.accuracy, prediction, s.y)) ++correct;
            }
            last_regularizer = Net::regularize(loss, params, g);
            optimizer.step(params, g);
            ++steps;
        }
        report = epoch_result(epoch, steps, data_loss * Net::template batch_scale<L, T>(loss, n) + last_regularizer,
                              options.accuracy, correct, n);
        if (!keep_going(callback, report)) break;
    }
    return report;
}

// The training loop of networks with buffers: each mini-batch through the network at once in
// mode::train (detail::nn_network_access), then the step. Batches the caller checked: 1 <=
// batch <= MaxBatch and batch >= Net::min_train_batch; a last mini-batch smaller than
// min_train_batch is left out (as DataLoader(drop_last=True)).
template <class Net, class P, class Bf, class W, class O, class L, class D, class C>
constexpr auto run_buffered(P& params, Bf& buffers, P& g, W& workspace, O& optimizer, const L& loss,
                            D& data, const fit_options& options, std::size_t batch, C& callback) {
    using T = typename P::scalar_type;
    const auto span = std::span(data);
    constexpr std::size_t extent = decltype(span)::extent;
    constexpr bool indexed = extent != std::dynamic_extent;
    const std::size_t n = span.size();
    index_order<extent> order{};
    if constexpr (indexed)
        for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    rng shuffler{options.shuffle_seed};
    epoch_report<T> report{};
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        if (options.shuffle) shuffle<indexed>(order, span, shuffler);
        T data_loss{};
        std::size_t correct = 0, seen = 0, steps = 0;
        T last_regularizer{};
        for (std::size_t start = 0; start + Net::min_train_batch <= n; start += batch) {
            const std::size_t m = (n - start < batch) ? n - start : batch;
            const T scale = Net::template batch_scale<L, T>(loss, m);
            P::zip([](T& v) { v = T(0); }, g);  // in place: P{} may be a temporary
            const auto sample = [&](std::size_t j) -> const auto& {
                if constexpr (indexed)
                    return span[order[start + j]];
                else
                    return span[start + j];
            };
            data_loss += detail::nn_network_access::whole_batch<Net>(loss, params, buffers, m, sample,
                                                                     scale, g, workspace);
            if (options.accuracy != nn::accuracy::none)
                for (std::size_t j = 0; j < m; ++j)
                    if (detail_fit::correct(options.accuracy,
                                            detail::nn_network_access::output<Net>(workspace, j), sample(j).y))
                        ++correct;
            seen += m;
            last_regularizer = Net::regularize(loss, params, g);
            optimizer.step(params, g);
            ++steps;
        }
        report = epoch_result(epoch, steps, data_loss * Net::template batch_scale<L, T>(loss, seen) + last_regularizer,
                              options.accuracy, correct, seen);
        if (!keep_going(callback, report)) break;
    }
    return report;
}

// What fit refuses at run time, before changing anything: a message, or nullptr.
template <class Net, class W, class D>
constexpr const char* buffered_refusal(const D& data, const fit_options& options, std::size_t batch) noexcept {
    using element = std::remove_reference_t<decltype(std::span(data)[0])>;
    if (std::span(data).size() < Net::min_train_batch)
        return "constgrad::nn::fit: a network with batch norm trains on batches of at least "
               "Net::min_train_batch samples: the dataset is smaller";
    if (batch > W::max_batch)
        return "constgrad::nn::fit: the mini-batch is larger than the workspace's MaxBatch";
    if (batch < Net::min_train_batch)
        return "constgrad::nn::fit: a network with batch norm trains on batches of at least "
               "Net::min_train_batch samples: raise batch_size";
    if (decltype(std::span(data))::extent == std::dynamic_extent && std::is_const_v<element> &&
        options.shuffle)
        return "constgrad::nn::fit: shuffling a dataset of run-time size reorders it in place, so "
               "it needs a mutable span (or pass a std::array / fixed-extent span)";
    return nullptr;
}

}  // namespace detail_fit

/// Trains `params` of network Net with `optimizer` on `data` (a std::array or std::span of
/// Net::sample_type<T>) for `options.epochs` epochs, calling `callback(epoch_report)` after
/// each; a callback returning bool stops training by returning false. Returns the last
/// report. constexpr and allocation-free; keeps one gradient (a P) on its stack, so it
/// refuses parameters larger than nn::stack_budget: pass a gradient buffer to the overload
/// below for those. Shuffling a const span of run-time extent is refused: nn::fit_error,
/// or, built without exceptions, a returned report with epoch 0 and a NaN loss, nothing changed.
///
///     namespace nn = constgrad::nn;
///     constgrad::optim::sgd opt{.learning_rate = constgrad::optim::linear_decay(1.0, 0.1, 100)};
///     nn::fit<net>(params, opt, nn::hinge + nn::l2{1e-4}, data,
///                  {.epochs = 100, .accuracy = nn::accuracy::sign},
///                  [](const auto& r) { std::printf("%zu %g %g\n", r.epoch, r.loss, r.accuracy);
///                  });
template <class Net, class P, class O, class L, class D, class C = no_callback>
    requires(!Parameters<O>)
constexpr auto fit(P& params, O& optimizer, const L& loss, D&& data,
                   const fit_options& options = {}, C&& callback = {}) {
    if constexpr (!detail_fit::arguments_ok<Net, P, O, D, L>() || !detail_fit::buffer_free_ok<Net>()) {
        return epoch_report<double>{};
    } else if constexpr (!detail_fit::stack_ok<P>()) {
        return epoch_report<typename P::scalar_type>{};
    } else {
        P g{};
        return detail_fit::run<Net>(params, g, optimizer, loss, data, options, callback);
    }
}

/// fit with a caller-placed gradient buffer (overwritten at every step): nothing of the
/// parameters' size on the stack, for networks of any size. Place params, gradient and the
/// optimizer's state once (static storage, or one heap allocation at start-up).
///
///     struct model { net::parameters<double> params, gradient; optim::adam_state<...> adam; };
///     auto m = std::make_unique<model>();
///     net::init_into(m->params, nn::seed{1});
///     optim::adam_ref<net::parameters<double>> opt{.state = m->adam, .learning_rate = 1e-3};
///     nn::fit<net>(m->params, m->gradient, opt, nn::mse, data, {.epochs = 10});
template <class Net, class P, class G, class O, class L, class D, class C = no_callback>
    requires Parameters<G>
constexpr auto fit(P& params, G& gradient, O& optimizer, const L& loss, D&& data,
                   const fit_options& options = {}, C&& callback = {}) {
    if constexpr (!detail_fit::arguments_ok<Net, P, O, D, L>() || !detail_fit::buffer_free_ok<Net>()) {
        return epoch_report<double>{};
    } else if constexpr (!detail_fit::gradient_ok<P, G>()) {
        return epoch_report<typename P::scalar_type>{};
    } else {
        return detail_fit::run<Net>(params, gradient, optimizer, loss, data, options, callback);
    }
}

/// fit for a network whose layers keep buffers (nn::batch_norm), or any network trained a
/// whole mini-batch at a time: every mini-batch goes through the network at once in
/// mode::train (batch norm normalises with its statistics and moves the running statistics in
/// `buffers`), then `optimizer.step(params, gradient)`. The caller places params, buffers,
/// gradient (overwritten at every step), workspace (Net::workspace<T, MaxBatch>, MaxBatch >=
/// the mini-batch) and the optimizer's state once; fit keeps nothing parameter-sized on its
/// stack. The report's loss and accuracy are the train-mode outputs before each step; evaluate
/// in eval mode afterwards with Net::eval_loss / Net::forward(p, buffers, x). A last
/// mini-batch smaller than Net::min_train_batch (one sample left over) is left out of the
/// epoch, as PyTorch's DataLoader(drop_last=True). Refused at run time, before anything
/// changes (nn::fit_error, or without exceptions a report of epoch 0 and a NaN loss): a
/// mini-batch larger than MaxBatch or smaller than min_train_batch, a dataset smaller than
/// min_train_batch, shuffling a const span of run-time extent.
///
///     static net::parameters<double> p, g;
///     static net::buffers<double> b;                  // fresh: mean 0, variance 1
///     static net::workspace<double, 32> ws;
///     net::init_into(p, nn::seed{1});
///     optim::sgd opt{.learning_rate = 0.1};
///     nn::fit<net>(p, b, g, ws, opt, nn::mse, data, {.epochs = 50, .batch_size = 32});
///     double test = net::eval_loss(nn::mse, p, b, std::span(test_set));
template <class Net, class P, class Bf, class G, class W, class O, class L, class D, class C = no_callback>
    requires(Parameters<G> && !Parameters<Bf>)
constexpr auto fit(P& params, Bf& buffers, G& gradient, W& workspace, O& optimizer, const L& loss, D&& data,
                   const fit_options& options = {}, C&& callback = {}) {
    if constexpr (!detail_fit::arguments_ok<Net, P, O, D, L>()) {
        return epoch_report<double>{};
    } else if constexpr (!detail_fit::gradient_ok<P, G>() || !detail_fit::buffered_ok<Net, P, Bf, W>()) {
        return epoch_report<typename P::scalar_type>{};
    } else {
        const std::size_t n = std::span(data).size();
        const std::size_t batch = (options.batch_size == 0 || options.batch_size > n) ? n : options.batch_size;
        if (const char* refusal = detail_fit::buffered_refusal<Net, W>(data, options, batch)) {
#if defined(__cpp_exceptions)
            throw fit_error(refusal);
#else
            (void)refusal;
            epoch_report<typename P::scalar_type> refused{};
            refused.loss = std::numeric_limits<typename P::scalar_type>::quiet_NaN();
            return refused;
#endif
        }
        return detail_fit::run_buffered<Net>(params, buffers, gradient, workspace, optimizer, loss, data,
                                             options, batch, callback);
    }
}

}  // namespace constgrad::nn
