// GRU and LSTM against PyTorch 1.13 (float64): /work/shared/oracles/torch_layers.json, keys
// O3_gru_2_3_seq4 and O4_lstm_1_2_seq5 (values copied below, not regenerated). Parameters: the
// k-th scalar over all parameters in PyTorch's named_parameters() order is 0.5·sin(k+1), which
// is exactly this library's zip order (PyTorch's layout).
#include <array>
#include <cmath>
#include <span>

#include <boost/test/unit_test.hpp>

#include <constgrad/math/sin.hpp>
#include <constgrad/nn/losses.hpp>
#include <constgrad/sequence/gru.hpp>
#include <constgrad/sequence/lstm.hpp>
#include <constgrad/sequence/network.hpp>

namespace nn = constgrad::nn;

namespace {

template <class P>
P torch_pattern() {
    P p{};
    int k = 0;
    auto set = [&](double& x) {
        x = 0.5 * std::sin(k + 1.0);
        ++k;
    };
    P::zip(set, p);
    return p;
}

template <class P>
std::array<double, P::size> flat(const P& p) {
    std::array<double, P::size> f{};
    std::size_t k = 0;
    auto get = [&](const double& x) { f[k++] = x; };
    P::zip(get, p);
    return f;
}

// Tolerance: float64 everywhere, a few dozen roundings deep and PyTorch's summation order
// differs; 1e-12 absolute on values of order 1 leaves a 1e3 margin over ~1e-15 per rounding.
constexpr double tol = 1e-12;

constexpr std::array<std::array<double, 2>, 4> o3_x{
    {{0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.5}, {0.0, 2.0}}};
constexpr std::array<double, 12> o3_h{
    -0.05941065809324279, 0.10573293221864041, -0.048378630032076486, 0.1534079476596737,
    0.23886285692961332,  -0.5347287536252445, 0.19450359240620002,   0.01011637736503973,
    -0.42333273115930603, 0.32011412491587776, -0.07548857423041858,  -0.6191086784246622};
constexpr std::array<double, 18> o3_dweight_ih{
    0.005230734566765108, -0.03415337970560553, -0.02961138608365553, 0.01915914565035339,
    -0.03347714560422667, 0.03341743812651435,  -0.15465873696000343, -0.1727764305529267,
    -0.07875862770223933, 0.022902532364207296, -0.5938106138549994,  -0.2495393104328113,
    0.14646309716776806,  0.14328007176527577,  0.3135557259273494,   -0.3519197072117449,
    -0.569543660123982,   -0.5403361596636305};
constexpr std::array<double, 27> o3_dweight_hh{
    -0.010891471431060121,  -0.01819803619173197,    0.040817403665663096,  0.0012047828715715467,
    -0.0014773792856390441, -0.00014339265141964056, 0.005815690186568522,  0.004470140548982105,
    -0.015517357867714807,  -0.008243782643424555,   -0.01756157858467887,  0.042473143223082876,
    0.0016236930459572678,  -0.003691370042613649,   0.0029149544632935346, 0.013088210186391558,
    -0.013298761690924199,  0.011935406374769125,    0.023885480668313835,  0.052531310048714384,
    -0.10809357134782617,   -0.00920104413538576,    0.007618670441835788,  0.007525796207185317,
    -0.039612555799972124,  -0.06704671905256915,    0.15488591568060386};
constexpr std::array<double, 9> o3_dbias_ih{
    -0.12274001538366257, -0.0301251969799764, 0.016903522027777645,
    -0.18865346053827015, -0.0818244944353051, -0.37254719805567565,
    0.8341135879980606,   0.26131339801789,    -1.4548878704339634};
constexpr std::array<double, 9> o3_dbias_hh{
    -0.12274001538366257, -0.0301251969799764, 0.016903522027777642,
    -0.18865346053827017, -0.0818244944353051, -0.3725471980556757,
    0.42638286849455154,  0.1506344131520564,  -0.5595528012024072};
constexpr double o3_loss = 1.0921855972051797;

constexpr std::array<std::array<double, 1>, 5> o4_x{{{0.5}, {-1.0}, {0.25}, {2.0}, {-0.5}}};
constexpr std::array<double, 10> o4_h{
    -0.26575001220328287, -0.1920826874544371,  -0.10221511928389501, -0.1796548158424785,
    -0.26324105868118053, -0.28795639051968436, -0.5186581903729343,  -0.5006065633107555,
    -0.19545635019748248, -0.3898334931836019};
constexpr std::array<double, 2> o4_c_last{-0.43715002676253933, -0.6283957053259617};
constexpr std::array<double, 8> o4_dweight_ih{
    0.29503388095146915, 0.10105669122551955, 0.03934508872438699, 0.06598720993488681,
    0.01641639207128616, -0.6147812479671184, 0.4731433977855035,  0.08225946015010015};
constexpr std::array<double, 16> o4_dweight_hh{
    -0.03431222276989899, -0.04555836530129214, -0.0519058630750852,  -0.05454024411800305,
    -0.09652634964977937, -0.09417374695974398, -0.06065253924630386, -0.062180626125424764,
    0.2763185910033028,   0.27571385614556326,  0.3043660896048056,   0.31839010699021697,
    -0.1364305519328935,  -0.1465893446402636,  -0.08031162575173437, -0.08272109867169487};
constexpr std::array<double, 8> o4_dbias_ih{
    0.3353335442262495,  0.23134142521801784, 0.303094978308775,  0.19960546491365078,
    -1.3189014690087797, -1.4571081126559258, 0.5875994556099653, 0.27399492150027294};
constexpr std::array<double, 8> o4_dbias_hh{
    0.3353335442262495,  0.23134142521801787, 0.303094978308775,  0.19960546491365078,
    -1.3189014690087797, -1.4571081126559258, 0.5875994556099653, 0.273994921500273};
constexpr double o4_loss = 2.269436374442341;

template <std::size_t N>
void check_close(const std::array<double, N>& expected, const double* got, double t) {
    for (std::size_t k = 0; k < N; ++k)
        BOOST_TEST(std::abs(got[k] - expected[k]) <= t,
                   "k " << k << ": " << got[k] << " vs " << expected[k]);
}

// The same LSTM training step in a constant expression (the compile-time engine's partials,
// constgrad::math::sin for the parameters): dLoss/d bias_ih and the loss against O4.
constexpr std::array<double, 9> constexpr_lstm_o4() {
    using net = nn::sequence_network<nn::lstm<1, 2>>;
    net::parameters<double> p{};
    int k = 0;
    auto set = [&](double& x) {
        x = 0.5 * constgrad::math::sin(k + 1.0);
        ++k;
    };
    net::parameters<double>::zip(set, p);
    net::buffers<double> b{};
    net::workspace<double, 5> ws{};
    std::array<net::state<double>, 1> states{};
    std::array<std::array<double, 2>, 5> targets{};
    for (auto& t : targets) t = {0.3, 0.0};
    net::parameters<double> g{};
    const double loss = net::gradient_into(p, b, std::span<net::state<double>>(states), 5,
                                           std::span<const std::array<double, 1>>(o4_x),
                                           std::span<const std::array<double, 2>>(targets),
                                           nn::squared_error, g, ws);
    std::array<double, 9> r{};
    for (std::size_t i = 0; i < 8; ++i) r[i] = g.layer<0>().bias_ih[i];
    r[8] = loss;
    return r;
}
constexpr bool constexpr_lstm_matches_o4() {
    const auto r = constexpr_lstm_o4();
    for (std::size_t i = 0; i < 8; ++i)
        if (!(r[i] - o4_dbias_ih[i] < tol && o4_dbias_ih[i] - r[i] < tol)) return false;
    return r[8] - o4_loss < tol && o4_loss - r[8] < tol;
}
static_assert(constexpr_lstm_matches_o4());

}  // namespace

BOOST_AUTO_TEST_SUITE(recurrent_oracles)

BOOST_AUTO_TEST_CASE(gru_matches_pytorch_O3) {
    using net = nn::sequence_network<nn::gru<2, 3>>;
    const auto p = torch_pattern<net::parameters<double>>();
    net::buffers<double> b{};
    // Forward: every h_t, streamed.
    net::state<double> s{};
    for (std::size_t t = 0; t < 4; ++t) {
        std::array<double, 3> y;
        net::step(p, b, s, o3_x[t], y);
        check_close<3>(std::array<double, 3>{o3_h[3 * t], o3_h[3 * t + 1], o3_h[3 * t + 2]},
                       y.data(), tol);
    }
    // Gradients of loss Σ_t Σ_k h_t[k]^2 = squared_error against zero targets.
    static net::workspace<double, 4> ws;
    std::array<net::state<double>, 1> states{};
    const std::array<std::array<double, 3>, 4> zeros{};
    net::parameters<double> g{};
    const double loss =
        net::gradient_into(p, b, std::span<net::state<double>>(states), 4,
                           std::span<const std::array<double, 2>>(o3_x),
                           std::span<const std::array<double, 3>>(zeros), nn::squared_error, g, ws);
    BOOST_TEST(std::abs(loss - o3_loss) <= tol);
    const auto f = flat(g);
    check_close<18>(o3_dweight_ih, f.data(), tol);
    check_close<27>(o3_dweight_hh, f.data() + 18, tol);
    check_close<9>(o3_dbias_ih, f.data() + 45, tol);
    check_close<9>(o3_dbias_hh, f.data() + 54, tol);
    // The window's last state is h_4.
    for (std::size_t k = 0; k < 3; ++k)
        BOOST_TEST(std::abs(states[0].layer<0>().h[k] - o3_h[9 + k]) <= tol);
}

BOOST_AUTO_TEST_CASE(lstm_matches_pytorch_O4) {
    using net = nn::sequence_network<nn::lstm<1, 2>>;
    const auto p = torch_pattern<net::parameters<double>>();
    net::buffers<double> b{};
    net::state<double> s{};
    for (std::size_t t = 0; t < 5; ++t) {
        std::array<double, 2> y;
        net::step(p, b, s, o4_x[t], y);
        check_close<2>(std::array<double, 2>{o4_h[2 * t], o4_h[2 * t + 1]}, y.data(), tol);
    }
    check_close<2>(o4_c_last, s.layer<0>().c.data(), tol);
    // loss Σ_t (h_t[0] - 0.3)^2 + h_t[1]^2: squared_error against targets (0.3, 0).
    static net::workspace<double, 5> ws;
    std::array<net::state<double>, 1> states{};
    std::array<std::array<double, 2>, 5> targets;
    targets.fill({0.3, 0.0});
    net::parameters<double> g{};
    const double loss = net::gradient_into(p, b, std::span<net::state<double>>(states), 5,
                                           std::span<const std::array<double, 1>>(o4_x),
                                           std::span<const std::array<double, 2>>(targets),
                                           nn::squared_error, g, ws);
    BOOST_TEST(std::abs(loss - o4_loss) <= tol);
    const auto f = flat(g);
    check_close<8>(o4_dweight_ih, f.data(), tol);
    check_close<16>(o4_dweight_hh, f.data() + 8, tol);
    check_close<8>(o4_dbias_ih, f.data() + 24, tol);
    check_close<8>(o4_dbias_hh, f.data() + 32, tol);
}

BOOST_AUTO_TEST_SUITE_END()
