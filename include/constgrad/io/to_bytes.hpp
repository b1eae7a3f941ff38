// io::to_bytes: a network's parameters in constgrad's versioned, checksummed file format.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "detail/format.hpp"
#include "../nn/parameters.hpp"

namespace constgrad::io {

/// The bytes io::save writes: magic, format version, scalar type, every layer's widths and
/// parameter count, a header checksum, the parameters (nn::flatten order, IEEE 754
/// little-endian) and a payload checksum (FNV-1a 64). The layout is documented in
/// constgrad/io/detail/format.hpp. The same parameters give the same bytes on every
/// platform and compiler. Throws std::invalid_argument, naming the parameter, if one is
/// NaN or infinite (such a file would be refused by io::load).
///
///     std::vector<std::byte> bytes = constgrad::io::to_bytes(params);
///     auto copy = constgrad::io::from_bytes<net::parameters<double>>(bytes);  // == params
template <class T, class... Ls>
std::vector<std::byte> to_bytes(const nn::network_parameters<T, Ls...>& params) {
    static_assert(detail::io_storable_v<T>,
                  "constgrad::io::to_bytes / save: only float and double parameters can be saved "
                  "(long double has no portable layout)");
    using P = nn::network_parameters<T, Ls...>;
    using shape = detail::io_shape_of<P>;
    using bits_t = detail::io_bits_t<T>;
    static_assert(((Ls::inputs <= 0xFFFFFFFFU && Ls::outputs <= 0xFFFFFFFFU) && ...),
                  "constgrad::io: layer widths above 2^32 - 1 do not fit the file format");

    std::vector<std::byte> bytes(shape::file_size);
    std::byte* out = bytes.data();
    for (std::size_t i = 0; i < detail::io_magic.size(); ++i) out[i] = detail::io_magic[i];
    detail::io_write_le<std::uint32_t>(out + 8, detail::io_format_version);
    detail::io_write_le<std::uint32_t>(out + 12,
                                       static_cast<std::uint32_t>(detail::io_scalar_code_of<T>()));
    detail::io_write_le<std::uint32_t>(out + 16, static_cast<std::uint32_t>(sizeof...(Ls)));
    std::byte* record = out + detail::io_fixed_header_size;
    for (const auto& layer : shape::layers) {
        detail::io_write_le<std::uint32_t>(record, static_cast<std::uint32_t>(layer.inputs));
        detail::io_write_le<std::uint32_t>(record + 4, static_cast<std::uint32_t>(layer.outputs));
        detail::io_write_le<std::uint64_t>(record + 8, layer.parameters);
        record += detail::io_layer_record_size;
    }
    const std::size_t header_bytes = shape::header_size - detail::io_checksum_size;
    detail::io_write_le<std::uint64_t>(out + header_bytes, detail::io_fnv1a64(out, header_bytes));

    // zip, not nn::flatten: no second copy of the parameters on the stack.
    std::byte* payload = out + shape::header_size;
    std::size_t k = 0;
    P::zip(
        [&](const T& x) {
            if (!std::isfinite(x))
                throw std::invalid_argument(
                    "constgrad::io: cannot save " + detail::io_parameter_name(shape::layers, k) +
                    ": it is not finite (" + (x != x ? "NaN" : "infinity") + ")");
            detail::io_write_le<bits_t>(payload + k * sizeof(T), std::bit_cast<bits_t>(x));
            ++k;
        },
        params);
    const std::size_t payload_bytes = P::size * sizeof(T);
    detail::io_write_le<std::uint64_t>(payload + payload_bytes,
                                       detail::io_fnv1a64(payload, payload_bytes));
    return bytes;
}

}  // namespace constgrad::io
