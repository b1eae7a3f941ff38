// GRU, LSTM, causal Conv1D and batch norm against LibTorch's autograd (torch::nn modules, double):
// forward outputs, the gradient of every parameter and of the input, batch norm's running
// statistics, state carried across windows, and 20 training steps from the same start; then a
// stacked nn::sequence_network (batch_norm → conv1d → lstm → time-distributed dense) trained
// against the same torch modules in sequence.
//
// LibTorch is expensive to compile (this TU: ~46 s of CPU and ~1.6 GB with GCC 12 -O3), hence
// one TU, with Boost.Test's main in it. Built only by GCC when find_package(Torch) succeeds
// (LibTorch 1.13's headers do not compile as C++20 with Clang 14); label `libtorch`, outside the
// sanitizer phase (which runs label `runtime`).
//
// Tolerances, from error analysis (u = 2^-53 ≈ 1.1e-16), relative to scale = max(1, max |torch
// value|) of the compared quantity:
//   window (forward, gradients, running statistics): every value is a sum of at most ~100
//   products (a gate row has In + H + 2 terms; a weight gradient sums 14 frames), each a few
//   roundings deep, through at most 7 frames of recurrence whose Jacobians have norm < 1 with
//   weights in ±0.6, and σ/tanh of libm and of constgrad's kernels differ by a few ulp: the two
//   libraries' summation orders differ by ≲ 100 · 10 u ≈ 1e-13 · scale. Allowed: 1e-12 · scale.
//   training (20 steps): each step's difference of ≲ 1e-13 is carried by the step map (SGD:
//   p − lr g, Lipschitz 1 + lr ||∇²L||; Adam: lr m̂ / (sqrt v̂ + ε), whose derivative in g is
//   ~lr / |g|) and the losses here stay well conditioned: allowed 1e-10 · scale. A parameter
//   whose gradient is exactly 0 in theory (a convolution bias before batch norm) breaks Adam's
//   bound (rounding noise / ε): the stack below avoids it. Measured: ≤ 1e-15 everywhere
//   (`--log_level=message` prints every difference).
#define BOOST_TEST_MODULE sequence_libtorch
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <torch/torch.h>

#include <constgrad/nn/losses.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/sequence/batch_norm.hpp>
#include <constgrad/sequence/conv1d.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;
namespace optim = constgrad::optim;

namespace {

constexpr double window_tolerance = 1e-12;    // relative to scale; see the file comment
constexpr double training_tolerance = 1e-10;  // relative to scale; see the file comment
constexpr std::size_t sequences = 2;           // the batch: N = 2
constexpr std::size_t frames = 7;              // L = 7
constexpr std::size_t total = sequences * frames;
constexpr int training_steps = 20;

// Deterministic random numbers (both libraries get the very same doubles, so only the seed's
// reproducibility matters, not the distribution's implementation).
struct random_source {
    std::mt19937_64 engine{20261128};
    double operator()(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(engine); }
};

template <std::size_t C>
std::vector<std::array<double, C>> random_frames(random_source& r, std::size_t n, double lo = -1.0,
                                                 double hi = 1.0) {
    std::vector<std::array<double, C>> v(n);
    for (auto& frame : v)
        for (auto& x : frame) x = r(lo, hi);
    return v;
}

// The layout test: the parameters are a standard-layout aggregate of doubles without padding
// whose memory order is zip's order; that memory copied as it is into the torch module's
// parameters (named_parameters order, each tensor contiguous) is the whole copy, no reshuffling.
template <class P>
std::vector<double> raw_memory(const P& p) {
    static_assert(std::is_standard_layout_v<P> && std::is_trivially_copyable_v<P>);
    static_assert(sizeof(P) == P::size * sizeof(double), "parameters must be P::size doubles, no padding");
    std::vector<double> flat(P::size);
    std::memcpy(flat.data(), &p, sizeof(P));
    return flat;
}

template <class P>
std::vector<double> zip_order(P& p) {
    std::vector<double> flat;
    auto take = [&](double& x) { flat.push_back(x); };
    P::zip(take, p);
    return flat;
}

std::vector<double> values_of(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().contiguous().to(torch::kDouble);
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

std::vector<double> values_of(const std::vector<torch::Tensor>& ts, bool gradients) {
    std::vector<double> flat;
    for (const auto& t : ts) {
        const auto v = values_of(gradients ? t.grad() : t);
        flat.insert(flat.end(), v.begin(), v.end());
    }
    return flat;
}

template <std::size_t C>
std::vector<double> values_of(const std::vector<std::array<double, C>>& frames_) {
    std::vector<double> flat;
    for (const auto& f : frames_) flat.insert(flat.end(), f.begin(), f.end());
    return flat;
}

// (N, L, C) tensor of frames stored sequence-major: the same memory order as constgrad's xs.
template <std::size_t C>
torch::Tensor tensor_of(const std::vector<std::array<double, C>>& xs, std::size_t n) {
    auto* data = const_cast<double*>(xs.front().data());
    return torch::from_blob(data, {static_cast<std::int64_t>(n), static_cast<std::int64_t>(xs.size() / n),
                                   static_cast<std::int64_t>(C)},
                            torch::kDouble)
        .clone();
}

// Copies constgrad's parameter memory into the torch parameters, in order, unchanged.
template <class P>
void copy_parameters(P& p, std::vector<torch::Tensor> params) {
    std::vector<double> flat = raw_memory(p);
    BOOST_TEST(flat == zip_order(p), "memory order is zip order");
    torch::NoGradGuard no_grad;
    std::int64_t offset = 0;
    for (auto& t : params) {
        t.copy_(torch::from_blob(flat.data() + offset, t.sizes(), torch::kDouble));
        offset += t.numel();
    }
    BOOST_TEST(offset == static_cast<std::int64_t>(P::size), "torch holds as many parameters as constgrad");
}

// max |ours - theirs| against tolerance · max(1, max |theirs|); prints the measured error.
void compare(const std::string& what, const std::vector<double>& ours, const std::vector<double>& theirs,
             double tolerance) {
    BOOST_TEST_REQUIRE(ours.size() == theirs.size(), what << ": sizes " << ours.size() << " vs " << theirs.size());
    double error = 0, scale = 1;
    for (std::size_t k = 0; k < ours.size(); ++k) {
        error = std::max(error, std::abs(ours[k] - theirs[k]));
        scale = std::max(scale, std::abs(theirs[k]));
    }
    BOOST_TEST_MESSAGE(what << ": max difference = " << error << " (scale " << scale << ", "
                            << ours.size() << " values)");
    BOOST_TEST(error <= tolerance * scale, what << ": max difference = " << error << " > "
                                                << tolerance << " * " << scale);
}

std::vector<std::string> names_of(const torch::nn::Module& m) {
    std::vector<std::string> names;
    for (const auto& item : m.named_parameters()) names.push_back(item.key());
    return names;
}

// The constgrad side of a window: layer L's contract functions on S = 2 sequences of F frames,
// from the zero state, loss Σ w ⊙ y (so dLoss/dy = w).
template <class L>
struct window {
    using X = std::array<double, L::inputs>;
    using Y = std::array<double, L::outputs>;
    using parameters = typename L::template parameters<double>;
    using buffers = typename L::template buffers<double>;
    using state = typename L::template state<double>;
    using workspace = typename L::template workspace<double, total>;

    parameters p{};
    buffers b{};
    std::unique_ptr<workspace> ws = std::make_unique<workspace>();
    std::vector<X> xs;
    std::vector<Y> ys = std::vector<Y>(total);
    parameters g{};
    std::vector<X> dxs = std::vector<X>(total);

    void forward() {
        std::array<state, sequences> states{};
        L::template forward_window<double, total>(p, b, std::span<state>(states), frames, std::span<const X>(xs),
                                                  std::span<Y>(ys), *ws, nn::mode::train);
    }
    void backward(std::vector<Y> dys) {
        g = {};
        L::template backward_window<true, double, total>(p, b, sequences, frames, std::span<const X>(xs), *ws,
                                                         std::span<Y>(dys), g, std::span<X>(dxs));
    }
};

// Forward, every parameter's gradient and the input's gradient of one window against torch.
// torch_forward maps an (N, L, In) tensor to (N, L, Out).
template <class L, class TorchForward>
void check_window(const std::string& name, window<L>& ours, const std::vector<torch::Tensor>& torch_params,
                  TorchForward torch_forward, random_source& r) {
    const auto weights = random_frames<L::outputs>(r, total);
    ours.forward();
    ours.backward(weights);

    torch::Tensor x = tensor_of(ours.xs, sequences).set_requires_grad(true);
    const torch::Tensor y = torch_forward(x);
    (y * tensor_of(weights, sequences)).sum().backward();

    compare(name + " forward", values_of(ours.ys), values_of(y), window_tolerance);
    compare(name + " parameter gradients", raw_memory(ours.g), values_of(torch_params, true), window_tolerance);
    compare(name + " input gradient", values_of(ours.dxs), values_of(x.grad()), window_tolerance);
}

// Two consecutive windows of F frames, the state carried, against torch over 2F frames.
template <class L, class TorchForward>
void check_carried_state(const std::string& name, window<L>& ours, TorchForward torch_forward, random_source& r) {
    using X = typename window<L>::X;
    using Y = typename window<L>::Y;
    using state = typename window<L>::state;
    const auto xs = random_frames<L::inputs>(r, 2 * total);  // sequence-major, 2F frames each
    std::array<state, sequences> states{};
    std::vector<Y> ys(2 * total);
    for (std::size_t half = 0; half < 2; ++half) {
        std::vector<X> in(total);
        std::vector<Y> out(total);
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t t = 0; t < frames; ++t) in[s * frames + t] = xs[s * 2 * frames + half * frames + t];
        L::template forward_window<double, total>(ours.p, ours.b, std::span<state>(states), frames,
                                                  std::span<const X>(in), std::span<Y>(out), *ours.ws,
                                                  nn::mode::train);
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t t = 0; t < frames; ++t) ys[s * 2 * frames + half * frames + t] = out[s * frames + t];
    }
    torch::NoGradGuard no_grad;
    compare(name + " two windows, state carried", values_of(ys), values_of(torch_forward(tensor_of(xs, sequences))),
            window_tolerance);
}

// 20 steps of `opt` / `torch_opt` on mse towards fixed targets, both from the parameters (and
// buffers) in `start`; through a one-layer nn::sequence_network and gradient_into, from the zero
// state every step. Compares the loss of every step and the final parameters; returns constgrad's
// final buffers.
template <class L, class Opt, class TorchForward>
typename L::template buffers<double> check_training(const std::string& name, const window<L>& start, Opt opt, torch::optim::Optimizer& torch_opt,
                    const std::vector<torch::Tensor>& torch_params, TorchForward torch_forward, random_source& r) {
    using net = nn::sequence_network<L>;
    using X = typename window<L>::X;
    using Y = typename window<L>::Y;
    typename net::template parameters<double> p{};
    typename net::template parameters<double> g{};
    typename net::template buffers<double> b{};
    p.template layer<0>() = start.p;
    b.template layer<0>() = start.b;
    auto ws = std::make_unique<typename net::template workspace<double, total>>();
    const auto targets = random_frames<L::outputs>(r, total);

    const torch::Tensor x = tensor_of(start.xs, sequences);
    const torch::Tensor target = tensor_of(targets, sequences);
    std::vector<double> ours_losses, torch_losses;
    for (int step = 0; step < training_steps; ++step) {
        std::array<typename net::template state<double>, sequences> states{};
        g = {};
        ours_losses.push_back(net::gradient_into(p, b, std::span<typename net::template state<double>>(states), frames,
                                                 std::span<const X>(start.xs), std::span<const Y>(targets), nn::mse, g,
                                                 *ws));
        opt.step(p, g);

        torch_opt.zero_grad();
        const torch::Tensor loss = torch::mse_loss(torch_forward(x), target);
        loss.backward();
        torch_opt.step();
        torch_losses.push_back(loss.item<double>());
    }
    BOOST_TEST_MESSAGE(name << " training: loss " << torch_losses.front() << " -> " << torch_losses.back());
    BOOST_TEST(torch_losses.back() < torch_losses.front(), "the loss decreases");
    compare(name + " training losses", ours_losses, torch_losses, training_tolerance);
    compare(name + " training final parameters", raw_memory(p.template layer<0>()), values_of(torch_params, false),
            training_tolerance);
    return b.template layer<0>();
}

template <class P>
void randomise(P& p, random_source& r, double lo = -0.6, double hi = 0.6) {
    auto draw = [&](double& x) { x = r(lo, hi); };
    P::zip(draw, p);
}

torch::Tensor channels_first(const torch::Tensor& x) { return x.permute({0, 2, 1}); }

struct torch_setup {
    torch_setup() { torch::set_num_threads(1); }
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(torch_setup);

BOOST_AUTO_TEST_SUITE(gru)

// nn::gru<3, 5> vs torch::nn::GRU(3, 5, batch_first).
BOOST_AUTO_TEST_CASE(window_and_training) {
    using L = nn::gru<3, 5>;
    random_source r;
    window<L> ours;
    randomise(ours.p, r);
    ours.xs = random_frames<3>(r, total);
    torch::nn::GRU module(torch::nn::GRUOptions(3, 5).batch_first(true));
    module->to(torch::kDouble);
    BOOST_TEST((names_of(*module) ==
                std::vector<std::string>{"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}));
    copy_parameters(ours.p, module->parameters());
    auto forward = [&](const torch::Tensor& x) { return std::get<0>(module->forward(x)); };

    check_window("gru", ours, module->parameters(), forward, r);
    check_carried_state("gru", ours, forward, r);
    torch::optim::Adam torch_opt(module->parameters(), torch::optim::AdamOptions(0.01));
    check_training("gru (Adam, lr 0.01)", ours, optim::adam<nn::sequence_network<L>::parameters<double>>{
                                                    .learning_rate = 0.01},
                   torch_opt, module->parameters(), forward, r);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lstm)

// nn::lstm<2, 4> vs torch::nn::LSTM(2, 4, batch_first).
BOOST_AUTO_TEST_CASE(window_and_training) {
    using L = nn::lstm<2, 4>;
    random_source r;
    window<L> ours;
    randomise(ours.p, r);
    ours.xs = random_frames<2>(r, total);
    torch::nn::LSTM module(torch::nn::LSTMOptions(2, 4).batch_first(true));
    module->to(torch::kDouble);
    BOOST_TEST((names_of(*module) ==
                std::vector<std::string>{"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}));
    copy_parameters(ours.p, module->parameters());
    auto forward = [&](const torch::Tensor& x) { return std::get<0>(module->forward(x)); };

    check_window("lstm", ours, module->parameters(), forward, r);
    check_carried_state("lstm", ours, forward, r);
    torch::optim::Adam torch_opt(module->parameters(), torch::optim::AdamOptions(0.01));
    check_training("lstm (Adam, lr 0.01)", ours, optim::adam<nn::sequence_network<L>::parameters<double>>{
                                                     .learning_rate = 0.01},
                   torch_opt, module->parameters(), forward, r);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conv1d)

// Causal nn::conv1d<In, Out, K, D, G> vs torch::nn::Conv1d: left padding by F.pad then a
// convolution without padding (`pad_left`), or Conv1d(padding=(K-1)·D) with the right tail cut.
template <std::size_t In, std::size_t Out, std::size_t K, std::size_t D, std::size_t G>
void check_conv(const std::string& name, bool pad_left) {
    using L = nn::conv1d<In, Out, K, D, G>;
    constexpr std::int64_t history = (K - 1) * D;
    random_source r;
    window<L> ours;
    randomise(ours.p, r);
    ours.xs = random_frames<In>(r, total);
    torch::nn::Conv1d module(
        torch::nn::Conv1dOptions(In, Out, K).dilation(D).groups(G).padding(pad_left ? 0 : history));
    module->to(torch::kDouble);
    BOOST_TEST((names_of(*module) == std::vector<std::string>{"weight", "bias"}));
    copy_parameters(ours.p, module->parameters());
    // One spot check of the documented index map: p.at(o, i, k) is torch's weight[o][i][k].
    BOOST_TEST(ours.p.at(Out - 1, In / G - 1, 0) == module->weight[Out - 1][In / G - 1][0].template item<double>());
    auto forward = [&](const torch::Tensor& x) {
        if (pad_left) {
            namespace F = torch::nn::functional;
            return channels_first(module->forward(F::pad(channels_first(x), F::PadFuncOptions({history, 0}))));
        }
        return channels_first(module->forward(channels_first(x)).slice(2, 0, x.size(1)));
    };

    check_window(name, ours, module->parameters(), forward, r);
    check_carried_state(name, ours, forward, r);
    torch::optim::SGD torch_opt(module->parameters(), torch::optim::SGDOptions(0.1));
    check_training(name + " (SGD, lr 0.1)", ours, optim::sgd{.learning_rate = 0.1}, torch_opt, module->parameters(),
                   forward, r);
}

// In 2, Out 3, kernel 3, dilation 2 (history 4 frames of the 7).
BOOST_AUTO_TEST_CASE(window_and_training) { check_conv<2, 3, 3, 2, 1>("conv1d<2,3,3,2>", false); }

// Two groups: In 4, Out 6, kernel 3, dilation 2.
BOOST_AUTO_TEST_CASE(groups_window_and_training) { check_conv<4, 6, 3, 2, 2>("conv1d<4,6,3,2,2>", true); }

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(batch_norm)

// nn::batch_norm<3> in mode::train vs torch::nn::BatchNorm1d(3) in training mode on (N, C, L),
// both starting from the same non-default running statistics.
BOOST_AUTO_TEST_CASE(window_and_training) {
    using L = nn::batch_norm<3>;
    random_source r;
    window<L> ours;
    randomise(ours.p, r);
    for (auto& w : ours.p.weight) w = r(0.5, 1.5);
    for (auto& m : ours.b.running_mean) m = r(-0.5, 0.5);
    for (auto& v : ours.b.running_var) v = r(0.5, 2.0);
    // Scaled and shifted inputs: the batch statistics are not near the running ones.
    ours.xs = random_frames<3>(r, total, -2.0, 3.0);
    const auto start_buffers = ours.b;

    torch::nn::BatchNorm1d module(torch::nn::BatchNorm1dOptions(3));
    module->to(torch::kDouble);
    module->train();
    BOOST_TEST((names_of(*module) == std::vector<std::string>{"weight", "bias"}));
    copy_parameters(ours.p, module->parameters());
    // (from_blob with kDouble: torch::tensor(std::vector<double>) would make a float tensor,
    // LibTorch's default dtype, and round the statistics to float on the way.)
    auto set_buffers = [&](nn::batch_norm_buffers<double, 3> b) {
        torch::NoGradGuard no_grad;
        module->running_mean.copy_(torch::from_blob(b.running_mean.data(), {3}, torch::kDouble));
        module->running_var.copy_(torch::from_blob(b.running_var.data(), {3}, torch::kDouble));
    };
    set_buffers(ours.b);
    auto forward = [&](const torch::Tensor& x) { return channels_first(module->forward(channels_first(x))); };
    auto running = [&] {
        auto v = values_of(module->running_mean);
        const auto var = values_of(module->running_var);
        v.insert(v.end(), var.begin(), var.end());
        return v;
    };
    auto running_of = [](const nn::batch_norm_buffers<double, 3>& b) {
        std::vector<double> v(b.running_mean.begin(), b.running_mean.end());
        v.insert(v.end(), b.running_var.begin(), b.running_var.end());
        return v;
    };

    // The running statistics after one window by their definition, in long double: mean ← 0.9
    // mean + 0.1 batch mean, var ← 0.9 var + 0.1 unbiased batch variance (n = N·L = 14 frames).
    std::vector<double> defined(6);
    for (std::size_t c = 0; c < 3; ++c) {
        long double sum = 0, squares = 0;
        for (const auto& x : ours.xs) sum += x[c];
        const long double mean = sum / total;
        for (const auto& x : ours.xs) squares += (x[c] - mean) * (x[c] - mean);
        defined[c] = static_cast<double>(0.9L * ours.b.running_mean[c] + 0.1L * mean);
        defined[3 + c] = static_cast<double>(0.9L * ours.b.running_var[c] + 0.1L * squares / (total - 1));
    }

    check_window("batch_norm", ours, module->parameters(), forward, r);
    compare("batch_norm running statistics after the window (constgrad vs definition)", running_of(ours.b), defined,
            window_tolerance);
    compare("batch_norm running statistics after the window (torch vs definition)", running(), defined,
            window_tolerance);
    compare("batch_norm running statistics after the window", running_of(ours.b), running(), window_tolerance);

    // Training from the starting buffers again (the window above moved both libraries' ones).
    ours.b = start_buffers;
    set_buffers(start_buffers);
    torch::optim::SGD torch_opt(module->parameters(), torch::optim::SGDOptions(0.1));
    const auto trained = check_training("batch_norm (SGD, lr 0.1)", ours, optim::sgd{.learning_rate = 0.1},
                                        torch_opt, module->parameters(), forward, r);
    compare("batch_norm running statistics after training", running_of(trained), running(), training_tolerance);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(network)

// nn::sequence_network<batch_norm<2>, conv1d<2,4,3,2>, lstm<4,3>, time_distributed<dense<3,1>>>
// vs torch's BatchNorm1d, Conv1d (causal), LSTM and Linear applied in turn: the first step's
// gradient of every layer (the adjoints crossing layer boundaries), then 20 Adam steps: losses,
// final parameters and running statistics. (Batch norm first: after a convolution it would make
// the convolution's bias gradient exactly 0 in theory, rounding noise ~1e-17 in practice, which
// Adam turns into steps of lr·noise/ε ~ 1e-11 that differ between the two libraries.)
BOOST_AUTO_TEST_CASE(stack_training) {
    using norm = nn::batch_norm<2>;
    using conv = nn::conv1d<2, 4, 3, 2>;
    using rnn = nn::lstm<4, 3>;
    using head = nn::time_distributed<nn::dense<3, 1>>;
    using net = nn::sequence_network<norm, conv, rnn, head>;
    using X = std::array<double, 2>;
    using Y = std::array<double, 1>;
    random_source r;
    net::parameters<double> p{};
    net::buffers<double> b{};
    randomise(p.layer<0>(), r);
    for (auto& w : p.layer<0>().weight) w = r(0.5, 1.5);
    randomise(p.layer<1>(), r);
    randomise(p.layer<2>(), r);
    randomise(p.layer<3>(), r);
    const auto xs = random_frames<2>(r, total, -2.0, 3.0);
    const auto targets = random_frames<1>(r, total);

    torch::nn::BatchNorm1d bn(torch::nn::BatchNorm1dOptions(2));
    torch::nn::Conv1d c(torch::nn::Conv1dOptions(2, 4, 3).dilation(2).padding(4));
    torch::nn::LSTM lstm(torch::nn::LSTMOptions(4, 3).batch_first(true));
    torch::nn::Linear linear(3, 1);
    for (torch::nn::Module* m : std::initializer_list<torch::nn::Module*>{bn.get(), c.get(), lstm.get(), linear.get()})
        m->to(torch::kDouble);
    BOOST_TEST((names_of(*linear) == std::vector<std::string>{"weight", "bias"}));
    copy_parameters(p.layer<0>(), bn->parameters());
    copy_parameters(p.layer<1>(), c->parameters());
    copy_parameters(p.layer<2>(), lstm->parameters());
    copy_parameters(p.layer<3>(), linear->parameters());
    std::vector<torch::Tensor> all;
    for (const auto& part : {bn->parameters(), c->parameters(), lstm->parameters(), linear->parameters()})
        all.insert(all.end(), part.begin(), part.end());
    auto ours_flat = [](const net::parameters<double>& q) {
        std::vector<double> v;
        for (const auto& part : {raw_memory(q.layer<0>()), raw_memory(q.layer<1>()), raw_memory(q.layer<2>()),
                                 raw_memory(q.layer<3>())})
            v.insert(v.end(), part.begin(), part.end());
        return v;
    };
    auto forward = [&](const torch::Tensor& x) {
        const torch::Tensor u = c->forward(bn->forward(channels_first(x))).slice(2, 0, x.size(1));
        return linear->forward(std::get<0>(lstm->forward(channels_first(u))));
    };

    const torch::Tensor x = tensor_of(xs, sequences);
    const torch::Tensor target = tensor_of(targets, sequences);
    auto ws = std::make_unique<net::workspace<double, total>>();
    optim::adam<net::parameters<double>> opt{.learning_rate = 0.01};
    torch::optim::Adam torch_opt(all, torch::optim::AdamOptions(0.01));
    std::vector<double> ours_losses, torch_losses;
    for (int step = 0; step < training_steps; ++step) {
        std::array<net::state<double>, sequences> states{};
        net::parameters<double> g{};
        ours_losses.push_back(net::gradient_into(p, b, std::span<net::state<double>>(states), frames,
                                                 std::span<const X>(xs), std::span<const Y>(targets), nn::mse, g,
                                                 *ws));
        torch_opt.zero_grad();
        const torch::Tensor loss = torch::mse_loss(forward(x), target);
        loss.backward();
        torch_losses.push_back(loss.item<double>());
        if (step == 0) compare("stack first-step gradients", ours_flat(g), values_of(all, true), window_tolerance);
        opt.step(p, g);
        torch_opt.step();
    }
    BOOST_TEST_MESSAGE("stack (Adam, lr 0.01) training: loss " << torch_losses.front() << " -> " << torch_losses.back());
    BOOST_TEST(torch_losses.back() < torch_losses.front(), "the loss decreases");
    compare("stack training losses", ours_losses, torch_losses, training_tolerance);
    compare("stack training final parameters", ours_flat(p), values_of(all, false), training_tolerance);
    std::vector<double> ours_running(b.layer<0>().running_mean.begin(), b.layer<0>().running_mean.end());
    ours_running.insert(ours_running.end(), b.layer<0>().running_var.begin(), b.layer<0>().running_var.end());
    auto theirs_running = values_of(bn->running_mean);
    const auto var = values_of(bn->running_var);
    theirs_running.insert(theirs_running.end(), var.begin(), var.end());
    compare("stack running statistics after training", ours_running, theirs_running, training_tolerance);
}

BOOST_AUTO_TEST_SUITE_END()
