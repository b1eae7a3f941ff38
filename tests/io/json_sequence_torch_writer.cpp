// Writes tests/io/fixtures/seq_stack.state_dict.json and seq_stack.expected.json with LibTorch
// (C++ PyTorch; the project's Python has no torch module): a module list Conv1d(2, 3, 2,
// dilation=2) made causal, BatchNorm1d(3) in eval mode, PReLU(3), GRU(3, 2), Linear(2, 1), Tanh,
// in double, its state dict and its outputs on fixed input frames. Not run by the tests: its
// output is committed, and io_json_tests checks constgrad's outputs against it.
//   json_sequence_torch_writer <fixtures dir>
// Built by the CMake option CONSTGRAD_BUILD_TORCH_FIXTURE_WRITER (GCC, LibTorch found).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace {

std::string number(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    std::string s = buffer;
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

// A tensor of any rank as nested JSON arrays.
std::string nested(const torch::Tensor& t) {
    if (t.dim() == 0) return number(t.item<double>());
    std::string out = "[";
    for (int64_t i = 0; i < t.size(0); ++i) out += (i ? ", " : "") + nested(t[i]);
    return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <fixtures dir>\n", argv[0]);
        return 2;
    }
    torch::NoGradGuard no_grad;
    torch::nn::Conv1d conv(torch::nn::Conv1dOptions(2, 3, 2).dilation(2));
    torch::nn::BatchNorm1d norm(3);
    torch::nn::PReLU prelu(torch::nn::PReLUOptions().num_parameters(3));
    torch::nn::GRU gru(torch::nn::GRUOptions(3, 2));
    torch::nn::Linear linear(2, 1);
    conv->to(torch::kDouble);
    norm->to(torch::kDouble);
    prelu->to(torch::kDouble);
    gru->to(torch::kDouble);
    linear->to(torch::kDouble);
    norm->eval();

    // Every parameter 0.5 sin(k + 1), k counting over the state dict's parameters in order;
    // the running statistics mean 0.1 c - 0.1, variance 0.5 + 0.25 c; 3 batches tracked.
    std::vector<std::pair<std::string, torch::Tensor>> tensors{
        {"0.weight", conv->weight},         {"0.bias", conv->bias},
        {"1.weight", norm->weight},         {"1.bias", norm->bias},
        {"1.running_mean", norm->running_mean}, {"1.running_var", norm->running_var},
        {"2.weight", prelu->weight},
        {"3.weight_ih_l0", gru->named_parameters()["weight_ih_l0"]},
        {"3.weight_hh_l0", gru->named_parameters()["weight_hh_l0"]},
        {"3.bias_ih_l0", gru->named_parameters()["bias_ih_l0"]},
        {"3.bias_hh_l0", gru->named_parameters()["bias_hh_l0"]},
        {"4.weight", linear->weight},       {"4.bias", linear->bias}};
    int k = 0;
    for (auto& [name, t] : tensors) {
        auto flat = t.view({-1});
        for (int64_t i = 0; i < flat.size(0); ++i) {
            double value = 0.5 * std::sin(k + 1.0);
            if (name == "1.running_mean") value = 0.1 * static_cast<double>(i) - 0.1;
            if (name == "1.running_var") value = 0.5 + 0.25 * static_cast<double>(i);
            if (name != "1.running_mean" && name != "1.running_var") ++k;
            flat[i] = value;
        }
    }
    norm->num_batches_tracked.fill_(3);

    const std::vector<std::vector<double>> frames{{0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.5},
                                                  {0.0, 2.0},  {1.0, -0.5}, {-2.0, 0.75}};
    const auto T = static_cast<int64_t>(frames.size());
    auto x = torch::zeros({1, 2, T}, torch::kDouble);  // (batch, channels, time)
    for (int64_t t = 0; t < T; ++t)
        for (int64_t c = 0; c < 2; ++c) x[0][c][t] = frames[t][c];
    // Causal: (kernel - 1) * dilation = 2 zeros on the left, none on the right.
    auto h = conv->forward(torch::constant_pad_nd(x, {2, 0}));
    h = prelu->forward(norm->forward(h));
    auto seq = h.permute({2, 0, 1}).contiguous();  // (time, batch, features)
    auto y = torch::tanh(linear->forward(std::get<0>(gru->forward(seq))));  // (time, 1, 1)

    const std::string dir = argv[1];
    std::FILE* sd = std::fopen((dir + "/seq_stack.state_dict.json").c_str(), "w");
    if (!sd) return 1;
    std::fprintf(sd, "{\n");
    for (const auto& [name, t] : tensors)
        std::fprintf(sd, "  \"%s\": %s,\n", name.c_str(), nested(t).c_str());
    std::fprintf(sd, "  \"1.num_batches_tracked\": %lld\n}\n",
                 static_cast<long long>(norm->num_batches_tracked.item<int64_t>()));
    std::fclose(sd);

    std::FILE* ex = std::fopen((dir + "/seq_stack.expected.json").c_str(), "w");
    if (!ex) return 1;
    std::fprintf(ex,
                 "{\n \"comment\": \"written by tests/io/json_sequence_torch_writer.cpp with "
                 "LibTorch %s in double: Conv1d(2, 3, 2, dilation=2) left-padded by 2 (causal), "
                 "BatchNorm1d(3) in eval mode, PReLU(3), GRU(3, 2), Linear(2, 1), Tanh; "
                 "constgrad network sequence_network<conv1d<2, 3, 2, 2>, batch_norm<3>, "
                 "prelu<3>, gru<3, 2>, time_distributed<dense<2, 1, tanh>>>\",\n \"inputs\": [",
                 TORCH_VERSION);
    for (int64_t t = 0; t < T; ++t)
        std::fprintf(ex, "%s[%s, %s]", t ? ", " : "", number(frames[t][0]).c_str(),
                     number(frames[t][1]).c_str());
    std::fprintf(ex, "],\n \"outputs\": [");
    for (int64_t t = 0; t < T; ++t)
        std::fprintf(ex, "%s[%s]", t ? ", " : "", number(y[t][0][0].item<double>()).c_str());
    std::fprintf(ex, "]\n}\n");
    std::fclose(ex);
    return 0;
}
