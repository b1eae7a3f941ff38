// detail::io_format: the byte layout of saved parameters (version 1), checksum, little-endian
// codec.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "../../nn/parameters.hpp"

namespace constgrad::detail {

// Format version 1, all integers little-endian, scalars IEEE 754 little-endian:
//
//   offset        size   field
//   0             8      magic 89 'C' 'G' 'P' 0D 0A 1A 0A
//   8             4      u32 format version (1)
//   12            4      u32 scalar type: 1 = binary32 (float), 2 = binary64 (double)
//   16            4      u32 layer count L
//   20            16 L   per layer: u32 inputs, u32 outputs, u64 parameter count
//   20 + 16 L     8      u64 FNV-1a 64 of bytes [0, 20 + 16 L): the header checksum
//   28 + 16 L     s n    the n parameters in nn::flatten order, s = 4 or 8 bytes each
//   end - 8       8      u64 FNV-1a 64 of the parameter bytes: the payload checksum
//
// The magic's first byte is not ASCII and it holds "\r\n", "\x1a" and "\n" (PNG's trick), so
// that a file mangled by a text-mode transfer or mistaken for text fails at once. Two
// checksums rather than one so that a damaged header is told apart from a damaged payload
// before the header's sizes are trusted.

inline constexpr std::array<std::byte, 8> io_magic{
    std::byte{0x89}, std::byte{'C'},  std::byte{'G'},  std::byte{'P'},
    std::byte{0x0D}, std::byte{0x0A}, std::byte{0x1A}, std::byte{0x0A}};
inline constexpr std::uint32_t io_format_version = 1;
inline constexpr std::size_t io_fixed_header_size = 20;  // magic, version, scalar, layer count
inline constexpr std::size_t io_layer_record_size = 16;
inline constexpr std::size_t io_checksum_size = 8;

enum class io_scalar_code : std::uint32_t { binary32 = 1, binary64 = 2 };

// Only IEEE binary32/binary64 have a layout every platform agrees on; long double differs
// between x86 (80-bit), AArch64 (128-bit) and MSVC (64-bit), so it is refused at compile time.
template <class T>
inline constexpr bool io_storable_v =
    (std::is_same_v<T, float> || std::is_same_v<T, double>)&&std::numeric_limits<T>::is_iec559;

template <class T>
constexpr io_scalar_code io_scalar_code_of() noexcept {
    return sizeof(T) == 4 ? io_scalar_code::binary32 : io_scalar_code::binary64;
}

inline std::string io_scalar_name(std::uint32_t code) {
    switch (code) {
    case static_cast<std::uint32_t>(io_scalar_code::binary32):
        return "float (binary32)";
    case static_cast<std::uint32_t>(io_scalar_code::binary64):
        return "double (binary64)";
    default:
        return "an unknown scalar type (code " + std::to_string(code) + ")";
    }
}

// FNV-1a, 64 bits (Fowler, Noll, Vo): tiny, no table, and every byte changes the result; it
// detects accidental damage (truncation, bit rot, a wrong copy), not tampering.
inline constexpr std::uint64_t io_fnv_offset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t io_fnv_prime = 0x100000001b3ULL;

constexpr std::uint64_t io_fnv1a64(const std::byte* data, std::size_t size,
                                   std::uint64_t hash = io_fnv_offset) noexcept {
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= static_cast<std::uint64_t>(data[i]);
        hash *= io_fnv_prime;
    }
    return hash;
}

// Little-endian integers, byte by byte: the same file on every host, no alignment needs.
template <class U>
constexpr U io_read_le(const std::byte* p) noexcept {
    static_assert(std::is_unsigned_v<U>);
    U value = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i)
        value |= static_cast<U>(static_cast<U>(p[i]) << (8 * i));
    return value;
}

template <class U>
constexpr void io_write_le(std::byte* p, U value) noexcept {
    static_assert(std::is_unsigned_v<U>);
    for (std::size_t i = 0; i < sizeof(U); ++i)
        p[i] = static_cast<std::byte>((value >> (8 * i)) & 0xFFU);
}

template <class T>
using io_bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// The per-layer records of a parameter type: what the file's header must repeat exactly.
struct io_layer_shape {
    std::uint64_t inputs = 0;
    std::uint64_t outputs = 0;
    std::uint64_t parameters = 0;
    friend constexpr bool operator==(const io_layer_shape&, const io_layer_shape&) = default;
};

template <class P>
struct io_shape_of;

template <class T, class... Ls>
struct io_shape_of<nn::network_parameters<T, Ls...>> {
    static constexpr std::array<io_layer_shape, sizeof...(Ls)> layers{
        io_layer_shape{Ls::inputs, Ls::outputs, Ls::template parameters<T>::size}...};
    static constexpr std::size_t header_size =
        io_fixed_header_size + io_layer_record_size * sizeof...(Ls) + io_checksum_size;
    static constexpr std::size_t file_size =
        header_size + sizeof(T) * nn::network_parameters<T, Ls...>::size + io_checksum_size;
};

// "2-16-16-1", how people write a network's widths; layers that do not chain (only in a
// crafted file) are listed one by one, "2->4, 5->1", so the message never hides a width.
template <class Layers>
std::string io_widths_text(const Layers& layers) {
    if (layers.size() == 0) return "(no layers)";
    bool chained = true;
    for (std::size_t k = 1; k < layers.size(); ++k)
        chained = chained && layers[k].inputs == layers[k - 1].outputs;
    std::string text;
    if (chained) {
        text = std::to_string(layers[0].inputs);
        for (const auto& layer : layers) text += "-" + std::to_string(layer.outputs);
    } else {
        for (const auto& layer : layers)
            text += (text.empty() ? "" : ", ") + std::to_string(layer.inputs) + "->" +
                    std::to_string(layer.outputs);
    }
    return text;
}

// "parameter 13 (layer 1, w[2][0])": the flat index k located in the layers, 0-based like
// params.layer<1>().w[2][0]. Dense layouts (w row-major, then b) are spelled out.
template <class Layers>
std::string io_parameter_name(const Layers& layers, std::uint64_t k) {
    std::string text = "parameter " + std::to_string(k);
    std::uint64_t start = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& layer = layers[l];
        if (k < start + layer.parameters) {
            const std::uint64_t j = k - start;
            text += " (layer " + std::to_string(l);
            if (layer.parameters == layer.inputs * layer.outputs + layer.outputs &&
                layer.inputs != 0) {
                if (j < layer.inputs * layer.outputs)
                    text += ", w[" + std::to_string(j / layer.inputs) + "][" +
                            std::to_string(j % layer.inputs) + "]";
                else
                    text += ", b[" + std::to_string(j - layer.inputs * layer.outputs) + "]";
            }
            return text + ")";
        }
        start += layer.parameters;
    }
    return text;
}

}  // namespace constgrad::detail
