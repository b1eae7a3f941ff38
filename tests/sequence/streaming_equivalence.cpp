// Streaming (nn::stream: step, process, reset) equals the window forward of training and the
// whole-sequence forward; truncated BPTT carries the state across windows exactly as streaming
// does.
#include <array>
#include <cmath>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/seed.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>
#include <constgrad/sequence/stream.hpp>
#include <constgrad/sequence/time_distributed.hpp>

namespace nn = constgrad::nn;

namespace {

using net =
    nn::sequence_network<nn::gru<2, 16>, nn::lstm<16, 8>, nn::time_distributed<nn::dense<8, 3>>>;
constexpr std::size_t frames = 24;

template <class T>
std::array<std::array<T, 2>, 2 * frames> inputs() {
    std::array<std::array<T, 2>, 2 * frames> xs{};
    for (std::size_t t = 0; t < xs.size(); ++t)
        xs[t] = {static_cast<T>(std::sin(0.3 * t)), static_cast<T>(std::cos(0.17 * t) * 0.5)};
    return xs;
}

// The window forward and streaming run the same cell formula through two evaluators
// (value-and-partials vs value only) that apply the same operations: equal to within a few
// ulps of values of order 1 (float: 1e-5 absolute; double 1e-13).
template <class T>
void check(T tol) {
    net::parameters<T> p{};
    net::buffers<T> b{};
    nn::rng r{nn::seed{3}};
    net::init<T>(r, nn::recurrent_uniform{}, p, b);
    const auto xs = inputs<T>();
    static net::workspace<T, 2 * frames> ws;

    // Two sequences (the two halves of xs) in one window, eval mode.
    std::array<net::state<T>, 2> states{};
    BOOST_TEST(net::forward_window(p, b, std::span<net::state<T>>(states), frames,
                                   std::span<const std::array<T, 2>>(xs), ws, nn::mode::eval));
    const auto& window = net::output(ws);

    nn::stream<net, T> s;
    for (std::size_t seq = 0; seq < 2; ++seq) {
        s.reset();
        for (std::size_t t = 0; t < frames; ++t) {
            const auto y = s.step(p, b, xs[seq * frames + t]);
            for (std::size_t k = 0; k < 3; ++k)
                BOOST_TEST(std::abs(y[k] - window[seq * frames + t][k]) <= tol);
        }
        // The window left each sequence's state where streaming is now.
        const auto& a = s.state.template layer<1>();
        const auto& w = states[seq].template layer<1>();
        for (std::size_t k = 0; k < 8; ++k) BOOST_TEST(std::abs(a.c[k] - w.c[k]) <= tol);
    }

    // process() over a buffer == step() frame by frame == net::forward.
    std::array<std::array<T, 3>, 2 * frames> buffered{}, whole{};
    s.reset();
    s.process(p, b, std::span<const std::array<T, 2>>(xs), std::span<std::array<T, 3>>(buffered));
    net::state<T> fresh{};
    net::forward(p, b, fresh, std::span<const std::array<T, 2>>(xs),
                 std::span<std::array<T, 3>>(whole));
    BOOST_TEST((buffered == whole));

    // Truncated BPTT: windows of 8 frames carrying the state == the whole sequence streamed.
    std::array<net::state<T>, 1> carried{};
    for (std::size_t start = 0; start < 2 * frames; start += 8) {
        net::forward_window(p, b, std::span<net::state<T>>(carried), 8,
                            std::span<const std::array<T, 2>>(xs).subspan(start, 8), ws,
                            nn::mode::train);
        for (std::size_t t = 0; t < 8; ++t)
            for (std::size_t k = 0; k < 3; ++k)
                BOOST_TEST(std::abs(net::output(ws)[t][k] - whole[start + t][k]) <= tol);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(streaming_equivalence)

BOOST_AUTO_TEST_CASE(stream_equals_window_float) { check<float>(1e-5f); }
BOOST_AUTO_TEST_CASE(stream_equals_window_double) { check<double>(1e-13); }

BOOST_AUTO_TEST_CASE(stream_of_a_single_layer) {
    using L = nn::gru<1, 4>;
    L::parameters<double> p{};
    nn::rng r{nn::seed{5}};
    nn::no_buffers b;
    L::init<double>(r, nn::recurrent_uniform{}, p, b);
    nn::stream<L, double> s;
    const auto y1 = s.step(p, b, {1.0});
    s.step(p, b, {0.5});
    s.reset();
    BOOST_TEST((s.step(p, b, {1.0}) == y1));
    BOOST_TEST(noexcept(s.step(p, b, {1.0})));
}

BOOST_AUTO_TEST_SUITE_END()
