// io::from_bytes<P>: parameters of type P decoded and checked from constgrad's file format.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "detail/format.hpp"
#include "../nn/parameters.hpp"
#include "load_error.hpp"

namespace constgrad::io {

/// Decodes bytes written by io::to_bytes / io::save into parameters of type P, checking in
/// this order: magic, format version, header checksum, scalar type, layer widths, size,
/// payload checksum, finiteness. The first failed check throws io::load_error (its `why()`
/// names the check, its message what was expected and found). P is a network's parameter
/// type, float or double. Reads nothing outside `bytes`, whatever they hold (fuzzed).
///
///     auto p = constgrad::io::from_bytes<net::parameters<double>>(bytes);
template <class P>
P from_bytes(std::span<const std::byte> bytes) {
    static_assert(nn::Parameters<P>,
                  "constgrad::io::from_bytes<P>: P must be a network's parameter type "
                  "(network<...>::parameters<T>)");
    using T = typename P::scalar_type;
    static_assert(
        detail::io_storable_v<T>,
        "constgrad::io::from_bytes / load: only float and double parameters can be loaded "
        "(long double has no portable layout)");
    using shape = detail::io_shape_of<P>;
    using reason = load_error::reason;
    const auto fail = [](reason why, const std::string& message) {
        throw load_error(why, "constgrad::io: " + message);
    };
    const std::size_t size = bytes.size();
    const std::byte* in = bytes.data();
    const std::string found_size = " (the data has " + std::to_string(size) + " bytes)";

    // Magic: a short prefix of it is a truncated file, anything else is not ours.
    const std::size_t magic_seen = std::min(size, detail::io_magic.size());
    if (!std::equal(in, in + magic_seen, detail::io_magic.begin()))
        fail(reason::bad_magic,
             "not a constgrad parameter file: it does not start with the magic bytes "
             "89 43 47 50 0D 0A 1A 0A (\"\\x89CGP\\r\\n\\x1a\\n\")");
    if (size < detail::io_fixed_header_size)
        fail(reason::truncated, "truncated: it ends inside the file header" + found_size);

    const auto version = detail::io_read_le<std::uint32_t>(in + 8);
    if (version != detail::io_format_version)
        fail(reason::unsupported_version, "unsupported format version " + std::to_string(version) +
                                              ": this build of constgrad reads version " +
                                              std::to_string(detail::io_format_version));

    // The header's own size depends on its layer count: check it fits before reading on.
    const auto scalar = detail::io_read_le<std::uint32_t>(in + 12);
    const auto layer_count = detail::io_read_le<std::uint32_t>(in + 16);
    const std::uint64_t header_bytes =
        detail::io_fixed_header_size + std::uint64_t{detail::io_layer_record_size} * layer_count;
    if (size < header_bytes + detail::io_checksum_size)
        fail(reason::truncated, "truncated: its header announces " + std::to_string(layer_count) +
                                    " layers (" +
                                    std::to_string(header_bytes + detail::io_checksum_size) +
                                    " header bytes)" + found_size);
    const auto header_sum = detail::io_read_le<std::uint64_t>(in + header_bytes);
    if (header_sum != detail::io_fnv1a64(in, static_cast<std::size_t>(header_bytes)))
        fail(reason::checksum_mismatch, "damaged header: its checksum does not match its contents");

    if (scalar != static_cast<std::uint32_t>(detail::io_scalar_code_of<T>()))
        fail(
            reason::wrong_scalar_type,
            "wrong scalar type: the file holds " + detail::io_scalar_name(scalar) +
                " parameters, expected " +
                detail::io_scalar_name(static_cast<std::uint32_t>(detail::io_scalar_code_of<T>())));

    // Shape: every layer's widths and parameter count, in order.
    bool same_shape = layer_count == shape::layers.size();
    std::string file_shape;
    {
        // Only for the message; a crafted header may list millions of layers: show 64.
        constexpr std::uint32_t shown_max = 64;
        const std::uint32_t shown = std::min(layer_count, shown_max);
        std::array<detail::io_layer_shape, shown_max> records{};
        for (std::uint32_t l = 0; l < shown; ++l) {
            const std::byte* r =
                in + detail::io_fixed_header_size + std::size_t{detail::io_layer_record_size} * l;
            records[l] = {detail::io_read_le<std::uint32_t>(r),
                          detail::io_read_le<std::uint32_t>(r + 4),
                          detail::io_read_le<std::uint64_t>(r + 8)};
            if (same_shape && !(records[l] == shape::layers[l])) same_shape = false;
        }
        if (!same_shape) {
            file_shape = detail::io_widths_text(std::span(records.data(), shown));
            if (shown < layer_count)
                file_shape += ", ... (" + std::to_string(layer_count) + " layers)";
            std::string counts;
            for (std::uint32_t l = 0; l < shown; ++l)
                counts += (l == 0 ? "" : ", ") + std::to_string(records[l].parameters);
            fail(reason::wrong_shape, "wrong network shape: the file was saved from a " +
                                          file_shape + " network (parameters per layer: " + counts +
                                          "), expected " + detail::io_widths_text(shape::layers));
        }
    }

    if (size < shape::file_size)
        fail(reason::truncated,
             "truncated: expected " + std::to_string(shape::file_size) + " bytes" + found_size);
    if (size > shape::file_size)
        fail(reason::trailing_data, "unexpected data after the end: expected " +
                                        std::to_string(shape::file_size) + " bytes" + found_size);

    const std::byte* payload = in + shape::header_size;
    constexpr std::size_t payload_bytes = P::size * sizeof(T);
    if (detail::io_read_le<std::uint64_t>(payload + payload_bytes) !=
        detail::io_fnv1a64(payload, payload_bytes))
        fail(reason::checksum_mismatch, "damaged parameters: their checksum does not match");

    using bits_t = detail::io_bits_t<T>;
    P params{};
    std::size_t k = 0;
    P::zip(
        [&](T& x) {
            x = std::bit_cast<T>(detail::io_read_le<bits_t>(payload + k * sizeof(T)));
            if (!std::isfinite(x))
                fail(reason::non_finite_value, detail::io_parameter_name(shape::layers, k) +
                                                   " is not finite (" +
                                                   (x != x ? "NaN" : "infinity") + ")");
            ++k;
        },
        params);
    return params;
}

}  // namespace constgrad::io
