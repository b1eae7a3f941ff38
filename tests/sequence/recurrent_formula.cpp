// nn::recurrent_formula: recurrent layers whose cell is a user-written tensor formula.
// (a) PyTorch's GRU and LSTM written as formulas (the LSTM's state (h, c) one vector of 2H, its
//     output the first H), parameters copied from an nn::gru / nn::lstm: the same window outputs,
//     streaming outputs and gradients (also through a layer below: dx) over 12 frames;
// (b) an Elman cell and the GRU and LSTM formulas: BPTT gradients of every parameter against central
//     differences (double), with carried non-zero initial states and two sequences;
// (c) a tiny task learned by truncated BPTT, then streamed: stream output == window forward (and
//     nn::sequence_inference's within a few roundings);
// (d) float: the float formulas against the library layers in float and against the double formulas;
// a step in a constant expression. (0 allocations: allocation_formula.cpp.)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/optim/adam.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/recurrent_formula.hpp>
#include <constgrad/sequence/sequence_inference.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>
#include <constgrad/tensor/operators.hpp>

namespace nn = constgrad::nn;
namespace t = constgrad::tensor;

namespace {

// PyTorch's GRU cell, gate rows r, z, n in weight_ih [3H][In], weight_hh [3H][H], bias_ih,
// bias_hh: r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
template <std::size_t In, std::size_t H>
struct gru_formula {
    using in = nn::recurrent_inputs<In, H>;
    static constexpr t::matrix<"weight_ih", 3 * H, In> weight_ih{};
    static constexpr t::matrix<"weight_hh", 3 * H, H> weight_hh{};
    static constexpr t::vector<"bias_ih", 3 * H> bias_ih{};
    static constexpr t::vector<"bias_hh", 3 * H> bias_hh{};
    static constexpr auto gi = weight_ih * in::x + bias_ih;
    static constexpr auto gh = weight_hh * in::h + bias_hh;
    static constexpr auto r = t::apply<nn::sigmoid>(t::slice<0, H>(gi) + t::slice<0, H>(gh));
    static constexpr auto z = t::apply<nn::sigmoid>(t::slice<H, 2 * H>(gi) + t::slice<H, 2 * H>(gh));
    static constexpr auto n = t::apply<nn::tanh>(t::slice<2 * H, 3 * H>(gi) + r * t::slice<2 * H, 3 * H>(gh));
    static constexpr auto cell = (1 - z) * n + z * in::h;
};
template <std::size_t In, std::size_t H>
using formula_gru = nn::recurrent_formula<gru_formula<In, H>::cell, In, H>;

// Elman: h' = tanh(W x + U h + b).
template <std::size_t In, std::size_t H>
struct elman_formula {
    using in = nn::recurrent_inputs<In, H>;
    static constexpr t::matrix<"W", H, In> W{};
    static constexpr t::matrix<"U", H, H> U{};
    static constexpr t::vector<"b", H> b{};
    static constexpr auto cell = t::apply<nn::tanh>(W * in::x + U * in::h + b);
};
template <std::size_t In, std::size_t H>
using elman = nn::recurrent_formula<elman_formula<In, H>::cell, In, H>;

template <class Net, class T>
typename Net::template parameters<T> random_parameters(std::uint64_t seed) {
    typename Net::template parameters<T> p{};
    typename Net::template buffers<T> b{};
    nn::rng r{nn::seed{seed}};
    Net::template init<T>(r, nn::recurrent_uniform{}, p, b);
    return p;
}

template <class T, std::size_t N, std::size_t W>
std::array<std::array<T, W>, N> signal(double phase) {
    std::array<std::array<T, W>, N> xs{};
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 0; k < W; ++k)
            xs[i][k] = static_cast<T>(std::sin(0.7 * static_cast<double>(i) + 1.3 * static_cast<double>(k) + phase));
    return xs;
}

// All of a, as the dynamic-extent span the networks take.
template <class S, std::size_t N>
std::span<S> dynamic(std::array<S, N>& a) {
    return a;
}

// Largest |a - b| over two parameter sets of the same layout (zip order).
template <class P>
double max_difference(const P& a, const P& b) {
    double m = 0;
    auto f = [&](const auto& x, const auto& y) {
        m = std::max(m, std::abs(static_cast<double>(x) - static_cast<double>(y)));
    };
    P::zip(f, a, b);
    return m;
}

// PyTorch's LSTM cell, gate rows i, f, g, o; the state is (h, c), the output h:
// c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c') (pre-activations W_i* x + b_i* + W_h* h + b_h*).
template <std::size_t In, std::size_t H>
struct lstm_formula {
    using in = nn::recurrent_inputs<In, 2 * H>;
    static constexpr auto h = t::slice<0, H>(in::h);
    static constexpr auto c = t::slice<H, 2 * H>(in::h);
    static constexpr t::matrix<"weight_ih", 4 * H, In> weight_ih{};
    static constexpr t::matrix<"weight_hh", 4 * H, H> weight_hh{};
    static constexpr t::vector<"bias_ih", 4 * H> bias_ih{};
    static constexpr t::vector<"bias_hh", 4 * H> bias_hh{};
    static constexpr auto gi = weight_ih * in::x + bias_ih;
    static constexpr auto gh = weight_hh * h + bias_hh;
    template <std::size_t Gate, class Act>
    static constexpr auto gate = t::apply<Act>(t::slice<Gate * H, (Gate + 1) * H>(gi) +
                                               t::slice<Gate * H, (Gate + 1) * H>(gh));
    static constexpr auto new_c = gate<1, nn::sigmoid> * c + gate<0, nn::sigmoid> * gate<2, nn::tanh>;
    static constexpr auto cell = t::concat(gate<3, nn::sigmoid> * t::apply<nn::tanh>(new_c), new_c);
};
template <std::size_t In, std::size_t H>
using formula_lstm = nn::recurrent_formula<lstm_formula<In, H>::cell, In, 2 * H, H>;

// The library layer and its formula twin (In = 4, H = 3), with how to copy a state across.
struct gru_case {
    using reference = nn::gru<4, 3>;
    using formula = formula_gru<4, 3>;
    using leaves = gru_formula<4, 3>;
    static constexpr std::size_t gates = 3;
    template <class R, class F, class T>
    static void set_state(R& r, F& f, std::size_t u, T value) {
        r.h[u] = value;
        f.h[u] = value;
    }
};
struct lstm_case {
    using reference = nn::lstm<4, 3>;
    using formula = formula_lstm<4, 3>;
    using leaves = lstm_formula<4, 3>;
    static constexpr std::size_t gates = 4;
    template <class R, class F, class T>
    static void set_state(R& r, F& f, std::size_t u, T value) {  // h and c
        r.h[u] = value;
        r.c[u] = -2 * value;
        f.h[u] = value;
        f.h[3 + u] = -2 * value;
    }
};

// A reference net (the library layer in the middle) and the same net with the formula twin,
// below both an nn::gru (so that the formula layer's dx is exercised), above a linear read-out.
template <class T, class Case>
struct window_pair {
    static constexpr std::size_t frames = 12, sequences = 2, n = frames * sequences;
    using reference = nn::sequence_network<nn::gru<2, 4>, typename Case::reference, nn::time_distributed<nn::dense<3, 2>>>;
    using formula = nn::sequence_network<nn::gru<2, 4>, typename Case::formula, nn::time_distributed<nn::dense<3, 2>>>;
    using cell_parameters = nn::recurrent_parameters<T, 4, 3, Case::gates>;
    using L = typename Case::leaves;

    typename reference::template parameters<T> pr = random_parameters<reference, T>(7);
    typename formula::template parameters<T> pf{};
    typename reference::template workspace<T, n> wr;
    typename formula::template workspace<T, n> wf;
    typename reference::template parameters<T> gr{};
    typename formula::template parameters<T> gf{};
    std::array<std::array<T, 2>, n> xs = signal<T, n, 2>(0.0);
    std::array<std::array<T, 2>, n> targets = signal<T, n, 2>(0.4);
    T loss_r{}, loss_f{};

    window_pair() {
        pf.template layer<0>() = pr.template layer<0>();
        const auto& q = pr.template layer<1>();
        auto& f = pf.template layer<1>();
        f[L::weight_ih] = q.weight_ih;
        f[L::weight_hh] = q.weight_hh;
        f[L::bias_ih] = q.bias_ih;
        f[L::bias_hh] = q.bias_hh;
        pf.template layer<2>() = pr.template layer<2>();
        // Non-zero carried states (truncated BPTT from the middle of a stream).
        std::array<typename reference::template state<T>, sequences> sr{};
        std::array<typename formula::template state<T>, sequences> sf{};
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t u = 0; u < 3; ++u)
                Case::set_state(sr[s].template layer<1>(), sf[s].template layer<1>(), u,
                                static_cast<T>(0.3 * std::cos(static_cast<double>(s * 3 + u))));
        typename reference::template buffers<T> br{};
        typename formula::template buffers<T> bf{};
        loss_r = reference::gradient_into(pr, br, dynamic(sr), frames, std::span<const std::array<T, 2>>(xs),
                                          std::span<const std::array<T, 2>>(targets), nn::mse, gr, wr);
        loss_f = formula::gradient_into(pf, bf, dynamic(sf), frames, std::span<const std::array<T, 2>>(xs),
                                        std::span<const std::array<T, 2>>(targets), nn::mse, gf, wf);
    }

    // The formula net's gradient in the reference net's layout.
    typename reference::template parameters<T> formula_gradient_as_reference() const {
        typename reference::template parameters<T> g{};
        const auto& f = gf.template layer<1>();
        g.template layer<0>() = gf.template layer<0>();
        g.template layer<1>() = {f[L::weight_ih], f[L::weight_hh], f[L::bias_ih], f[L::bias_hh]};
        g.template layer<2>() = gf.template layer<2>();
        return g;
    }
    // Largest |difference| of the window outputs.
    template <class Other>
    double output_difference(const Other& other) const {
        const auto& a = formula::output(wf);
        const auto& b = Other::formula::output(other.wf);
        double d = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < 2; ++k) d = std::max(d, std::abs(static_cast<double>(a[i][k]) - static_cast<double>(b[i][k])));
        return d;
    }
    double reference_output_difference() const {
        const auto& a = formula::output(wf);
        const auto& b = reference::output(wr);
        double d = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < 2; ++k) d = std::max(d, std::abs(static_cast<double>(a[i][k]) - static_cast<double>(b[i][k])));
        return d;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(recurrent_formula)

// A step of the Elman formula in a constant expression: W = 0.5, U = 0, b = 0.25, x = 1:
// h' = tanh(0.75) = 0.63514895238728731 (by hand, tanh's series / any table).
constexpr double constexpr_elman_step() {
    using L = elman<1, 2>;
    L::parameters<double> p{};
    p[elman_formula<1, 2>::W] = {{{0.5}, {0.5}}};
    p[elman_formula<1, 2>::b] = {0.25, 0.25};
    L::state<double> s{};
    std::array<double, 2> y{};
    nn::no_buffers b;
    L::step<double>(p, b, s, std::array<double, 1>{1.0}, y);
    return y[1];
}
static_assert(constexpr_elman_step() > 0.63514895238728731 - 1e-15 &&
              constexpr_elman_step() < 0.63514895238728731 + 1e-15);

// (a) Same function, same parameters, other order of the same sums: every value agrees to a
// few roundings per frame. Bound: values and gradients are O(1) and each frame adds O(10)
// roundings of 2^-53 (1.1e-16), which the recurrence carries (|∂h'/∂h| < 1) over 12 frames,
// so 1e-12 leaves a margin of ~100. The gradients checked: the twin's (by name, as the
// library layer's), the GRU's below it (reached through the twin's dx) and the read-out's.
template <class Case>
void check_twin_double(const char* name) {
    auto w = std::make_unique<window_pair<double, Case>>();
    const double dy = w->reference_output_difference();
    const double dg = max_difference(w->gr, w->formula_gradient_as_reference());
    BOOST_TEST_MESSAGE(name << " formula vs library layer (double): outputs differ by " << dy << ", gradients by " << dg);
    BOOST_TEST(std::abs(w->loss_r - w->loss_f) <= 1e-12);
    BOOST_TEST(dy <= 1e-12);
    BOOST_TEST(dg <= 1e-12);
    // The gradients are not all zero (the comparison means something).
    double largest = 0;
    auto f = [&](const double& v) { largest = std::max(largest, std::abs(v)); };
    decltype(w->gr)::zip(f, w->gr);
    BOOST_TEST(largest > 1e-3);
}

// (d) float: against the library layer in float (same sums in another order: ~10 roundings of
// 2^-24 = 6e-8 per frame, carried over 12 frames; 2e-5 leaves a margin of ~10), and the float
// formula net against the double one (the float rounding of inputs and parameters included;
// same bound).
template <class Case>
void check_twin_float(const char* name) {
    auto w = std::make_unique<window_pair<float, Case>>();
    auto wd = std::make_unique<window_pair<double, Case>>();
    const double dy = w->reference_output_difference(), dd = w->output_difference(*wd);
    const double dg = max_difference(w->gr, w->formula_gradient_as_reference());
    BOOST_TEST_MESSAGE(name << " formula (float) vs library layer: outputs " << dy << ", gradients " << dg
                            << "; vs the double formula: " << dd);
    BOOST_TEST(std::abs(w->loss_r - w->loss_f) <= 2e-5f);
    BOOST_TEST(std::abs(static_cast<double>(w->loss_f) - wd->loss_f) <= 2e-5);
    BOOST_TEST(dy <= 2e-5);
    BOOST_TEST(dd <= 2e-5);
    BOOST_TEST(dg <= 2e-5);
}

// (a) streaming: nn::stream over the formula net equals nn::stream over the reference net.
template <class Case>
void check_twin_streams() {
    auto w = std::make_unique<window_pair<double, Case>>();
    using pair = window_pair<double, Case>;
    nn::stream<typename pair::reference, double> sr;
    nn::stream<typename pair::formula, double> sf;
    const typename pair::reference::template buffers<double> br{};
    const typename pair::formula::template buffers<double> bf{};
    double d = 0;
    for (std::size_t i = 0; i < pair::n; ++i) {
        const auto a = sr.step(w->pr, br, w->xs[i]);
        const auto b = sf.step(w->pf, bf, w->xs[i]);
        for (std::size_t k = 0; k < 2; ++k) d = std::max(d, std::abs(a[k] - b[k]));
    }
    BOOST_TEST(d <= 1e-12);  // as above: 24 frames, same sums in another order
}

BOOST_AUTO_TEST_CASE(gru_formula_equals_nn_gru) {
    check_twin_double<gru_case>("GRU");
    check_twin_float<gru_case>("GRU");
    check_twin_streams<gru_case>();
}

// Two state vectors: the LSTM's (h, c) as one state of 2H values, the output its first H.
BOOST_AUTO_TEST_CASE(lstm_formula_equals_nn_lstm) {
    check_twin_double<lstm_case>("LSTM");
    check_twin_float<lstm_case>("LSTM");
    check_twin_streams<lstm_case>();
}

namespace {

// Checks every parameter's BPTT gradient against (L(p + h e_k) - L(p - h e_k)) / 2h. Error
// bound: truncation h²/6·|L'''| ~ 2e-11 for h = 1e-5 and O(1) derivatives, rounding
// 2^-53·|L|/h ~ 1e-11: both far below 1e-6·max(|fd|, 1e-3) = 1e-9 at the least.
template <class Net>
void check_against_central_differences(std::uint64_t seed) {
    constexpr std::size_t frames = 9, sequences = 2, n = frames * sequences;
    using P = typename Net::template parameters<double>;
    using S = typename Net::template state<double>;
    auto ws = std::make_unique<typename Net::template workspace<double, n>>();
    const P p0 = random_parameters<Net, double>(seed);
    const auto xs = signal<double, n, Net::inputs>(0.2);
    const auto targets = signal<double, n, Net::outputs>(1.1);
    std::array<S, sequences> start{};
    for (std::size_t s = 0; s < sequences; ++s)  // non-zero carried states
        for (std::size_t u = 0; u < start[s].template layer<0>().h.size(); ++u)
            start[s].template layer<0>().h[u] = 0.2 * std::sin(static_cast<double>(3 * s + u) + 0.5);
    auto loss = [&](const P& p, P& g) {
        auto states = start;
        typename Net::template buffers<double> b{};
        return Net::gradient_into(p, b, std::span<S>(states), frames,
                                  std::span<const std::array<double, Net::inputs>>(xs),
                                  std::span<const std::array<double, Net::outputs>>(targets), nn::mse, g, *ws);
    };
    P g{};
    loss(p0, g);
    constexpr double h = 1e-5;
    std::size_t checked = 0, failed = 0;
    // Walk the parameters by index: perturb scalar k of a copy, through zip.
    for (std::size_t k = 0; k < P::size; ++k) {
        auto shifted = [&](double by) {
            P p = p0, dummy{};
            std::size_t i = 0;
            auto bump = [&](double& v) {
                if (i++ == k) v += by;
            };
            P::zip(bump, p);
            return loss(p, dummy);
        };
        const double fd = (shifted(h) - shifted(-h)) / (2 * h);
        double analytic = 0;
        std::size_t i = 0;
        auto read = [&](const double& v) {
            if (i++ == k) analytic = v;
        };
        P::zip(read, g);
        ++checked;
        if (std::abs(analytic - fd) > 1e-6 * std::max(std::abs(fd), 1e-3)) {
            ++failed;
            BOOST_TEST_MESSAGE("parameter " << k << ": BPTT " << analytic << ", central difference " << fd);
        }
    }
    BOOST_TEST(checked == P::size);
    BOOST_TEST(failed == 0u);
}

}  // namespace

// (b) every parameter, the cell first (its dh_prev carries the gradient through the frames),
// a read-out after it.
BOOST_AUTO_TEST_CASE(elman_gradients_match_central_differences) {
    check_against_central_differences<nn::sequence_network<elman<2, 4>, nn::time_distributed<nn::dense<4, 2>>>>(3);
}
BOOST_AUTO_TEST_CASE(gru_formula_gradients_match_central_differences) {
    check_against_central_differences<nn::sequence_network<formula_gru<2, 3>, nn::time_distributed<nn::dense<3, 2>>>>(5);
}
BOOST_AUTO_TEST_CASE(lstm_formula_gradients_match_central_differences) {  // h and c carried
    check_against_central_differences<nn::sequence_network<formula_lstm<2, 3>, nn::time_distributed<nn::dense<3, 2>>>>(7);
}
// A formula cell after another layer: its dx (the slice x of the input adjoint) reaches the
// first layer's parameters.
BOOST_AUTO_TEST_CASE(stacked_formula_cells_match_central_differences) {
    check_against_central_differences<nn::sequence_network<elman<2, 3>, formula_gru<3, 2>>>(9);
}

// (c) y_t = x_{t-1} (a one-frame delay: memory is needed) learned by an Elman cell of 8 units
// and a linear read-out, truncated BPTT over windows of 32 frames carrying the state, Adam.
// The mean squared error falls from ~0.3 (predicting 0) below 1e-3; then the trained net is
// streamed and equals its window forward.
BOOST_AUTO_TEST_CASE(learns_a_delay_and_streams_as_the_window) {
    using net = nn::sequence_network<elman<1, 8>, nn::time_distributed<nn::dense<8, 1>>>;
    using P = net::parameters<double>;
    constexpr std::size_t frames = 32, sequences = 4, n = frames * sequences;
    auto ws = std::make_unique<net::workspace<double, n>>();
    P p = random_parameters<net, double>(11), g{};
    constgrad::optim::adam_state<P> state;
    constgrad::optim::adam_ref<P> adam{.state = state, .learning_rate = 0.01};
    std::array<net::state<double>, sequences> states{};
    net::buffers<double> b{};
    nn::rng r{nn::seed{12}};
    std::array<double, sequences> previous{};
    std::array<std::array<double, 1>, n> xs{}, ys{};
    double first = 0, last = 0;
    for (int step = 0; step < 600; ++step) {
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t f = 0; f < frames; ++f) {
                const double x = r.uniform(-1.0, 1.0);
                xs[s * frames + f] = {x};
                ys[s * frames + f] = {previous[s]};
                previous[s] = x;
            }
        g = P{};
        const double loss = net::gradient_into(p, b, dynamic(states), frames,
                                               std::span<const std::array<double, 1>>(xs),
                                               std::span<const std::array<double, 1>>(ys), nn::mse, g, *ws);
        adam.step(p, g);
        if (step == 0) first = loss;
        last = loss;
    }
    BOOST_TEST_MESSAGE("delay task: mse " << first << " -> " << last);
    BOOST_TEST(first > 0.1);
    BOOST_TEST(last < 1e-3);
    // Streaming equals the window forward: the same sweeps in the same order, so exactly.
    nn::stream<net, double> s;
    std::array<net::state<double>, 1> one{};
    BOOST_TEST(net::forward_window(p, b, dynamic(one), n, std::span<const std::array<double, 1>>(xs), *ws));
    const auto& window = net::output(*ws);
    std::size_t equal = 0;
    for (std::size_t i = 0; i < n; ++i) equal += s.step(p, b, xs[i])[0] == window[i][0];
    BOOST_TEST(equal == n);
    // nn::sequence_inference runs the formula cell with its step (it has no prepared hooks); the
    // read-out may run on other kernels (another summation order of 8 products: a few roundings).
    auto run = std::make_unique<nn::sequence_inference<net, double>>();
    run->assign(p, b);
    nn::stream<net, double> prepared;
    double d = 0;
    for (std::size_t i = 0; i < n; ++i) d = std::max(d, std::abs(prepared.step(*run, xs[i])[0] - window[i][0]));
    BOOST_TEST(d <= 1e-13);
}

// (d) the same task in float: a float cell learns too.
BOOST_AUTO_TEST_CASE(learns_a_delay_in_float) {
    using net = nn::sequence_network<formula_gru<1, 8>, nn::time_distributed<nn::dense<8, 1>>>;
    using P = net::parameters<float>;
    constexpr std::size_t frames = 32, sequences = 4, n = frames * sequences;
    auto ws = std::make_unique<net::workspace<float, n>>();
    P p = random_parameters<net, float>(13), g{};
    constgrad::optim::adam_state<P> state;
    constgrad::optim::adam_ref<P> adam{.state = state, .learning_rate = 0.01};
    std::array<net::state<float>, sequences> states{};
    net::buffers<float> b{};
    nn::rng r{nn::seed{14}};
    std::array<float, sequences> previous{};
    std::array<std::array<float, 1>, n> xs{}, ys{};
    float first = 0, last = 0;
    for (int step = 0; step < 600; ++step) {
        for (std::size_t s = 0; s < sequences; ++s)
            for (std::size_t f = 0; f < frames; ++f) {
                const float x = static_cast<float>(r.uniform(-1.0, 1.0));
                xs[s * frames + f] = {x};
                ys[s * frames + f] = {previous[s]};
                previous[s] = x;
            }
        g = P{};
        const float loss = net::gradient_into(p, b, dynamic(states), frames,
                                              std::span<const std::array<float, 1>>(xs),
                                              std::span<const std::array<float, 1>>(ys), nn::mse, g, *ws);
        adam.step(p, g);
        if (step == 0) first = loss;
        last = loss;
    }
    BOOST_TEST_MESSAGE("delay task, float GRU formula: mse " << first << " -> " << last);
    BOOST_TEST(first > 0.1f);
    BOOST_TEST(last < 1e-3f);
}

BOOST_AUTO_TEST_SUITE_END()
