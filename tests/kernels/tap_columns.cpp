// kernels::sum_of_tap_columns (nn::sequence_inference's causal convolution step: the Kernel taps
// read in place from the ring buffer) against a plain loop over the same columns. Every weight,
// input and bias is a small integer, so every partial sum is an integer below 2^24 (at most
// 3·16·2·3 + 3 = 291 in magnitude here): exact in float and double in any summation order or
// chain split, with or without FMA; the outputs must equal the plain loop's exactly.
#include <array>
#include <cstddef>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <constgrad/kernels/prepared_affine.hpp>
#include <constgrad/kernels/prepared_recurrent.hpp>

namespace kernels = constgrad::kernels;

namespace {

// z = b + Σ_k Σ_i w[(k·In + i)·Stride + o] · taps[k][i], Out outputs, the padding of z zero
// (the weights' and bias' padding is zero), checked exactly; z written at an offset of one
// scalar from an aligned buffer (the kernel stores at any alignment).
template <class T, std::size_t In, std::size_t Out, std::size_t Taps>
void check_taps() {
    constexpr std::size_t S = kernels::padded<T>(Out);
    alignas(kernels::pack_bytes) std::array<T, Taps * In * S> w{};
    alignas(kernels::pack_bytes) std::array<T, S> b{};
    std::array<std::array<T, In>, Taps> frames{};
    for (std::size_t k = 0; k < Taps; ++k) {
        for (std::size_t i = 0; i < In; ++i) {
            frames[k][i] = static_cast<T>(static_cast<int>((5 * k + 3 * i) % 5) - 2);
            for (std::size_t o = 0; o < Out; ++o)
                w[(k * In + i) * S + o] = static_cast<T>(static_cast<int>((7 * k + 3 * i + o) % 7) - 3);
        }
    }
    for (std::size_t o = 0; o < Out; ++o) b[o] = static_cast<T>(static_cast<int>(o % 5) - 2);
    std::array<const T*, Taps> taps;
    for (std::size_t k = 0; k < Taps; ++k) taps[k] = frames[Taps - 1 - k].data();  // any order in memory

    alignas(kernels::pack_bytes) std::array<T, S + 1> out{};
    kernels::sum_of_tap_columns<S, T, In, Taps>(w.data(), taps, b.data(), out.data() + 1);
    for (std::size_t o = 0; o < S; ++o) {
        T expected = o < Out ? b[o] : T{0};
        for (std::size_t k = 0; k < Taps; ++k)
            for (std::size_t i = 0; i < In; ++i) expected += w[(k * In + i) * S + o] * taps[k][i];
        BOOST_TEST(out[o + 1] == expected, "output " << o << ": " << out[o + 1] << " != " << expected);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tap_columns)

// The benchmark's dilated stack (16 -> 16, kernel 3, and its 1 -> 16 input layer), odd sizes
// that leave a remainder in the chains (In = 5) and padding in the outputs (Out = 7, 3), more
// output packs than one block of accumulators (Out = 80 floats: 20 SSE2 packs), double.
BOOST_AUTO_TEST_CASE(sum_of_tap_columns_exact) {
    check_taps<float, 16, 16, 3>();
    check_taps<float, 1, 16, 3>();
    check_taps<float, 5, 7, 2>();
    check_taps<float, 16, 1, 1>();
    check_taps<float, 3, 80, 3>();
    check_taps<double, 16, 16, 3>();
    check_taps<double, 5, 3, 4>();
}

BOOST_AUTO_TEST_SUITE_END()
