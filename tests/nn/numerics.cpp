// Numerics by error analysis (tests/support/error_bound.hpp): the network against the runtime
// tape, the run-time path against the constexpr path, the fused step against gradient-then-
// step, each element by element within an a-priori bound |a - b| <= 2 E (E: one engine's
// distance to exact arithmetic, from an |W| |x| pass). Bit identity is not asked for: the
// run-time kernels may sum in another order, use FMA and polynomial activations (<= 4 ulp).
// The mutation tests show that each comparison fails on a wrong weight and on an
// off-by-one in a sum.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/constgrad.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/l2.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/rng.hpp>
#include <constgrad/optim/sgd.hpp>
#include <constgrad/tape/activation.hpp>
#include <constgrad/tape/layer.hpp>
#include <constgrad/tape/mlp.hpp>
#include <constgrad/tape/operators.hpp>
#include <constgrad/tape/sigmoid.hpp>
#include <constgrad/tape/square.hpp>
#include <constgrad/tape/tape.hpp>
#include <constgrad/tape/value.hpp>

#include "support/error_bound.hpp"

namespace cg = constgrad;
namespace nn = constgrad::nn;
namespace tp = constgrad::tape;
namespace eb = error_bound;

namespace {

constexpr cg::variable<"z"> zv;
using swish = nn::activation<zv * cg::sigmoid(zv)>;

}  // namespace

// swish(z) = z sigmoid(z): sup |swish'| = 1.0998, sup |swish''| = 0.5. Value: sigmoid within
// 4 ulp (8u) and one product: 9u relative <= 4.5 ulp; 6 allowed. Derivative s + z s (1 - s):
// 8u + 12u |z| + two roundings <= 13u (1 + |z|); 24 allowed.
template <>
struct error_bound::activation_model<swish> {
    static constexpr activation_constants constants{1.1L, 0.5L, 0, 6, 24};
};

namespace {

// ---- networks and data --------------------------------------------------------------------

using one_layer = nn::network<nn::dense<3, 1>>;
using relu_16 = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>,
                            nn::dense<16, 1>>;  // benchmark shape 2-16-16-1
using tanh_16 =
    nn::network<nn::dense<2, 16, nn::tanh>, nn::dense<16, 16, nn::tanh>, nn::dense<16, 1>>;
using relu_64 = nn::network<nn::dense<16, 64, nn::relu>, nn::dense<64, 64, nn::relu>,
                            nn::dense<64, 1>>;  // benchmark shape 16-64-64-1
using tanh_64 =
    nn::network<nn::dense<16, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 1>>;
using mixed = nn::network<nn::dense<3, 5, nn::sigmoid>, nn::dense<5, 4, nn::leaky_relu>,
                          nn::dense<4, 2, nn::sigmoid>>;
using user = nn::network<nn::dense<4, 8, swish>, nn::dense<8, 2, nn::tanh>>;

constexpr std::size_t batch_size = 4;

// Biases of layers K... in [-0.5, 0.5). (Recursion, not a fold of lambdas: Clang 14 crashes
// on those.)
template <class Net, std::size_t K = 0, class P>
constexpr void randomize_biases(P& p, nn::rng& r) {
    using T = typename P::scalar_type;
    if constexpr (K < Net::layer_count) {
        for (auto& b : p.template layer<K>().b) b = r.uniform(T(-0.5), T(0.5));
        randomize_biases<Net, K + 1>(p, r);
    }
}

// Glorot-uniform weights and biases in [-0.5, 0.5) (nonzero, so that the bias term counts).
template <class Net, class T>
constexpr typename Net::template parameters<T> make_parameters(std::uint64_t seed) {
    auto p = Net::template init<T>(nn::seed{seed});
    nn::rng r{nn::seed{seed + 1000}};
    randomize_biases<Net>(p, r);
    return p;
}

// Inputs in [-2, 2), targets in [-1, 1).
template <class Net, class T>
constexpr std::array<typename Net::template sample_type<T>, batch_size> make_batch(
    std::uint64_t seed) {
    std::array<typename Net::template sample_type<T>, batch_size> batch{};
    nn::rng r{nn::seed{seed + 2000}};
    for (auto& s : batch) {
        for (auto& v : s.x) v = r.uniform(T(-2), T(2));
        for (auto& v : s.y) v = r.uniform(T(-1), T(1));
    }
    return batch;
}

// A copy the optimiser cannot see through (each scalar passes a volatile).
template <class A>
A opaque(const A& a) {
    A b = a;
    auto* bytes = reinterpret_cast<volatile unsigned char*>(&b);
    for (std::size_t k = 0; k < sizeof(A); ++k) bytes[k] = bytes[k];
    return b;
}

// The weight the mutants perturb: in the last layer, output 0, the input j with the largest
// |w_j x_j| for the first sample (|w_j dLoss/dw_j| = |w_j x_j dz_0|), so that the change shows
// in the output (a weight on a dead relu unit would change nothing: no test can see it).
template <class Net, class P, class S>
constexpr std::size_t perturbed_input(const P& p, const S& sample) {
    constexpr std::size_t last = Net::layer_count - 1;
    const auto g = Net::gradient(nn::squared_error, p, sample.x, sample.y);
    const auto& w = p.template layer<last>().w[0];
    const auto& gw = g.template layer<last>().w[0];
    auto size = [&](std::size_t i) {
        const auto v = w[i] * gw[i];
        return v < 0 ? -v : v;
    };
    std::size_t best = 0;
    for (std::size_t i = 1; i < w.size(); ++i)
        if (size(i) > size(best)) best = i;
    return best;
}

// The dot product the off-by-one mutants break: in layer 0 (whose inputs are the data, so the
// dropped or repeated term is not zero), the output that matters most to the loss for the
// first sample (largest |dLoss/db|).
template <class Net, class P, class S>
eb::fault off_by_one(const P& p, const S& sample, eb::fault::kind k) {
    const auto g = Net::gradient(nn::squared_error, p, sample.x, sample.y);
    const auto& db = g.template layer<0>().b;
    std::size_t best = 0;
    for (std::size_t o = 1; o < db.size(); ++o)
        if (std::fabs(db[o]) > std::fabs(db[best])) best = o;
    return {k, 0, best};
}

// The relative size of the perturbation of one weight: the smallest power of ten that each
// comparison must catch. Output 0 moves by eps |w_j x_j|, and the two engines may differ by
// up to 2E anyway, so the change is certain to show once eps |w_j x_j| > 4E: the "must be
// caught above" threshold printed (and checked) per case. For the 16-wide layers here
// 4E ~ 4 (n+1) u n |w_j x_j| (n terms of similar size): ~1e-13 in double, ~1e-4 in float
// (more with the errors propagated from earlier layers; measured 1.6e-14 to 4e-13 and
// 9e-5 to 2.2e-4). Hence 1e-12 (double) and 1e-3 (float).
template <class T>
constexpr T perturbation = std::is_same_v<T, float> ? T(1e-3) : T(1e-12);

template <class T>
std::string eps_text() {
    std::ostringstream s;
    s << static_cast<double>(perturbation<T>);
    return s.str();
}

template <class Net, class P, class S>
constexpr void perturb(P& p, const S& sample) {
    using T = typename P::scalar_type;
    const std::size_t j = perturbed_input<Net>(p, sample);
    auto& w = p.template layer<Net::layer_count - 1>().w[0][j];
    w = w * (T(1) + perturbation<T>);
}

template <class Net>
auto output_name(std::size_t sample) {
    return [sample](std::size_t k) {
        return "output[" + std::to_string(k) + "] of sample " + std::to_string(sample);
    };
}
template <class Net>
auto gradient_name(std::string what) {
    return [what](std::size_t k) { return what + " " + eb::parameter_name<Net>(k); };
}
inline auto input_name(std::size_t sample) {
    return [sample](std::size_t k) {
        return "dLoss/dx[" + std::to_string(k) + "] of sample " + std::to_string(sample);
    };
}
inline auto scalar_name(std::string what) {
    return [what](std::size_t) { return what; };
}

// Per-sample and batch results of one engine (flat parameter layout).
template <class T>
struct results {
    std::vector<std::vector<T>> outputs, gradients, input_gradients;
    std::vector<T> batch_gradient;
};

template <class Net, class T>
results<T> network_results(const typename Net::template parameters<T>& p,
                           const std::array<typename Net::template sample_type<T>, batch_size>& b) {
    results<T> r;
    for (const auto& s : b) {
        const auto out = Net::forward(p, s.x);
        const auto g = nn::flatten(Net::gradient(nn::squared_error, p, s.x, s.y));
        const auto dx = Net::input_gradient(nn::squared_error, p, s.x, s.y);
        r.outputs.emplace_back(out.begin(), out.end());
        r.gradients.emplace_back(g.begin(), g.end());
        r.input_gradients.emplace_back(dx.begin(), dx.end());
    }
    const auto bg = nn::flatten(Net::gradient(nn::squared_error, p, b));
    r.batch_gradient.assign(bg.begin(), bg.end());
    return r;
}

// The reference engine of error_bound.hpp (optionally with a fault) as an engine.
template <class Net, class T>
results<T> reference_results(const typename Net::template parameters<T>& p,
                             const std::array<typename Net::template sample_type<T>, batch_size>& b,
                             eb::fault f) {
    results<T> r;
    auto values = [](const std::vector<eb::bounded<T>>& v) {
        std::vector<T> out;
        for (const auto& e : v) out.push_back(e.value);
        return out;
    };
    for (const auto& s : b) {
        const auto a = eb::analyse_sample<Net>(p, s.x, s.y, eb::squared_error, 1, true, f);
        r.outputs.push_back(values(a.output));
        r.gradients.push_back(values(a.gradient));
        r.input_gradients.push_back(values(a.input_gradient));
    }
    r.batch_gradient = values(eb::analyse_batch<Net>(p, b, eb::squared_error, f).gradient);
    return r;
}

// ---- the runtime tape as an engine --------------------------------------------------------

template <class Act>
constexpr bool tape_has_activation =
    std::is_same_v<Act, nn::identity> || std::is_same_v<Act, nn::relu> ||
    std::is_same_v<Act, nn::leaky_relu> || std::is_same_v<Act, nn::tanh> ||
    std::is_same_v<Act, nn::sigmoid>;

template <class Act>
constexpr tp::activation tape_activation() {
    if constexpr (std::is_same_v<Act, nn::relu>)
        return tp::activation::relu;
    else if constexpr (std::is_same_v<Act, nn::leaky_relu>)
        return tp::activation::leaky_relu;
    else if constexpr (std::is_same_v<Act, nn::tanh>)
        return tp::activation::tanh;
    else if constexpr (std::is_same_v<Act, nn::sigmoid>)
        return tp::activation::sigmoid;
    else
        return tp::activation::identity;
}

// A forward pass on the tape for one sample: tape::mlp (same layout, same parameters) for
// built-in activations; for swish the same dense layers recorded by hand, z * sigmoid(z).
template <class Net, class T>
struct tape_engine {
    template <class... Ls>
    static constexpr bool all_builtin(nn::network<Ls...>*) {
        return (tape_has_activation<typename Ls::activation> && ...);
    }
    static constexpr bool builtin = all_builtin(static_cast<Net*>(nullptr));

    template <class... Ls>
    static tp::mlp<T> make_mlp(nn::network<Ls...>*) {
        return tp::mlp<T>{
            tp::layer<T>(Ls::inputs, Ls::outputs, tape_activation<typename Ls::activation>())...};
    }

    std::vector<T> flat;
    tp::mlp<T> net = make_mlp(static_cast<Net*>(nullptr));
    std::vector<tp::value<T>> leaves;  // the hand-recorded network's parameters

    explicit tape_engine(const std::vector<T>& parameters) : flat(parameters) {
        net.load_parameters(flat);
    }

    std::vector<tp::value<T>> run(tp::tape<T>& t, const std::vector<tp::value<T>>& x) {
        if constexpr (builtin) {
            const auto out = net(t, std::span<const tp::value<T>>(x));
            return {out.begin(), out.end()};
        } else {
            if (leaves.empty())  // once per tape: results_for clears them with each new tape
                for (T v : flat) leaves.push_back(t.variable(v));
            std::vector<tp::value<T>> v = x;
            record_layers<0>(v, 0);
            return v;
        }
    }

    // Layers K... of the hand-recorded network on v (recursion, not a fold of lambdas: Clang
    // 14 crashes on those).
    template <std::size_t K>
    void record_layers(std::vector<tp::value<T>>& v, std::size_t offset) {
        if constexpr (K < Net::layer_count) {
            using L = typename Net::template layer_type<K>;
            std::vector<tp::value<T>> y;
            for (std::size_t o = 0; o < L::outputs; ++o) {
                tp::value<T> z = leaves[offset + o * L::inputs] * v[0];
                for (std::size_t i = 1; i < L::inputs; ++i)
                    z = z + leaves[offset + o * L::inputs + i] * v[i];
                z = z + leaves[offset + L::outputs * L::inputs + o];
                if constexpr (std::is_same_v<typename L::activation, swish>)
                    y.push_back(z * tp::sigmoid(z));
                else
                    y.push_back(activate(z, tape_activation<typename L::activation>()));
            }
            v = y;
            record_layers<K + 1>(v, offset + L::outputs * L::inputs + L::outputs);
        }
    }

    std::vector<T> gradient() const {
        if constexpr (builtin) {
            return net.gradient();
        } else {
            std::vector<T> g;
            for (const auto& l : leaves) g.push_back(l.grad());
            return g;
        }
    }

    results<T> results_for(
        const std::array<typename Net::template sample_type<T>, batch_size>& b) {
        results<T> r;
        for (const auto& s : b) {
            tp::tape<T> t;
            leaves.clear();
            std::vector<tp::value<T>> x;
            for (T v : s.x) x.push_back(t.variable(v));
            const auto out = run(t, x);
            tp::value<T> loss = t.variable(T(0));
            std::vector<T> o;
            for (std::size_t k = 0; k < out.size(); ++k) {
                o.push_back(out[k].data());
                loss = loss + square(out[k] - s.y[k]);
            }
            loss.backward();
            std::vector<T> dx;
            for (const auto& v : x) dx.push_back(v.grad());
            r.outputs.push_back(o);
            r.gradients.push_back(gradient());
            r.input_gradients.push_back(dx);
        }
        tp::tape<T> t;
        leaves.clear();
        tp::value<T> loss = t.variable(T(0));
        for (const auto& s : b) {
            std::vector<tp::value<T>> x;
            for (T v : s.x) x.push_back(t.variable(v));
            const auto out = run(t, x);
            for (std::size_t k = 0; k < out.size(); ++k) loss = loss + square(out[k] - s.y[k]);
        }
        loss.backward();
        r.batch_gradient = gradient();
        return r;
    }
};

// ---- comparing results ----------------------------------------------------------------------

struct verdict {
    eb::comparison forward, gradient, input_gradient, batch_gradient;
    eb::comparison all() const {
        eb::comparison c = forward;
        c += gradient;
        c += input_gradient;
        c += batch_gradient;
        return c;
    }
};

// Every result of a against b within 2 E of the correct analysis of (p, batch).
template <class Net, class T>
verdict compare_results(const results<T>& a, const results<T>& b,
                        const typename Net::template parameters<T>& p,
                        const std::array<typename Net::template sample_type<T>, batch_size>& batch) {
    verdict v;
    for (std::size_t s = 0; s < batch_size; ++s) {
        const auto an = eb::analyse_sample<Net>(p, batch[s].x, batch[s].y, eb::squared_error);
        v.forward += eb::compare(a.outputs[s], b.outputs[s], an.output, output_name<Net>(s));
        v.gradient += eb::compare(a.gradients[s], b.gradients[s], an.gradient,
                                  gradient_name<Net>("dLoss/d of sample " + std::to_string(s)));
        v.input_gradient += eb::compare(a.input_gradients[s], b.input_gradients[s],
                                        an.input_gradient, input_name(s));
    }
    const auto ab = eb::analyse_batch<Net>(p, batch, eb::squared_error);
    v.batch_gradient += eb::compare(a.batch_gradient, b.batch_gradient, ab.gradient,
                                    gradient_name<Net>("batch dLoss/d"));
    return v;
}

void report(const std::string& what, const eb::comparison& c) {
    BOOST_TEST_MESSAGE(what << ": " << c.checked << " numbers, max |a-b|/bound = "
                            << static_cast<double>(c.worst_ratio) << " (" << c.worst << ")");
}

void expect_pass(const std::string& what, const eb::comparison& c) {
    report(what, c);
    BOOST_TEST(c.violations == 0u, what << ": " << c.violations << " of " << c.checked
                                        << " outside the bound:" << c.failures);
}

// Each named comparison of the verdict must have found the fault.
void expect_caught(const std::string& what, const verdict& v, bool inputs_too = true) {
    BOOST_TEST(v.forward.violations > 0u, what << ": forward comparison missed the fault");
    BOOST_TEST(v.gradient.violations > 0u, what << ": gradient comparison missed the fault");
    if (inputs_too)
        BOOST_TEST(v.input_gradient.violations > 0u,
                   what << ": input-gradient comparison missed the fault");
    BOOST_TEST(v.batch_gradient.violations > 0u,
               what << ": batch-gradient comparison missed the fault");
    BOOST_TEST_MESSAGE(what << ": caught (" << v.forward.violations << " outputs, "
                            << v.gradient.violations << " + " << v.batch_gradient.violations
                            << " gradient entries, " << v.input_gradient.violations
                            << " input-gradient entries outside the bound)");
}

template <class T>
std::string type_name() {
    return std::is_same_v<T, float> ? "float" : "double";
}

template <class Net, class T>
std::vector<T> flat_vector(const typename Net::template parameters<T>& p) {
    const auto f = nn::flatten(p);
    return {f.begin(), f.end()};
}

// Relative weight error above which a perturbation of the mutants' weight must show in
// output 0 of some sample: 4E / |w_j x_j|, the smallest over the batch.
template <class Net, class T>
double detection_threshold(const typename Net::template parameters<T>& p,
                           const std::array<typename Net::template sample_type<T>, batch_size>& b) {
    const std::size_t j = perturbed_input<Net>(p, b[0]);
    const T w = p.template layer<Net::layer_count - 1>().w[0][j];
    double best = HUGE_VAL;
    for (const auto& s : b) {
        const auto an = eb::analyse_sample<Net>(p, s.x, s.y, eb::squared_error);
        // x_j, the last layer's input, from the gradient (the analysis keeps no hidden values):
        // dLoss/dw[0][j] = dz_0 x_j and dLoss/db[0] = dz_0. Caught for sure once
        // eps |w_j x_j| > 4E (2E of tolerance, up to 2E of genuine difference).
        const std::size_t last = Net::parameter_count - Net::output_size -
                                 Net::output_size * Net::template layer_type<Net::layer_count - 1>::inputs;
        const double dz = static_cast<double>(an.gradient[Net::parameter_count - Net::output_size].value);
        const double dw = static_cast<double>(an.gradient[last + j].value);
        if (dz == 0) continue;
        const double wx = std::fabs(static_cast<double>(w) * dw / dz);
        if (wx > 0) best = std::min(best, 2 * static_cast<double>(an.output[0].error) * 2 / wx);
    }
    return best;
}

// ---- (a) network against the runtime tape --------------------------------------------------

template <class Net, class T>
void network_vs_tape(std::uint64_t seed, const std::string& name, bool mutants = false) {
    const std::string what = name + " " + type_name<T>() + ", network vs tape";
    const auto p = make_parameters<Net, T>(seed);
    const auto batch = make_batch<Net, T>(seed);
    const results<T> net = network_results<Net, T>(p, batch);
    tape_engine<Net, T> tape(flat_vector<Net, T>(p));
    const verdict v = compare_results<Net, T>(net, tape.results_for(batch), p, batch);
    expect_pass(what + ": outputs", v.forward);
    expect_pass(what + ": gradients", v.gradient);
    expect_pass(what + ": input gradients", v.input_gradient);
    expect_pass(what + ": batch gradient", v.batch_gradient);
    if (!mutants) return;
    // (i) the tape with one wrong weight.
    auto wrong = p;
    perturb<Net>(wrong, batch[0]);
    tape_engine<Net, T> wrong_tape(flat_vector<Net, T>(wrong));
    const double threshold = detection_threshold<Net, T>(p, batch);
    BOOST_TEST_MESSAGE(what << ": a relative error of the perturbed weight must be caught above "
                            << threshold);
    BOOST_TEST(static_cast<double>(perturbation<T>) > threshold);
    // Not required of the input gradient: it sees a last-layer weight only through the
    // relative change eps of one term of dLoss/dx, below its (deeper, looser) bound at these
    // eps for tanh (it shows for relu, sigmoid and swish; the off-by-one mutants show in it).
    expect_caught(what + ", weight * (1 + " + eps_text<T>() + ")",
                  compare_results<Net, T>(net, wrong_tape.results_for(batch), p, batch), false);
    // (ii) an off-by-one in one dot product (the reference engine with the fault, standing in
    // for the tape).
    for (auto k : {eb::fault::kind::drop_last_term, eb::fault::kind::extra_term})
        expect_caught(what + (k == eb::fault::kind::drop_last_term ? ", sum drops its last term"
                                                                    : ", sum has an extra term"),
                      compare_results<Net, T>(
                          net, reference_results<Net, T>(p, batch, off_by_one<Net>(p, batch[0], k)), p, batch));
}

BOOST_AUTO_TEST_SUITE(numerics)

BOOST_AUTO_TEST_CASE(network_vs_tape_all_shapes) {
    network_vs_tape<one_layer, double>(1, "3-1 identity");
    network_vs_tape<one_layer, float>(1, "3-1 identity");
    network_vs_tape<relu_16, double>(2, "2-16-16-1 relu", true);
    network_vs_tape<relu_16, float>(2, "2-16-16-1 relu", true);
    network_vs_tape<tanh_16, double>(3, "2-16-16-1 tanh", true);
    network_vs_tape<tanh_16, float>(3, "2-16-16-1 tanh", true);
    network_vs_tape<relu_64, double>(4, "16-64-64-1 relu");
    network_vs_tape<relu_64, float>(4, "16-64-64-1 relu");
    network_vs_tape<tanh_64, double>(5, "16-64-64-1 tanh");
    network_vs_tape<tanh_64, float>(5, "16-64-64-1 tanh");
    network_vs_tape<mixed, double>(6, "3-5-4-2 sigmoid/leaky_relu/sigmoid", true);
    network_vs_tape<mixed, float>(6, "3-5-4-2 sigmoid/leaky_relu/sigmoid");
    network_vs_tape<user, double>(7, "4-8-2 swish/tanh (user activation)", true);
    network_vs_tape<user, float>(7, "4-8-2 swish/tanh (user activation)");
}

// ---- (b) the run-time path against the constexpr path --------------------------------------

// Everything computed inside the compiler (the plain loops of the constexpr path), from
// parameters and inputs known at compile time; Mutant perturbs one weight first.
template <class Net, class T, std::uint64_t Seed, bool Mutant = false>
struct compile_time {
    using P = typename Net::template parameters<T>;
    static constexpr T rate = T(0.05);
    static constexpr P p = [] {
        auto q = make_parameters<Net, T>(Seed);
        if constexpr (Mutant) perturb<Net>(q, make_batch<Net, T>(Seed)[0]);
        return q;
    }();
    static constexpr auto batch = make_batch<Net, T>(Seed);
    static constexpr auto output = Net::forward(p, batch[0].x);
    static constexpr auto gradient =
        nn::flatten(Net::gradient(nn::squared_error, p, batch[0].x, batch[0].y));
    static constexpr auto input_gradient =
        Net::input_gradient(nn::squared_error, p, batch[0].x, batch[0].y);
    static constexpr auto batch_gradient = nn::flatten(Net::gradient(nn::squared_error, p, batch));
    static constexpr auto stepped = [] {
        auto q = p;
        Net::descend(nn::squared_error, q, rate, batch[0].x, batch[0].y);
        return nn::flatten(q);
    }();
};

// The run-time counterparts of compile_time's numbers (parameters and data laundered through
// volatile so that nothing is folded), compared with the bounds of the correct parameters.
struct run_time_verdict {
    verdict v;
    eb::comparison step;
};

template <class Net, class T, class CT>
run_time_verdict compare_with_compile_time(const std::array<T, Net::output_size>& out,
                                           const std::array<T, Net::parameter_count>& grad,
                                           const std::array<T, Net::input_size>& dx,
                                           const std::array<T, Net::parameter_count>& batch_grad,
                                           const std::array<T, Net::parameter_count>& stepped) {
    using correct = compile_time<Net, T, CT::seed>;
    const auto& p = correct::p;
    const auto& batch = correct::batch;
    const auto an = eb::analyse_sample<Net>(p, batch[0].x, batch[0].y, eb::squared_error);
    const auto ab = eb::analyse_batch<Net>(p, batch, eb::squared_error);
    const auto after = eb::step(p, an.gradient, correct::rate);
    run_time_verdict r;
    r.v.forward = eb::compare(out, CT::output, an.output, output_name<Net>(0));
    r.v.gradient = eb::compare(grad, CT::gradient, an.gradient, gradient_name<Net>("dLoss/d"));
    r.v.input_gradient = eb::compare(dx, CT::input_gradient, an.input_gradient, input_name(0));
    r.v.batch_gradient =
        eb::compare(batch_grad, CT::batch_gradient, ab.gradient, gradient_name<Net>("batch dLoss/d"));
    r.step = eb::compare(stepped, CT::stepped, after, gradient_name<Net>("after descend:"));
    return r;
}

template <std::uint64_t Seed>
struct seeded {
    static constexpr std::uint64_t seed = Seed;
};

template <class Net, class T, std::uint64_t Seed, bool Mutants = false>
void run_time_vs_compile_time(const std::string& name) {
    using ct = compile_time<Net, T, Seed>;
    struct ct_values : ct, seeded<Seed> {};
    const std::string what = name + " " + type_name<T>() + ", run time vs compile time";
    const auto p = opaque(ct::p);
    const auto batch = opaque(ct::batch);
    const auto out = Net::forward(p, batch[0].x);
    const auto grad = nn::flatten(Net::gradient(nn::squared_error, p, batch[0].x, batch[0].y));
    const auto dx = Net::input_gradient(nn::squared_error, p, batch[0].x, batch[0].y);
    const auto batch_grad = nn::flatten(Net::gradient(nn::squared_error, p, batch));
    auto q = p;
    Net::descend(nn::squared_error, q, opaque(ct::rate), batch[0].x, batch[0].y);
    const auto stepped = nn::flatten(q);
    const auto r = compare_with_compile_time<Net, T, ct_values>(out, grad, dx, batch_grad, stepped);
    expect_pass(what + ": output", r.v.forward);
    expect_pass(what + ": gradient", r.v.gradient);
    expect_pass(what + ": input gradient", r.v.input_gradient);
    expect_pass(what + ": batch gradient", r.v.batch_gradient);
    expect_pass(what + ": descend", r.step);
    if constexpr (Mutants) {
        // (i) the compile-time side computed (by the compiler) with one wrong weight.
        using wrong = compile_time<Net, T, Seed, true>;
        struct wrong_values : wrong, seeded<Seed> {};
        const auto m =
            compare_with_compile_time<Net, T, wrong_values>(out, grad, dx, batch_grad, stepped);
        expect_caught(what + ", compile-time weight * (1 + " + eps_text<T>() +
                          ")",
                      m.v, false);
        BOOST_TEST(m.step.violations > 0u, what << ": descend comparison missed the wrong weight");
        // (ii) an off-by-one: the faulty reference engine in place of the compile-time side.
        for (auto k : {eb::fault::kind::drop_last_term, eb::fault::kind::extra_term}) {
            const auto f = off_by_one<Net>(ct::p, ct::batch[0], k);
            const auto faulty = eb::analyse_sample<Net>(ct::p, ct::batch[0].x, ct::batch[0].y,
                                                        eb::squared_error, 1, true, f);
            const auto faulty_batch = eb::analyse_batch<Net>(ct::p, ct::batch, eb::squared_error, f);
            const auto faulty_step = eb::step(ct::p, faulty.gradient, ct::rate);
            std::array<T, Net::output_size> f_out{};
            std::array<T, Net::input_size> f_dx{};
            std::array<T, Net::parameter_count> f_grad{}, f_batch{}, f_step{};
            for (std::size_t j = 0; j < Net::output_size; ++j) f_out[j] = faulty.output[j].value;
            for (std::size_t j = 0; j < Net::input_size; ++j)
                f_dx[j] = faulty.input_gradient[j].value;
            for (std::size_t j = 0; j < Net::parameter_count; ++j) {
                f_grad[j] = faulty.gradient[j].value;
                f_batch[j] = faulty_batch.gradient[j].value;
                f_step[j] = faulty_step[j].value;
            }
            const auto an = eb::analyse_sample<Net>(ct::p, ct::batch[0].x, ct::batch[0].y,
                                                    eb::squared_error);
            const auto ab = eb::analyse_batch<Net>(ct::p, ct::batch, eb::squared_error);
            verdict v;
            v.forward = eb::compare(out, f_out, an.output, output_name<Net>(0));
            v.gradient = eb::compare(grad, f_grad, an.gradient, gradient_name<Net>("dLoss/d"));
            v.input_gradient = eb::compare(dx, f_dx, an.input_gradient, input_name(0));
            v.batch_gradient = eb::compare(batch_grad, f_batch, ab.gradient,
                                           gradient_name<Net>("batch dLoss/d"));
            const auto step_check =
                eb::compare(stepped, f_step, eb::step(ct::p, an.gradient, ct::rate),
                            gradient_name<Net>("after descend:"));
            const std::string label = k == eb::fault::kind::drop_last_term
                                          ? ", sum drops its last term"
                                          : ", sum has an extra term";
            expect_caught(what + label, v, false);
            BOOST_TEST(step_check.violations > 0u, what << label << ": descend comparison missed it");
        }
    }
}

BOOST_AUTO_TEST_CASE(run_time_vs_compile_time_all_shapes) {
    run_time_vs_compile_time<one_layer, double, 11>("3-1 identity");
    run_time_vs_compile_time<relu_16, double, 12, true>("2-16-16-1 relu");
    run_time_vs_compile_time<relu_16, float, 12>("2-16-16-1 relu");
    run_time_vs_compile_time<tanh_16, double, 13, true>("2-16-16-1 tanh");
    run_time_vs_compile_time<tanh_16, float, 13, true>("2-16-16-1 tanh");
    run_time_vs_compile_time<relu_64, double, 14>("16-64-64-1 relu");
    run_time_vs_compile_time<tanh_64, double, 15>("16-64-64-1 tanh");
    run_time_vs_compile_time<tanh_64, float, 15>("16-64-64-1 tanh");
    run_time_vs_compile_time<mixed, double, 16>("3-5-4-2 sigmoid/leaky_relu/sigmoid");
    run_time_vs_compile_time<mixed, float, 16>("3-5-4-2 sigmoid/leaky_relu/sigmoid");
    run_time_vs_compile_time<user, double, 17>("4-8-2 swish/tanh (user activation)");
}

// ---- (c) the fused step against gradient-then-step -----------------------------------------

// Steps along a trajectory: at each, from the same parameters, Net::descend and
// sgd::train<Net> against sgd::step(p, Net::gradient(...)), and the returned loss against
// Net::loss; then both continue from the unfused result.
template <class Net, class T, class L>
void fused_vs_unfused(std::uint64_t seed, const L& loss, const eb::loss_model& model,
                      const std::string& name, bool mutants = false) {
    const std::string what = name + " " + type_name<T>() + ", fused vs gradient-then-step";
    auto p = make_parameters<Net, T>(seed);
    const auto batch = make_batch<Net, T>(seed);
    const T rate = T(0.05);
    eb::comparison params, trained, losses;
    verdict wrong_weight, dropped, extra;
    for (std::size_t s = 0; s < batch_size; ++s) {
        const auto& [x, y] = batch[s];
        const auto an = eb::analyse_sample<Net>(p, x, y, model);
        const auto after = eb::step(p, an.gradient, rate);
        cg::optim::sgd unfused_opt{.learning_rate = static_cast<double>(rate)};
        auto unfused = p;
        unfused_opt.step(unfused, Net::gradient(loss, p, x, y));
        auto fused = p;
        const T fused_loss = Net::descend(loss, fused, rate, x, y);
        cg::optim::sgd train_opt{.learning_rate = static_cast<double>(rate)};
        auto by_train = p;
        const T train_loss = train_opt.template train<Net>(loss, by_train, x, y);
        const auto flat_unfused = nn::flatten(unfused);
        const auto name_of = gradient_name<Net>("step " + std::to_string(s) + ":");
        params += eb::compare(nn::flatten(fused), flat_unfused, after, name_of);
        trained += eb::compare(nn::flatten(by_train), flat_unfused, after, name_of);
        const std::array<T, 1> expected_loss{Net::loss(loss, p, x, y)};
        const std::vector<eb::bounded<T>> loss_bound{an.loss};
        losses += eb::compare(std::array{fused_loss}, expected_loss, loss_bound,
                              scalar_name("loss of step " + std::to_string(s)));
        losses += eb::compare(std::array{train_loss}, expected_loss, loss_bound,
                              scalar_name("loss of step " + std::to_string(s)));
        if (mutants) {
            // (i) the fused step from parameters with one wrong weight.
            auto wrong = p;
            perturb<Net>(wrong, batch[s]);
            auto fused_wrong = wrong;
            Net::descend(loss, fused_wrong, rate, x, y);
            wrong_weight.gradient += eb::compare(nn::flatten(fused_wrong), flat_unfused, after, name_of);
            // (ii) gradient-then-step with the faulty reference engine's gradient.
            for (auto k : {eb::fault::kind::drop_last_term, eb::fault::kind::extra_term}) {
                const auto faulty = eb::analyse_sample<Net>(p, x, y, model, 1, true,
                                                            off_by_one<Net>(p, batch[s], k));
                const auto faulty_after = eb::step(p, faulty.gradient, rate);
                std::vector<T> values;
                for (const auto& e : faulty_after) values.push_back(e.value);
                (k == eb::fault::kind::drop_last_term ? dropped : extra).gradient +=
                    eb::compare(nn::flatten(fused), values, after, name_of);
            }
        }
        p = unfused;
    }
    expect_pass(what + ": descend", params);
    expect_pass(what + ": sgd::train", trained);
    expect_pass(what + ": loss", losses);
    if (mutants) {
        BOOST_TEST(wrong_weight.gradient.violations > 0u, what << ": missed a wrong weight");
        BOOST_TEST(dropped.gradient.violations > 0u, what << ": missed a dropped term");
        BOOST_TEST(extra.gradient.violations > 0u, what << ": missed an extra term");
        BOOST_TEST_MESSAGE(what << ": mutants caught: wrong weight " << wrong_weight.gradient.violations
                                << ", dropped term " << dropped.gradient.violations
                                << ", extra term " << extra.gradient.violations
                                << " parameters outside the bound");
    }
}

BOOST_AUTO_TEST_CASE(fused_vs_unfused_all_shapes) {
    fused_vs_unfused<one_layer, double>(21, nn::squared_error, eb::squared_error, "3-1 identity");
    fused_vs_unfused<relu_16, double>(22, nn::squared_error, eb::squared_error, "2-16-16-1 relu",
                                      true);
    fused_vs_unfused<relu_16, float>(22, nn::mse, eb::mse, "2-16-16-1 relu (mse)", true);
    fused_vs_unfused<tanh_16, double>(23, nn::squared_error, eb::squared_error, "2-16-16-1 tanh",
                                      true);
    fused_vs_unfused<tanh_16, float>(23, nn::squared_error, eb::squared_error, "2-16-16-1 tanh");
    fused_vs_unfused<relu_64, double>(24, nn::squared_error, eb::squared_error, "16-64-64-1 relu");
    fused_vs_unfused<relu_64, float>(24, nn::squared_error, eb::squared_error, "16-64-64-1 relu");
    fused_vs_unfused<tanh_64, double>(25, nn::squared_error, eb::squared_error, "16-64-64-1 tanh");
    fused_vs_unfused<tanh_64, float>(25, nn::mse, eb::mse, "16-64-64-1 tanh (mse)");
    fused_vs_unfused<mixed, double>(26, nn::hinge, eb::hinge, "3-5-4-2 sigmoid/leaky (hinge)");
    fused_vs_unfused<mixed, float>(26, nn::squared_error + nn::l2{1e-3},
                                   eb::loss_model{eb::loss_model::kind::squared, false, 1e-3L},
                                   "3-5-4-2 sigmoid/leaky (squared error + l2)");
    fused_vs_unfused<user, double>(27, nn::squared_error, eb::squared_error,
                                   "4-8-2 swish/tanh (user activation)", true);
    fused_vs_unfused<user, float>(27, nn::squared_error, eb::squared_error,
                                  "4-8-2 swish/tanh (user activation)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
