// LibTorch (PyTorch's C++ API), one thread: torch::nn::functional::linear layers, autograd,
// torch::optim::SGD: what a PyTorch user writes.
#include <cstddef>
#include <type_traits>
#include <vector>

#include <torch/torch.h>

#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {
namespace {

template <class Cfg>
class libtorch_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "libtorch";
    static constexpr bool supported = true;
    static constexpr std::int64_t I = Cfg::inputs;
    static constexpr std::int64_t H = Cfg::hidden;

    explicit libtorch_engine(const workload<Cfg>& w) {
        torch::set_num_threads(1);
        // The flat layout is PyTorch's: weight [out, in] row-major, then bias [out].
        std::int64_t offset = 0;
        auto take = [&](std::vector<std::int64_t> shape) {
            std::int64_t count = 1;
            for (std::int64_t d : shape) count *= d;
            auto t = torch::from_blob(const_cast<T*>(w.initial_parameters.data() + offset), shape, dtype())
                         .clone()
                         .set_requires_grad(true);
            offset += count;
            return t;
        };
        w1_ = take({H, I});
        b1_ = take({H});
        w2_ = take({H, H});
        b2_ = take({H});
        w3_ = take({1, H});
        b3_ = take({1});
        optimizer_ = std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{w1_, b1_, w2_, b2_, w3_, b3_},
                                                         torch::optim::SGDOptions(learning_rate));
    }

    [[gnu::noinline]] void train_step(const sample* s, std::size_t n) {
        optimizer_->zero_grad();
        loss(s, n).backward();
        optimizer_->step();
    }

    [[gnu::noinline]] T forward(const sample* s, std::size_t n) {
        torch::NoGradGuard no_grad;
        return output(inputs(s, n)).sum().template item<T>();
    }

    std::vector<double> gradient(const sample* s, std::size_t n) {
        optimizer_->zero_grad();
        loss(s, n).backward();
        std::vector<double> flat;
        for (const auto& p : {w1_, b1_, w2_, b2_, w3_, b3_}) append(flat, p.grad());
        return flat;
    }

    std::vector<double> parameters_flat() const {
        std::vector<double> flat;
        for (const auto& p : {w1_, b1_, w2_, b2_, w3_, b3_}) append(flat, p.detach());
        return flat;
    }

private:
    static torch::Dtype dtype() { return std::is_same_v<T, float> ? torch::kFloat32 : torch::kFloat64; }

    // The samples as tensors without a copy: x is [n, I] and y is [n] with a row stride of
    // one sample (x and y are interleaved in memory).
    static torch::Tensor inputs(const sample* s, std::size_t n) {
        return torch::from_blob(const_cast<T*>(s->x.data()), {static_cast<std::int64_t>(n), I},
                                {static_cast<std::int64_t>(sizeof(sample) / sizeof(T)), 1}, dtype());
    }
    static torch::Tensor targets(const sample* s, std::size_t n) {
        return torch::from_blob(const_cast<T*>(s->y.data()), {static_cast<std::int64_t>(n)},
                                {static_cast<std::int64_t>(sizeof(sample) / sizeof(T))}, dtype());
    }

    torch::Tensor activate(const torch::Tensor& z) const {
        if constexpr (Cfg::activation == act::relu) return torch::relu(z);
        else return torch::tanh(z);
    }

    torch::Tensor output(const torch::Tensor& x) const {
        namespace F = torch::nn::functional;
        const auto h1 = activate(F::linear(x, w1_, b1_));
        const auto h2 = activate(F::linear(h1, w2_, b2_));
        return F::linear(h2, w3_, b3_).squeeze(1);
    }

    torch::Tensor loss(const sample* s, std::size_t n) const {
        return (output(inputs(s, n)) - targets(s, n)).square().sum();
    }

    static void append(std::vector<double>& flat, const torch::Tensor& t) {
        const auto c = t.contiguous().to(torch::kFloat64);
        const double* d = c.template data_ptr<double>();
        flat.insert(flat.end(), d, d + c.numel());
    }

    torch::Tensor w1_, b1_, w2_, b2_, w3_, b3_;
    std::unique_ptr<torch::optim::SGD> optimizer_;
};

}  // namespace

void register_libtorch_engine() { register_engine<libtorch_engine>(); }

}  // namespace constgrad_bench
