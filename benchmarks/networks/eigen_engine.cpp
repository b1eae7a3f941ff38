// Hand-written backprop on Eigen fixed-size matrices: the baseline of a user who reaches for
// a linear-algebra library instead of writing loops.
#include <cstddef>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "engines.hpp"
#include "harness.hpp"

namespace constgrad_bench {
namespace {

template <class Cfg>
class eigen_engine {
public:
    using T = typename Cfg::scalar;
    using sample = typename workload<Cfg>::sample;
    static constexpr const char* name = "eigen";
    static constexpr bool supported = true;
    static constexpr int I = static_cast<int>(Cfg::inputs);
    static constexpr int H = static_cast<int>(Cfg::hidden);

    using mat_hi = Eigen::Matrix<T, H, I>;
    using mat_hh = Eigen::Matrix<T, H, H>;
    using vec_h = Eigen::Matrix<T, H, 1>;
    using vec_i = Eigen::Matrix<T, I, 1>;

    struct parameters {
        mat_hi w1;
        vec_h b1;
        mat_hh w2;
        vec_h b2;
        vec_h w3;  // the output row, as a column
        T b3;

        void set_zero() {
            w1.setZero();
            b1.setZero();
            w2.setZero();
            b2.setZero();
            w3.setZero();
            b3 = 0;
        }
    };

    explicit eigen_engine(const workload<Cfg>& w) {
        // The flat layout is row-major; Eigen's default storage is column-major.
        const T* q = w.initial_parameters.data();
        p_.w1 = Eigen::Map<const Eigen::Matrix<T, H, I, I == 1 ? Eigen::ColMajor : Eigen::RowMajor>>(q);
        q += H * I;
        p_.b1 = Eigen::Map<const vec_h>(q);
        q += H;
        p_.w2 = Eigen::Map<const Eigen::Matrix<T, H, H, Eigen::RowMajor>>(q);
        q += H * H;
        p_.b2 = Eigen::Map<const vec_h>(q);
        q += H;
        p_.w3 = Eigen::Map<const vec_h>(q);
        q += H;
        p_.b3 = *q;
    }

    [[gnu::noinline]] void train_step(const sample* s, std::size_t n) {
        g_.set_zero();
        for (std::size_t k = 0; k < n; ++k) accumulate(s[k]);
        const T lr = static_cast<T>(learning_rate);
        p_.w1 -= lr * g_.w1;
        p_.b1 -= lr * g_.b1;
        p_.w2 -= lr * g_.w2;
        p_.b2 -= lr * g_.b2;
        p_.w3 -= lr * g_.w3;
        p_.b3 -= lr * g_.b3;
    }

    [[gnu::noinline]] T forward(const sample* s, std::size_t n) const {
        T total = 0;
        for (std::size_t k = 0; k < n; ++k) {
            vec_h a1, d1, a2, d2;
            total += run(Eigen::Map<const vec_i>(s[k].x.data()), a1, d1, a2, d2);
        }
        return total;
    }

    std::vector<double> gradient(const sample* s, std::size_t n) {
        g_.set_zero();
        for (std::size_t k = 0; k < n; ++k) accumulate(s[k]);
        return flat(g_);
    }

    std::vector<double> parameters_flat() const { return flat(p_); }

private:
    static void activate(const vec_h& z, vec_h& a, vec_h& d) {
        if constexpr (Cfg::activation == act::relu) {
            a = z.cwiseMax(T(0));
            d = (z.array() > T(0)).template cast<T>();
        } else {
            a = z.array().tanh();
            d = T(1) - a.array().square();
        }
    }

    T run(const Eigen::Map<const vec_i>& x, vec_h& a1, vec_h& d1, vec_h& a2, vec_h& d2) const {
        activate(p_.w1 * x + p_.b1, a1, d1);
        activate(p_.w2 * a1 + p_.b2, a2, d2);
        return p_.w3.dot(a2) + p_.b3;
    }

    void accumulate(const sample& s) {
        const Eigen::Map<const vec_i> x(s.x.data());
        vec_h a1, d1, a2, d2;
        const T dout = T(2) * (run(x, a1, d1, a2, d2) - s.y[0]);
        g_.b3 += dout;
        g_.w3 += dout * a2;
        const vec_h delta2 = (dout * p_.w3).cwiseProduct(d2);
        g_.w2.noalias() += delta2 * a1.transpose();
        g_.b2 += delta2;
        const vec_h delta1 = (p_.w2.transpose() * delta2).cwiseProduct(d1);
        g_.w1.noalias() += delta1 * x.transpose();
        g_.b1 += delta1;
    }

    static std::vector<double> flat(const parameters& q) {
        std::vector<double> out;
        for (int o = 0; o < H; ++o)
            for (int i = 0; i < I; ++i) out.push_back(static_cast<double>(q.w1(o, i)));
        for (int o = 0; o < H; ++o) out.push_back(static_cast<double>(q.b1(o)));
        for (int o = 0; o < H; ++o)
            for (int i = 0; i < H; ++i) out.push_back(static_cast<double>(q.w2(o, i)));
        for (int o = 0; o < H; ++o) out.push_back(static_cast<double>(q.b2(o)));
        for (int i = 0; i < H; ++i) out.push_back(static_cast<double>(q.w3(i)));
        out.push_back(static_cast<double>(q.b3));
        return out;
    }

    parameters p_;
    parameters g_;
};

}  // namespace

void register_eigen_engine() { register_engine<eigen_engine>(); }

}  // namespace constgrad_bench
