// The four networks on Eigen fixed-size matrices: `noalias()` matrix-vector products, Eigen's
// own vectorised `.array().tanh()` and `.array().logistic()` (Eigen 3.4: for float a rational
// approximation of each, evaluated on packets). Column-major, Eigen's default; LSTM biases
// pre-summed, as in the hand-written loops.
#include <cstddef>

#include <Eigen/Core>

#include "sequences.hpp"

namespace constgrad_bench::seq {
namespace {

template <int Rows, int Cols>
using matrix = Eigen::Matrix<float, Rows, Cols>;
template <int Rows>
using vector = Eigen::Matrix<float, Rows, 1>;

/// Reads a Rows x Cols row-major block (PyTorch's layout) at p, advancing p.
template <int Rows, int Cols>
void load(matrix<Rows, Cols>& m, const float*& p) {
    m = Eigen::Map<
        const Eigen::Matrix<float, Rows, Cols, Cols == 1 ? Eigen::ColMajor : Eigen::RowMajor>>(p);
    p += Rows * Cols;
}

template <int In, int H>
struct lstm_layer {
    matrix<4 * H, In> wx;
    matrix<4 * H, H> wh;
    vector<4 * H> b, z;
    vector<H> h, c;

    void load_from(const float*& p) {
        load(wx, p);
        load(wh, p);
        vector<4 * H> b2;
        load(b, p);
        load(b2, p);
        b += b2;
    }
    void reset() {
        h.setZero();
        c.setZero();
    }
    void step(const vector<In>& x) {
        z.noalias() = wx * x;
        z.noalias() += wh * h;
        z += b;
        c = z.template segment<H>(H).array().logistic() * c.array() +
            z.template segment<H>(0).array().logistic() *
                z.template segment<H>(2 * H).array().tanh();
        h = z.template segment<H>(3 * H).array().logistic() * c.array().tanh();
    }
};

template <int In, int H>
struct gru_layer {
    matrix<3 * H, In> wx;
    matrix<3 * H, H> wh;
    vector<3 * H> bx, bh, ax, ah;
    vector<H> h;

    void load_from(const float*& p) {
        load(wx, p);
        load(wh, p);
        load(bx, p);
        load(bh, p);
    }
    void reset() { h.setZero(); }
    void step(const vector<In>& x) {
        ax = bx;
        ax.noalias() += wx * x;
        ah = bh;
        ah.noalias() += wh * h;
        const auto r = (ax.template segment<H>(0) + ah.template segment<H>(0)).array().logistic();
        const vector<H> z =
            (ax.template segment<H>(H) + ah.template segment<H>(H)).array().logistic();
        const vector<H> n =
            (ax.template segment<H>(2 * H).array() + r * ah.template segment<H>(2 * H).array())
                .tanh();
        h = (1 - z.array()) * n.array() + z.array() * h.array();
    }
};

template <int H>
struct dense_out {
    vector<H> w;
    float b;
    void load_from(const float*& p) {
        load(w, p);
        b = *p++;
    }
    float operator()(const vector<H>& h) const { return w.dot(h) + b; }
};

/// Causal conv1d, as the hand-written one: one Out x In matrix per tap, a power-of-two ring
/// of input columns.
template <int In, int Out, int K, int D>
struct conv_layer {
    static constexpr int ring = [] {
        int r = 1;
        while (r < (K - 1) * D + 1) r *= 2;
        return r;
    }();
    matrix<Out, In> w[K];
    vector<Out> b;
    matrix<In, ring> history;
    int pos = 0;

    void load_from(const float*& p) {
        // weight[o][i][k]: tap k of row o, column i at p[(o * In + i) * K + k]
        for (int k = 0; k < K; ++k)
            for (int o = 0; o < Out; ++o)
                for (int i = 0; i < In; ++i) w[k](o, i) = p[(o * In + i) * K + k];
        p += Out * In * K;
        load(b, p);
    }
    void reset() {
        history.setZero();
        pos = 0;
    }
    void step(const vector<In>& x, vector<Out>& y) {
        history.col(pos) = x;
        y = b;
        for (int k = 0; k < K; ++k)
            y.noalias() += w[k] * history.col((pos + ring - (K - 1 - k) * D) & (ring - 1));
        pos = (pos + 1) & (ring - 1);
    }
};

struct lstm24 {
    lstm_layer<1, 24> l;
    dense_out<24> out;
    explicit lstm24(const float* p) {
        l.load_from(p);
        out.load_from(p);
    }
    void reset() { l.reset(); }
    float step(float x) {
        l.step(vector<1>::Constant(x));
        return out(l.h);
    }
};

struct gru16 {
    gru_layer<1, 16> l;
    dense_out<16> out;
    explicit gru16(const float* p) {
        l.load_from(p);
        out.load_from(p);
    }
    void reset() { l.reset(); }
    float step(float x) {
        l.step(vector<1>::Constant(x));
        return out(l.h);
    }
};

struct lstm2x8 {
    lstm_layer<1, 8> l1;
    lstm_layer<8, 8> l2;
    dense_out<8> out;
    explicit lstm2x8(const float* p) {
        l1.load_from(p);
        l2.load_from(p);
        out.load_from(p);
    }
    void reset() {
        l1.reset();
        l2.reset();
    }
    float step(float x) {
        l1.step(vector<1>::Constant(x));
        l2.step(l1.h);
        return out(l2.h);
    }
};

struct dilated {
    conv_layer<1, 16, 3, 1> first;
    conv_layer<16, 16, 3, 2> c2;
    conv_layer<16, 16, 3, 4> c4;
    conv_layer<16, 16, 3, 8> c8;
    conv_layer<16, 16, 3, 16> c16;
    conv_layer<16, 16, 3, 32> c32;
    conv_layer<16, 16, 3, 64> c64;
    conv_layer<16, 16, 3, 128> c128;
    conv_layer<16, 1, 1, 1> last;
    static_assert(dilated_layers == 7);
    explicit dilated(const float* p) {
        first.load_from(p);
        c2.load_from(p);
        c4.load_from(p);
        c8.load_from(p);
        c16.load_from(p);
        c32.load_from(p);
        c64.load_from(p);
        c128.load_from(p);
        last.load_from(p);
    }
    void reset() {
        first.reset();
        c2.reset();
        c4.reset();
        c8.reset();
        c16.reset();
        c32.reset();
        c64.reset();
        c128.reset();
        last.reset();
    }
    float step(float x) {
        vector<16> a, b;
        first.step(vector<1>::Constant(x), a);
        a = a.array().tanh();
        c2.step(a, b);
        b = b.array().tanh();
        c4.step(b, a);
        a = a.array().tanh();
        c8.step(a, b);
        b = b.array().tanh();
        c16.step(b, a);
        a = a.array().tanh();
        c32.step(a, b);
        b = b.array().tanh();
        c64.step(b, a);
        a = a.array().tanh();
        c128.step(a, b);
        b = b.array().tanh();
        vector<1> y;
        last.step(b, y);
        return y(0);
    }
};

template <class Net>
class engine {
public:
    explicit engine(const float* p) : net_(p) {}
    void reset() noexcept { net_.reset(); }
    [[gnu::noinline]] void process(const float* x, float* y, std::size_t n) noexcept {
        for (std::size_t t = 0; t < n; ++t) y[t] = net_.step(x[t]);
    }

private:
    Net net_;
};

}  // namespace

void register_eigen() {
    register_stream<engine<lstm24>>(net::lstm24, "eigen");
    register_stream<engine<gru16>>(net::gru16, "eigen");
    register_stream<engine<lstm2x8>>(net::lstm2x8, "eigen");
    register_stream<engine<dilated>>(net::dilated, "eigen");
}

}  // namespace constgrad_bench::seq
