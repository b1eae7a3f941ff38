// nn::named, nn::layer<"name">, nn::state_dict_keys: the keys at compile time (hand-written,
// nn.Sequential's numbering), the wrapper is the layer (same concept hooks, same parameters,
// same numbers), lookup by name (fixed_string and Hana keys).
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include <boost/hana/string.hpp>
#include <boost/test/unit_test.hpp>

#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/batch_norm.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/layer.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/nn/named.hpp>
#include <constgrad/nn/network.hpp>
#include <constgrad/nn/neuron.hpp>

namespace {

namespace nn = constgrad::nn;
namespace cgd = constgrad::detail;

using encoder = nn::named<"encoder", nn::dense<2, 16, nn::tanh>>;
using mixed = nn::network<encoder, nn::dense<16, 3>, nn::dense<3, 2, nn::relu>,
                          nn::named<"head", nn::dense<2, 1>>>;

// nn.Sequential(OrderedDict(encoder=Linear(2, 16), 1=Tanh(), 2=Linear(16, 3),
// 3=Linear(3, 2), 4=ReLU(), head=Linear(2, 1))): the named layer keeps its two module slots.
constexpr auto mixed_keys = nn::state_dict_keys<mixed>();
static_assert(mixed_keys.size() == 8);
static_assert(mixed_keys[0] == "encoder.weight" && mixed_keys[1] == "encoder.bias");
static_assert(mixed_keys[2] == "2.weight" && mixed_keys[3] == "2.bias");
static_assert(mixed_keys[4] == "3.weight" && mixed_keys[5] == "3.bias");
static_assert(mixed_keys[6] == "head.weight" && mixed_keys[7] == "head.bias");

// No names: the example, dense<2, 3, tanh> then dense<3, 3> is 0.* then 2.*.
constexpr auto plain_keys = nn::state_dict_keys<nn::network<nn::dense<2, 3, nn::tanh>, nn::dense<3, 3>>>();
static_assert(plain_keys == std::array<std::string_view, 4>{"0.weight", "0.bias", "2.weight", "2.bias"});

// Identity layers are one module; a neuron is a dense layer; parameters<T> works as Net too;
// the name "" is a lone nn.Linear's "weight"/"bias"; numbers go past 9.
using long_net = nn::network<nn::dense<1, 1>, nn::dense<1, 1>, nn::dense<1, 1>, nn::dense<1, 1>,
                             nn::dense<1, 1, nn::sigmoid>, nn::dense<1, 1, nn::leaky_relu>,
                             nn::dense<1, 1, nn::tanh>, nn::dense<1, 1>, nn::neuron<1, nn::relu>,
                             nn::named<"", nn::dense<1, 1>>>;
constexpr auto long_keys = nn::state_dict_keys<long_net::parameters<float>>();
static_assert(long_keys[6] == "3.weight" && long_keys[8] == "4.weight" && long_keys[10] == "6.weight");
static_assert(long_keys[12] == "8.weight" && long_keys[14] == "10.weight" && long_keys[16] == "11.weight");
static_assert(long_keys[18] == "weight" && long_keys[19] == "bias");

// The wrapper is the layer: every requirement and the optional fast paths (batched columns,
// fused descend) are found, so the network takes dense's batched sweeps.
static_assert(nn::Layer<encoder>);
static_assert(cgd::nn_layer_has_columns<encoder, double, 8>);
static_assert(cgd::nn_layer_has_columns<encoder, float, 8>);
static_assert(cgd::nn_layer_has_backward_descend<encoder, double>);
static_assert(std::is_same_v<encoder::parameters<float>, nn::dense<2, 16, nn::tanh>::parameters<float>>);
static_assert(std::is_same_v<encoder::activation, nn::tanh>);
static_assert(encoder::name == "encoder" && nn::is_named_v<encoder> && !nn::is_named_v<nn::dense<2, 2>>);
static_assert(nn::layer_name_v<encoder> == "encoder" && nn::layer_name_v<nn::dense<2, 2>>.empty());
static_assert(sizeof(mixed::parameters<double>) ==
              sizeof(nn::network<nn::dense<2, 16, nn::tanh>, nn::dense<16, 3>, nn::dense<3, 2, nn::relu>,
                                 nn::dense<2, 1>>::parameters<double>));

// Lookup works inside the compiler.
static_assert([] {
    mixed::parameters<double> p{};
    nn::layer<"head">(p).b[0] = 4.5;
    return p.layer<3>().b[0] == 4.5 && nn::layer(p, BOOST_HANA_STRING("head")).b[0] == 4.5;
}());

}  // namespace

BOOST_AUTO_TEST_SUITE(named_layers)

BOOST_AUTO_TEST_CASE(layer_by_name_is_the_layer_at_its_index) {
    mixed::parameters<double> p{};
    const auto& c = p;
    BOOST_TEST(&nn::layer<"encoder">(p) == &p.layer<0>());
    BOOST_TEST(&nn::layer<"head">(c) == &c.layer<3>());
    BOOST_TEST(&nn::layer(p, BOOST_HANA_STRING("encoder")) == &p.layer<0>());
    BOOST_TEST(&nn::layer(c, BOOST_HANA_STRING("head")) == &c.layer<3>());
}

// A named network computes exactly what the same unnamed one computes (same kernels, same
// order of operations: bitwise), on the batched path (64 samples) and one sample at a time.
// The forward value is checked by hand too: tanh(w·x + b) summed by the last layer.
BOOST_AUTO_TEST_CASE(named_network_computes_what_the_plain_one_does) {
    using plain = nn::network<nn::dense<2, 16, nn::tanh>, nn::dense<16, 3>, nn::dense<3, 2, nn::relu>,
                              nn::dense<2, 1>>;
    const auto q = plain::init<double>(nn::seed{7});
    const auto p = nn::unflatten<mixed::parameters<double>>(nn::flatten(q));

    std::array<nn::sample<double, 2, 1>, 64> batch{};
    for (std::size_t n = 0; n < batch.size(); ++n)
        batch[n] = {{std::sin(0.3 * double(n)), std::cos(0.7 * double(n))}, {0.1 * double(n % 5)}};

    BOOST_TEST(nn::flatten(mixed::gradient(nn::mse, p, batch)) ==
               nn::flatten(plain::gradient(nn::mse, q, batch)));
    BOOST_TEST(nn::flatten(mixed::gradient(nn::mse, p, batch[3].x, batch[3].y)) ==
               nn::flatten(plain::gradient(nn::mse, q, batch[3].x, batch[3].y)));
    BOOST_TEST(mixed::forward(p, batch[5].x)[0] == plain::forward(q, batch[5].x)[0]);

    // By hand, on a one-layer pair: y = tanh(0.5·1 - 0.25·2 + 0.125) = tanh(0.125).
    using one = nn::network<nn::named<"only", nn::dense<2, 1, nn::tanh>>>;
    one::parameters<double> r{};
    nn::layer<"only">(r).w[0] = {0.5, -0.25};
    nn::layer<"only">(r).b[0] = 0.125;
    // One affine sum of exact binary fractions and one tanh: within 2 ulp of std::tanh.
    BOOST_TEST(std::fabs(one::forward(r, std::array<double, 2>{1.0, 2.0})[0] - std::tanh(0.125)) <=
               4.5e-16);
}

// State-dict keys of a network with batch norm, as PyTorch spells them for
// nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.BatchNorm1d(3), nn.Linear(3, 1)): the Linear's
// weight and bias, the BatchNorm1d's weight, bias, running_mean, running_var,
// num_batches_tracked (parameters, then buffers, in registration order), module numbers
// counting the Tanh; a named batch norm takes its name as the prefix.
BOOST_AUTO_TEST_CASE(state_dict_keys_with_batch_norm) {
    using net = nn::network<nn::dense<2, 3, nn::tanh>, nn::batch_norm<3>, nn::dense<3, 1>>;
    constexpr auto keys = nn::state_dict_keys<net>();
    static_assert(keys.size() == 9);
    static_assert(keys[0] == "0.weight" && keys[1] == "0.bias");
    static_assert(keys[2] == "2.weight" && keys[3] == "2.bias" && keys[4] == "2.running_mean" &&
                  keys[5] == "2.running_var" && keys[6] == "2.num_batches_tracked");
    static_assert(keys[7] == "3.weight" && keys[8] == "3.bias");

    using named_bn = nn::network<nn::dense<2, 3>, nn::named<"norm", nn::batch_norm<3>>, nn::dense<3, 1>>;
    constexpr auto named_keys = nn::state_dict_keys<named_bn>();
    static_assert(named_keys.size() == 9);
    static_assert(named_keys[2] == "norm.weight" && named_keys[6] == "norm.num_batches_tracked");
    // dense<2, 3> without activation is one module: the last Linear is module 2.
    static_assert(named_keys[7] == "2.weight" && named_keys[8] == "2.bias");
    BOOST_TEST(keys[4] == std::string_view("2.running_mean"));
}

BOOST_AUTO_TEST_SUITE_END()
