// The workloads (signal, parameters), the double-precision reference outputs, and the
// registration of the hand-written engines.
#include "hand_sequences.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "sequences.hpp"

namespace constgrad_bench::seq {
namespace {

/// splitmix64: a fixed, portable stream (std:: distributions differ between libraries).
struct random_stream {
    std::uint64_t state;
    double uniform() {  // in [-1, 1)
        std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1p-52 - 1;
    }
};

void append_uniform(std::vector<float>& p, random_stream& r, std::size_t count, double bound) {
    for (std::size_t k = 0; k < count; ++k) p.push_back(static_cast<float>(bound * r.uniform()));
}
void append_lstm(std::vector<float>& p, random_stream& r, std::size_t in, std::size_t h) {
    append_uniform(p, r, lstm_parameters(in, h), 1 / std::sqrt(static_cast<double>(h)));
}
void append_gru(std::vector<float>& p, random_stream& r, std::size_t in, std::size_t h) {
    append_uniform(p, r, gru_parameters(in, h), 1 / std::sqrt(static_cast<double>(h)));
}
void append_conv(std::vector<float>& p, random_stream& r, std::size_t in, std::size_t out,
                 std::size_t k) {
    append_uniform(p, r, conv_parameters(in, out, k), 1 / std::sqrt(static_cast<double>(in * k)));
}

std::vector<float> make_parameters(net n) {
    std::vector<float> p;
    random_stream r{0x5eed0000u + static_cast<std::uint64_t>(n)};
    switch (n) {
    case net::lstm24:
        append_lstm(p, r, 1, 24);
        append_uniform(p, r, 25, 1 / std::sqrt(24.0));
        break;
    case net::gru16:
        append_gru(p, r, 1, 16);
        append_uniform(p, r, 17, 1 / std::sqrt(16.0));
        break;
    case net::lstm2x8:
        append_lstm(p, r, 1, 8);
        append_lstm(p, r, 8, 8);
        append_uniform(p, r, 9, 1 / std::sqrt(8.0));
        break;
    case net::dilated:
        append_conv(p, r, 1, 16, 3);
        for (std::size_t l = 0; l < dilated_layers; ++l) append_conv(p, r, 16, 16, 3);
        append_conv(p, r, 16, 1, 1);
        break;
    }
    if (p.size() != parameter_count(n)) fail(std::string("parameter count of ") + net_name(n));
    return p;
}

template <template <class> class Net>
std::vector<double> run_reference(net n) {
    Net<double> reference(parameters(n).data());
    std::vector<double> y(check_length);
    for (std::size_t t = 0; t < check_length; ++t)
        y[t] = reference.step(static_cast<double>(signal()[t]));
    return y;
}

}  // namespace

const std::vector<float>& signal() {
    static const std::vector<float> x = [] {
        std::vector<float> s(signal_length);
        random_stream r{42};
        const double f0 = 20, f1 = 20000, duration = signal_length / sample_rate;
        const double rate = std::log(f1 / f0) / duration;
        for (std::size_t t = 0; t < signal_length; ++t) {
            const double time = static_cast<double>(t) / sample_rate;
            // phase = 2 pi f0 (e^{rate time} - 1) / rate: the frequency grows from f0 to f1
            const double phase = 2 * std::numbers::pi * f0 * std::expm1(rate * time) / rate;
            s[t] = static_cast<float>(0.5 * std::sin(phase) + 0.05 * r.uniform());
        }
        return s;
    }();
    return x;
}

const std::vector<float>& parameters(net n) {
    static const std::vector<float> p[] = {
        make_parameters(net::lstm24), make_parameters(net::gru16), make_parameters(net::lstm2x8),
        make_parameters(net::dilated)};
    return p[static_cast<std::size_t>(n)];
}

const std::vector<double>& reference_output(net n) {
    static const std::vector<double> y[] = {
        run_reference<hand::lstm24>(net::lstm24), run_reference<hand::gru16>(net::gru16),
        run_reference<hand::lstm2x8>(net::lstm2x8), run_reference<hand::dilated>(net::dilated)};
    return y[static_cast<std::size_t>(n)];
}

void register_hand() {
    register_stream<hand::engine<hand::lstm24>>(net::lstm24, "hand");
    register_stream<hand::engine<hand::gru16>>(net::gru16, "hand");
    register_stream<hand::engine<hand::lstm2x8>>(net::lstm2x8, "hand");
    register_stream<hand::engine<hand::dilated>>(net::dilated, "hand");
}

}  // namespace constgrad_bench::seq
