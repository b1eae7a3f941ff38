// Chapter 10: from PyTorch to a constexpr header. tools/train_pytorch_example.py trained a
// 2-16-16-1 tanh network on z = sin(2x) cos(y) in PyTorch and wrote its state dict and the
// outputs PyTorch computed (pytorch/surface.*.json). This program loads the state dict, checks
// constgrad's outputs against PyTorch's, fine-tunes the network in C++ to new measurements,
// and writes it as a constexpr header (pytorch_header.cpp static_asserts a prediction of it)
// and as a state dict that PyTorch loads back (tests/io/check_pytorch_round_trip.py).
//   tutorial_pytorch <folder of surface.*.json> <output folder>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <string>

#include <nlohmann/json.hpp>

#include <constgrad/io/export_header.hpp>
#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/adam.hpp>

namespace nn = constgrad::nn;
namespace io = constgrad::io;

// nn.Sequential(Linear(2, 16), Tanh(), Linear(16, 16), Tanh(), Linear(16, 1)): the state-dict
// names 0.*, 2.*, 4.* are constgrad's default ones for these three layers.
using net = nn::network<nn::dense<2, 16, nn::tanh>, nn::dense<16, 16, nn::tanh>, nn::dense<16, 1>>;

// The new measurements: the same surface read 0.2 higher (a recalibrated sensor), 16 x 16 points.
constexpr std::size_t grid_size = 16;
std::array<net::sample_type<double>, grid_size * grid_size> measurements() {
    std::array<net::sample_type<double>, grid_size * grid_size> data{};
    for (std::size_t i = 0; i < grid_size; ++i) {
        for (std::size_t j = 0; j < grid_size; ++j) {
            const double x = -1 + 2.0 * double(i) / (grid_size - 1);
            const double y = -1 + 2.0 * double(j) / (grid_size - 1);
            data[i * grid_size + j] = {{x, y}, {std::sin(2 * x) * std::cos(y) + 0.2}};
        }
    }
    return data;
}

template <class T, std::size_t N>
double mse(const net::parameters<T>& p, const std::array<net::sample_type<double>, N>& data) {
    double sum = 0;
    for (const auto& s : data) sum += std::pow(net::forward(p, s.x)[0] - s.y[0], 2);
    return sum / N;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <folder of surface.*.json> <output folder>\n", argv[0]);
        return 2;
    }
    const std::filesystem::path data_dir = argv[1], out = argv[2];
    std::filesystem::create_directories(out);
    bool ok = true;

    // 1. PyTorch's weights into constgrad, in double and in float.
    net::parameters<double> p{};
    io::load_torch_json(data_dir / "surface.state_dict.json", p);
    net::parameters<float> p_float{};
    io::load_torch_json(data_dir / "surface.state_dict.json", p_float);

    // 2. The same outputs as PyTorch: double within 1e-12 relative, float within 1e-5.
    const auto recorded = nlohmann::json::parse(std::ifstream(data_dir / "surface.expected.json"));
    for (std::size_t k = 0; k < recorded["inputs"].size(); ++k) {
        const auto& input = recorded["inputs"][k];
        const std::array<double, 2> x{input[0].get<double>(), input[1].get<double>()};
        const double torch_z = recorded["outputs"][k][0].get<double>();
        const double z = net::forward(p, x)[0];
        const float z_float = net::forward(p_float, std::array{float(x[0]), float(x[1])})[0];
        std::printf("z(%5.2f, %5.2f): PyTorch %.15f, constgrad %.15f, float %.7f\n", x[0], x[1],
                    torch_z, z, double(z_float));
        ok = ok && std::abs(z - torch_z) <= 1e-12 * std::abs(torch_z) &&
             std::abs(double(z_float) - torch_z) <= 1e-5;
    }

    // 3. Fine-tuning in C++: 300 full-batch Adam steps on the new measurements.
    const auto data = measurements();
    const double before = mse(p, data);
    constgrad::optim::adam<net::parameters<double>> opt{.learning_rate = 0.003};
    nn::fit<net>(p, opt, nn::mse, data, {.epochs = 300, .batch_size = data.size()});
    const double after = mse(p, data);
    std::printf("fine-tuning: mse on the new measurements %.3g -> %.3g\n", before, after);
    ok = ok && after < before / 10;

    // 4. The fine-tuned network as a constexpr header, with the prediction it must give.
    io::export_header(out / "surface_model.hpp", p, "models::surface");
    const double z_half = net::forward(p, std::array{0.5, 0.5})[0];
    std::ofstream(out / "surface_expected.hpp")
        << "// Written by tutorial_pytorch with surface_model.hpp: its run-time prediction.\n"
        << "#pragma once\nnamespace models {\ninline constexpr double surface_at_half = "
        << std::setprecision(17) << z_half << ";\n}\n";

    // 5. And back to PyTorch: the state dict with the outputs that PyTorch must reproduce.
    io::save_torch_json(out / "surface_finetuned.state_dict.json", p);
    nlohmann::json check{{"inputs", recorded["inputs"]}, {"outputs", nlohmann::json::array()}};
    for (const auto& x : recorded["inputs"]) {
        const std::array<double, 2> input{x[0].get<double>(), x[1].get<double>()};
        check["outputs"].push_back(nlohmann::json::array({net::forward(p, input)[0]}));
    }
    std::ofstream(out / "surface_finetuned.expected.json") << check.dump(1) << "\n";

    std::printf(ok ? "PyTorch's outputs reproduced, fine-tuned and exported\n" : "FAILED\n");
    return ok ? 0 : 1;
}
