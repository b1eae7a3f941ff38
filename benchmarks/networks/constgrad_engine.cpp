// The compile-time engine: nn::network's gradient and optim::sgd, written as a user writes them.
#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/inference.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/parameters.hpp>
#include <constgrad/optim/sgd.hpp>

#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {
namespace {

namespace nn = constgrad::nn;

template <class Cfg>
class constgrad_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "constgrad";
    static constexpr bool supported = true;

    using activation = std::conditional_t<Cfg::activation == act::relu, nn::relu, nn::tanh>;
    using net = nn::network<nn::dense<Cfg::inputs, Cfg::hidden, activation>,
                            nn::dense<Cfg::hidden, Cfg::hidden, activation>, nn::dense<Cfg::hidden, 1>>;
    using parameters = typename net::template parameters<T>;

    explicit constgrad_engine(const workload<Cfg>& w) {
        std::array<T, parameters::size> flat{};
        for (std::size_t k = 0; k < flat.size(); ++k) flat[k] = w.initial_parameters[k];
        p_ = nn::unflatten<parameters>(flat);
        inference_.assign(p_);
    }

    [[gnu::noinline]] void train_step(const sample* s, std::size_t n) {
        // One sample: the fused step (the update folded into the reverse sweep; equal to
        // opt_.step(p_, net::gradient(...)) within rounding); a batch: the gradient (matrix-matrix
        // kernels over blocks of samples), then the step.
        if (n == 1) opt_.train<net>(nn::squared_error, p_, s->x, s->y);
        else opt_.step(p_, net::gradient(nn::squared_error, p_, std::span(s, n)));
        inference_stale_ = true;
    }

    [[gnu::noinline]] T forward(const sample* s, std::size_t n) const {
        // One sample: the inference snapshot (weights by columns, bias and activation fused),
        // as a user runs a trained network; refreshed here if a training step changed p_.
        if (n == 1) {
            if (inference_stale_) {
                inference_.assign(p_);
                inference_stale_ = false;
            }
            return inference_(s->x)[0];
        }
        // A batch: forward_batch over the samples (it reads their x), as an audio buffer or a
        // game tick's agents would be run.
        net::forward_batch(p_, std::span(s, n), std::span(outputs_.data(), n));
        T total = 0;
        for (std::size_t k = 0; k < n; ++k) total += outputs_[k][0];
        return total;
    }

    std::vector<double> gradient(const sample* s, std::size_t n) const {
        const auto g = n == 1 ? net::gradient(nn::squared_error, p_, s->x, s->y)
                              : net::gradient(nn::squared_error, p_, std::span(s, n));
        const auto flat = nn::flatten(g);
        return {flat.begin(), flat.end()};
    }

    std::vector<double> parameters_flat() const {
        const auto flat = nn::flatten(p_);
        return {flat.begin(), flat.end()};
    }

private:
    parameters p_{};
    mutable nn::inference<net, T> inference_{};
    mutable bool inference_stale_ = false;
    mutable std::array<typename net::template output<T>, dataset_size> outputs_{};
    constgrad::optim::sgd opt_{.learning_rate = learning_rate};
};

}  // namespace

void register_constgrad_engine() { register_engine<constgrad_engine>(); }

}  // namespace constgrad_bench
