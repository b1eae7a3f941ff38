// Runtime neuron / layer / mlp: the documented parameter layout, gradients against central
// finite differences, allocation-free steps once warmed up, safe reuse across tapes.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <constgrad/math/sigmoid.hpp>

#include <support/counting_new.hpp>
#include "tape_test_support.hpp"

using namespace tape_test;

namespace {

double act_plain(tp::activation act, double z, double slope)
{
    switch (act) {
    case tp::activation::relu:
        return z > 0 ? z : 0.0;
    case tp::activation::leaky_relu:
        return z > 0 ? z : slope * z;
    case tp::activation::tanh:
        return std::tanh(z);
    case tp::activation::sigmoid:
        return constgrad::math::sigmoid(z);   // the engines' logistic function (stable form)
    case tp::activation::identity:
        break;
    }
    return z;
}

// An independent plain-double forward pass over the documented flat layout: per layer,
// W row-major (W[j][i] at j * in + i), then b; z_j = sum_i W[j][i] x_i + b_j in that order.
std::vector<double> reference_forward(const tp::mlp<>& net, const std::vector<double>& params,
                                      std::vector<double> x, double slope = 0.01)
{
    std::size_t offset = 0;
    for (std::size_t k = 0; k < net.layer_count(); ++k) {
        const std::size_t in = net.layer_inputs(k), out = net.layer_outputs(k);
        std::vector<double> y(out);
        for (std::size_t j = 0; j < out; ++j) {
            double z = params[offset + j * in] * x[0];
            for (std::size_t i = 1; i < in; ++i) {
                z = z + params[offset + j * in + i] * x[i];
            }
            z = z + params[offset + out * in + j];
            y[j] = act_plain(net.layer_activation(k), z, slope);
        }
        offset += out * in + out;
        x = y;
    }
    return x;
}

struct sample {
    std::vector<double> x, y;
};

// Sum over samples of the squared error, with the reference forward pass.
double reference_loss(const tp::mlp<>& net, const std::vector<double>& params, const std::vector<sample>& data)
{
    double loss = 0;
    for (const sample& s : data) {
        const std::vector<double> out = reference_forward(net, params, s.x);
        for (std::size_t j = 0; j < out.size(); ++j) {
            loss += (out[j] - s.y[j]) * (out[j] - s.y[j]);
        }
    }
    return loss;
}

std::vector<sample> make_data(std::size_t inputs, std::size_t outputs, std::size_t count, numbers& rng)
{
    std::vector<sample> data(count);
    for (sample& s : data) {
        for (std::size_t i = 0; i < inputs; ++i) {
            s.x.push_back(rng.uniform(-2, 2));
        }
        for (std::size_t j = 0; j < outputs; ++j) {
            s.y.push_back(rng.uniform(-1, 1));
        }
    }
    return data;
}

// The seed's squared-error loss Σ (NN(x) - y)^2 recorded on t, one forward pass per sample
// (the passes share the parameters' leaves).
tp::value<> record_loss(tp::tape<>& t, tp::mlp<>& net, const std::vector<sample>& data)
{
    tp::value<> loss = t.variable(0.0);
    for (const sample& s : data) {
        const auto out = net(t, s.x);
        for (std::size_t j = 0; j < out.size(); ++j) {
            loss = loss + square(out[j] - s.y[j]);
        }
    }
    return loss;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mlp)

// Outputs equal the plain-double reference bit for bit (same layout, same summation order),
// and the gradient of the summed loss equals central finite differences, for networks of 1
// to 4 layers and every activation.
BOOST_AUTO_TEST_CASE(gradient_matches_finite_differences)
{
    using A = tp::activation;
    struct shape {
        std::size_t inputs;
        std::vector<std::size_t> widths;
        A hidden, output;
    };
    const std::vector<shape> shapes{
        {3, {1}, A::identity, A::identity},
        {2, {4, 1}, A::tanh, A::identity},
        {2, {5, 3}, A::sigmoid, A::tanh},
        {3, {4, 4, 2}, A::leaky_relu, A::sigmoid},
        {2, {6, 5, 4, 1}, A::relu, A::identity},
        {4, {3, 3, 3, 3}, A::tanh, A::leaky_relu},
    };
    numbers rng(2024);
    std::size_t compared = 0;
    for (const shape& sh : shapes) {
        tp::mlp<> net(sh.inputs, sh.widths, sh.hidden, sh.output);
        std::vector<double> params(net.parameter_count());
        for (double& p : params) {
            p = rng.uniform(-1, 1);
        }
        net.load_parameters(params);
        const auto data = make_data(sh.inputs, sh.widths.back(), 3, rng);

        tp::tape<> t;
        for (const sample& s : data) {
            const auto out = net(t, s.x);
            const std::vector<double> expected = reference_forward(net, params, s.x);
            for (std::size_t j = 0; j < out.size(); ++j) {
                BOOST_TEST(out[j].data() == expected[j]);
            }
        }
        t.clear();
        auto loss = record_loss(t, net, data);
        BOOST_TEST(close(loss.data(), reference_loss(net, params, data), 1e-14));
        loss.backward();
        const std::vector<double> g = net.gradient();
        for (std::size_t k = 0; k < params.size(); ++k) {
            const double fd = central_difference(
                [&](const std::vector<double>& p) { return reference_loss(net, p, data); }, params, k);
            BOOST_TEST_CONTEXT("shape " << sh.inputs << "-" << sh.widths.size() << " layers, parameter " << k)
            {
                BOOST_TEST(close(g[k], fd, 1e-6));
            }
            ++compared;
        }
    }
    BOOST_TEST_MESSAGE("mlp gradients compared with finite differences: " << compared);
}

// Input gradients (inputs recorded as values) against finite differences, and the neuron and
// layer classes against the same reference.
BOOST_AUTO_TEST_CASE(input_gradients_and_building_blocks)
{
    numbers rng(99);
    tp::mlp<> net{tp::layer<>(3, 4, tp::activation::tanh), tp::layer<>(4, 2, tp::activation::sigmoid)};
    std::vector<double> params(net.parameter_count());
    for (double& p : params) {
        p = rng.uniform(-1, 1);
    }
    net.load_parameters(params);
    const std::vector<double> x0{0.3, -1.2, 0.8};
    tp::tape<> t;
    std::vector<tp::value<>> x;
    for (double v : x0) {
        x.push_back(t.variable(v));
    }
    const auto out = net(t, x);
    (out[0] * out[1]).backward();
    auto f = [&](const std::vector<double>& xv) {
        const auto o = reference_forward(net, params, xv);
        return o[0] * o[1];
    };
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(close(x[i].grad(), central_difference(f, x0, i), 1e-7));
    }

    // A layer with the first block of parameters gives the first layer's activations.
    tp::layer<> first(3, 4, tp::activation::tanh);
    first.load_parameters(std::vector<double>(params.begin(), params.begin() + 16));
    t.clear();
    const auto h = first(t, x0);
    const tp::mlp<> only_first{first};
    const auto expected = reference_forward(only_first, params, x0);
    for (std::size_t j = 0; j < 4; ++j) {
        BOOST_TEST(h[j].data() == expected[j]);
    }

    // A neuron is a one-output layer: row 0 of W then b[0].
    tp::neuron<> unit(3, tp::activation::tanh);
    unit.load_parameters(std::vector<double>{params[0], params[1], params[2], params[12]});
    const auto n = unit(t, x0);
    BOOST_TEST(n.data() == h[0].data());
    n.backward();
    const std::vector<double> gn = unit.gradient();
    const double d = 1 - n.data() * n.data();
    BOOST_TEST(close(gn[0], d * x0[0], 1e-15));
    BOOST_TEST(close(gn[1], d * x0[1], 1e-15));
    BOOST_TEST(close(gn[2], d * x0[2], 1e-15));
    BOOST_TEST(close(gn[3], d, 1e-15));
}

// Both constructors and the flat parameter array agree.
BOOST_AUTO_TEST_CASE(layout_and_constructors)
{
    tp::mlp<> a(2, {16, 16, 1});
    BOOST_TEST(a.parameter_count() == (2u * 16 + 16) + (16u * 16 + 16) + (16u * 1 + 1));
    BOOST_TEST(a.layer_count() == 3u);
    BOOST_TEST((a.layer_activation(0) == tp::activation::relu));
    BOOST_TEST((a.layer_activation(2) == tp::activation::identity));
    numbers rng(5);
    std::vector<double> params(a.parameter_count());
    for (double& p : params) {
        p = rng.uniform(-1, 1);
    }
    a.load_parameters(params);
    BOOST_TEST(std::vector<double>(a.parameters().begin(), a.parameters().end()) == params,
               boost::test_tools::per_element());

    tp::layer<> l1(2, 16, tp::activation::relu), l2(16, 16, tp::activation::relu), l3(16, 1);
    l1.load_parameters(std::vector<double>(params.begin(), params.begin() + 48));
    l2.load_parameters(std::vector<double>(params.begin() + 48, params.begin() + 320));
    l3.load_parameters(std::vector<double>(params.begin() + 320, params.end()));
    tp::mlp<> b{l1, l2, l3};
    BOOST_TEST(std::vector<double>(b.parameters().begin(), b.parameters().end()) == params,
               boost::test_tools::per_element());

    tp::tape<> t;
    const std::vector<double> x{0.4, -0.9};
    const double ya = a(t, x)[0].data();
    const double yb = b(t, x)[0].data();
    BOOST_TEST(ya == yb);
    BOOST_TEST(ya == reference_forward(a, params, x)[0]);
}

// A training step (clear, forward over a batch, backward, read the gradient, SGD update)
// allocates nothing once warmed up, and SGD on the tape lowers the loss.
BOOST_AUTO_TEST_CASE(training_step_allocates_nothing_once_warm)
{
    numbers rng(11);
    tp::mlp<> net(2, {8, 8, 1}, tp::activation::tanh);
    for (double& p : net.parameters()) {
        p = rng.uniform(-1, 1);
    }
    const auto data = make_data(2, 1, 8, rng);
    tp::tape<> t;
    std::vector<double> gradient(net.parameter_count());
    auto step = [&] {
        t.clear();
        tp::value<> loss = t.variable(0.0);
        for (const sample& s : data) {
            loss = loss + square(net(t, s.x)[0] - s.y[0]);
        }
        loss = loss / static_cast<double>(data.size());   // mean squared error
        loss.backward();
        net.gradient(gradient);
        std::span<double> p = net.parameters();
        for (std::size_t k = 0; k < p.size(); ++k) {
            p[k] -= 0.1 * gradient[k];
        }
        return loss.data();
    };
    const double first = step();
    const std::size_t before = test_support::allocation_count();
    double last = first;
    for (int k = 0; k < 200; ++k) {
        last = step();
    }
    BOOST_TEST(test_support::allocation_count() - before == 0u);
    BOOST_TEST(last < 0.5 * first);
}

// Parameters changed between forward passes without clear(): the next pass records the new
// numbers (fresh leaves) rather than reusing leaves that hold the old ones.
BOOST_AUTO_TEST_CASE(parameter_changes_are_seen)
{
    tp::neuron<> unit(1);
    unit.load_parameters(std::vector<double>{2.0, 1.0});
    tp::tape<> t;
    BOOST_TEST(unit(t, std::vector{3.0}).data() == 7.0);
    BOOST_TEST(unit(t, std::vector{1.0}).data() == 3.0);   // same leaves
    const std::size_t size = t.size();
    unit.parameters()[0] = 5.0;
    BOOST_TEST(unit(t, std::vector{1.0}).data() == 6.0);   // fresh leaves
    BOOST_TEST(t.size() > size + 2);
}

// A forward pass on the same tape and generation reuses the parameter leaves: gradients of
// two samples accumulate; the tape grows by the computation only, not by the parameters.
BOOST_AUTO_TEST_CASE(leaves_are_shared_within_a_generation)
{
    tp::neuron<> unit(2);
    unit.load_parameters(std::vector<double>{1.0, 2.0, 3.0});
    tp::tape<> t;
    auto y1 = unit(t, std::vector{1.0, 10.0});
    const std::size_t after_first = t.size();
    auto y2 = unit(t, std::vector{100.0, 1000.0});
    BOOST_TEST(t.size() - after_first == after_first - 3);
    (y1 + y2).backward();
    const std::vector<double> g = unit.gradient();
    BOOST_TEST(g[0] == 101.0);
    BOOST_TEST(g[1] == 1010.0);
    BOOST_TEST(g[2] == 2.0);
}

// A new tape per step, built at the same address as the previous (destroyed) one and at the
// same generation: the network must record fresh leaves, not reuse the dead tape's indices.
BOOST_AUTO_TEST_CASE(new_tape_each_step)
{
    tp::neuron<> unit(1);
    unit.load_parameters(std::vector<double>{2.0, 0.5});
    for (int step = 0; step < 3; ++step) {
        tp::tape<> t;
        auto decoy = t.variable(-100.0);   // occupies index 0 on every fresh tape
        auto y = unit(t, std::vector{3.0});
        BOOST_TEST(y.data() == 6.5);
        (y * decoy).backward();
        const std::vector<double> g = unit.gradient();
        BOOST_TEST(g[0] == -300.0);
        BOOST_TEST(g[1] == -100.0);
    }
}

BOOST_AUTO_TEST_SUITE_END()
