// Writes what tests/io/check_pytorch_round_trip.py gives PyTorch: a fixture's network loaded,
// trained a little in constgrad (so the weights are constgrad's own), saved as a state dict
// and as a Keras model, with the network's outputs on a few inputs.
//   json_pytorch_writer <fixtures dir> <output dir>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include <constgrad/io/keras_json.hpp>
#include <constgrad/io/torch_json.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/fit.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/optim/sgd.hpp>

namespace nn = constgrad::nn;
namespace io = constgrad::io;
using net = nn::network<nn::dense<3, 8, nn::relu>, nn::dense<8, 8, nn::sigmoid>, nn::dense<8, 2>>;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <fixtures dir> <output dir>\n", argv[0]);
        return 2;
    }
    const std::filesystem::path fixtures = argv[1], out = argv[2];
    std::filesystem::create_directories(out);
    auto p = net::init(nn::seed{1});
    io::load_torch_json(fixtures / "dense_3_8_8_2_relu_sigmoid.state_dict.json", p);
    const std::array<net::sample_type<double>, 4> data{{{{0.5, -1.0, 0.25}, {1.0, 0.0}},
                                                        {{-0.5, 0.75, 1.5}, {0.0, 1.0}},
                                                        {{1.25, 0.5, -0.75}, {0.5, 0.5}},
                                                        {{-1.5, -0.25, 0.0}, {1.0, 1.0}}}};
    constgrad::optim::sgd opt{.learning_rate = 0.1};
    nn::fit<net>(p, opt, nn::squared_error, data, {.epochs = 20});
    io::save_torch_json(out / "trained.state_dict.json", p);
    io::save_keras_json(out / "trained.keras.json", p);
    std::string text = "{\"inputs\": [";
    std::string outputs = "], \"outputs\": [";
    for (std::size_t s = 0; s < data.size(); ++s) {
        const auto y = net::forward(p, data[s].x);
        char buffer[200];
        std::snprintf(buffer, sizeof buffer, "%s[%.17g, %.17g, %.17g]", s ? ", " : "", data[s].x[0],
                      data[s].x[1], data[s].x[2]);
        text += buffer;
        std::snprintf(buffer, sizeof buffer, "%s[%.17g, %.17g]", s ? ", " : "", y[0], y[1]);
        outputs += buffer;
    }
    text += outputs + "]}\n";
    std::FILE* f = std::fopen((out / "trained.expected.json").c_str(), "w");
    if (f == nullptr) return 1;
    std::fputs(text.c_str(), f);
    return std::fclose(f) == 0 ? 0 : 1;
}
