// The project's runtime tape: tape::mlp recorded on a tape::tape every step, then backward().
#include <cstddef>
#include <span>
#include <vector>

#include <constgrad/tape/mlp.hpp>
#include <constgrad/tape/square.hpp>
#include <constgrad/tape/tape.hpp>
#include <constgrad/tape/value.hpp>

#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {
namespace {

namespace tp = constgrad::tape;

template <class Cfg>
class tape_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "tape";
    static constexpr bool supported = true;

    // The tape and the network are set up once (as a training loop would); every step
    // clears the tape, which keeps its storage, so warmed-up steps reuse it.
    explicit tape_engine(const workload<Cfg>& w)
        : net_(Cfg::inputs, {Cfg::hidden, Cfg::hidden, 1},
               Cfg::activation == act::relu ? tp::activation::relu : tp::activation::tanh),
          g_(Cfg::parameter_count) {
        net_.load_parameters(w.initial_parameters);
    }

    [[gnu::noinline]] void train_step(const sample* s, std::size_t n) {
        record_and_backward(s, n);
        net_.gradient(g_);
        const T lr = static_cast<T>(learning_rate);
        const std::span<T> p = net_.parameters();
        for (std::size_t k = 0; k < p.size(); ++k) p[k] -= lr * g_[k];
    }

    [[gnu::noinline]] T forward(const sample* s, std::size_t n) {
        t_.clear();
        T total = 0;
        for (std::size_t k = 0; k < n; ++k) total += net_(t_, std::span<const T>(s[k].x))[0].data();
        return total;
    }

    std::vector<double> gradient(const sample* s, std::size_t n) {
        record_and_backward(s, n);
        net_.gradient(g_);
        return {g_.begin(), g_.end()};
    }

    std::vector<double> parameters_flat() const {
        const std::span<const T> p = net_.parameters();
        return {p.begin(), p.end()};
    }

private:
    void record_and_backward(const sample* s, std::size_t n) {
        t_.clear();
        tp::value<T> loss = square(net_(t_, std::span<const T>(s[0].x))[0] - s[0].y[0]);
        for (std::size_t k = 1; k < n; ++k) loss = loss + square(net_(t_, std::span<const T>(s[k].x))[0] - s[k].y[0]);
        loss.backward();
    }

    tp::mlp<T> net_;
    tp::tape<T> t_;
    std::vector<T> g_;
};

}  // namespace

void register_tape_engine() { register_engine<tape_engine>(); }

}  // namespace constgrad_bench
