// io::export_header: write trained parameters as a C++ header of constexpr arrays.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "detail/atomic_write.hpp"
#include "detail/format.hpp"
#include "../nn/parameters.hpp"
#include "layer_widths.hpp"
#include "save_error.hpp"

namespace constgrad::detail {

inline bool io_is_identifier(std::string_view s) {
    // C++20 keywords and alternative tokens: a variable cannot be named after them.
    static constexpr std::string_view keywords[] = {
        "alignas",       "alignof",     "and",
        "and_eq",        "asm",         "auto",
        "bitand",        "bitor",       "bool",
        "break",         "case",        "catch",
        "char",          "char8_t",     "char16_t",
        "char32_t",      "class",       "compl",
        "concept",       "const",       "consteval",
        "constexpr",     "constinit",   "const_cast",
        "continue",      "co_await",    "co_return",
        "co_yield",      "decltype",    "default",
        "delete",        "do",          "double",
        "dynamic_cast",  "else",        "enum",
        "explicit",      "export",      "extern",
        "false",         "float",       "for",
        "friend",        "goto",        "if",
        "inline",        "int",         "long",
        "mutable",       "namespace",   "new",
        "noexcept",      "not",         "not_eq",
        "nullptr",       "operator",    "or",
        "or_eq",         "private",     "protected",
        "public",        "register",    "reinterpret_cast",
        "requires",      "return",      "short",
        "signed",        "sizeof",      "static",
        "static_assert", "static_cast", "struct",
        "switch",        "template",    "this",
        "thread_local",  "throw",       "true",
        "try",           "typedef",     "typeid",
        "typename",      "union",       "unsigned",
        "using",         "virtual",     "void",
        "volatile",      "wchar_t",     "while",
        "xor",           "xor_eq"};
    if (s.empty()) return false;
    const auto letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (!letter(s[0])) return false;
    for (char c : s)
        if (!letter(c) && !(c >= '0' && c <= '9')) return false;
    // Reserved to the implementation: a double underscore anywhere, or _ and a capital first.
    if (s.find("__") != std::string_view::npos ||
        (s[0] == '_' && s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z'))
        return false;
    for (std::string_view k : keywords)
        if (s == k) return false;
    return true;
}

// The shortest decimal that reads back as exactly x (std::to_chars's guarantee), as a C++
// literal of type T: "0.5", "3.0", "1e-07" for double; "0.5f", "3.0f" for float.
template <class T>
std::string io_literal(T x) {
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
    std::string text(buffer.data(), result.ptr);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    if constexpr (sizeof(T) == 4) text += "f";
    return text;
}

}  // namespace constgrad::detail

namespace constgrad::io {

/// Writes `params` to `path` as a C++ header that embeds them in a program, so that a
/// trained network can be evaluated at compile time. `name` is the variable's name,
/// optionally qualified ("models::xor_net": the declarations go into namespace models).
/// The header (atomically written, like io::save) declares, for name = xor_net:
///
///     inline constexpr std::array<std::size_t, 3> xor_net_widths{2, 4, 1};
///     inline constexpr std::array<double, 17> xor_net{...};  // nn::flatten order, exact
///     template <class P> constexpr P xor_net_as();  // as net::parameters<double>, checked
///
/// Every value is written as the shortest decimal that reads back bit for bit. xor_net_as<P>
/// refuses at compile time a P of another scalar type or other layer widths. Throws
/// std::invalid_argument for a name that is not a C++ identifier (keywords and reserved
/// names included), io::save_error for a NaN/infinite parameter or a failed write.
///
///     constgrad::io::export_header("xor_net.hpp", params, "xor_net");
///     // elsewhere:
///     #include "xor_net.hpp"
///     constexpr auto p = xor_net_as<net::parameters<double>>();
///     static_assert(net::forward(p, std::array{1.0, 0.0})[0] > 0.5);
template <class T, class... Ls>
void export_header(const std::filesystem::path& path,
                   const nn::network_parameters<T, Ls...>& params, std::string_view name) {
    static_assert(detail::io_storable_v<T>,
                  "constgrad::io::export_header: only float and double parameters can be exported");
    using P = nn::network_parameters<T, Ls...>;
    using shape = detail::io_shape_of<P>;
    const std::string prefix = "constgrad::io::export_header(" + detail::io_quoted(path) + "): ";

    // "a::b::c": namespace a::b, variable c.
    std::string qualified(name);
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colons = qualified.find("::", start);
        parts.push_back(qualified.substr(start, colons == std::string::npos ? std::string::npos
                                                                            : colons - start));
        if (colons == std::string::npos) break;
        start = colons + 2;
    }
    for (const auto& part : parts)
        if (!detail::io_is_identifier(part))
            throw std::invalid_argument(
                prefix + "the name \"" + qualified +
                "\" is not a C++ identifier (optionally qualified: ns::name)");
    const std::string var = parts.back();
    std::string ns;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) ns += (i == 0 ? "" : "::") + parts[i];

    constexpr auto widths = layer_widths_v<P>;
    const std::string scalar = sizeof(T) == 4 ? "float" : "double";
    const std::string widths_text = detail::io_widths_text(shape::layers);
    std::string widths_list;
    for (std::size_t i = 0; i < widths.size(); ++i)
        widths_list += (i == 0 ? "" : ", ") + std::to_string(widths[i]);

    std::string values;
    std::size_t k = 0;
    P::zip(
        [&](const T& x) {
            if (!std::isfinite(x))
                throw save_error(save_error::reason::non_finite_value,
                                 prefix + detail::io_parameter_name(shape::layers, k) +
                                     " is not finite; nothing was written",
                                 path);
            values += (k % 4 == 0 ? "\n    " : " ") + detail::io_literal(x) + ",";
            ++k;
        },
        params);

    const std::string count = std::to_string(P::size);
    std::string text;
    text += "// " + var + ": the parameters of a " + widths_text + " network (" + scalar +
            "), exported by constgrad::io::export_header.\n";
    text += "// Generated file, do not edit. Use: constexpr auto p = " + var +
            "_as<net::parameters<" + scalar + ">>();\n";
    text += "#pragma once\n\n#include <array>\n#include <cstddef>\n#include <type_traits>\n\n";
    text += "#include <constgrad/io/layer_widths.hpp>\n#include <constgrad/nn/parameters.hpp>\n\n";
    if (!ns.empty()) text += "namespace " + ns + " {\n\n";
    text += "/// Layer widths of the exported network: the input width, then each layer's output "
            "width.\n";
    text += "inline constexpr std::array<std::size_t, " + std::to_string(widths.size()) + "> " +
            var + "_widths{" + widths_list + "};\n\n";
    text += "/// The " + count +
            " parameters in constgrad::nn::flatten order (per layer: w row by row, then b).\n";
    text += "inline constexpr std::array<" + scalar + ", " + count + "> " + var + "{" + values +
            "\n};\n\n";
    text += "/// Whether P (a network's parameter type) has the exported network's layer widths.\n";
    text += "template <class P>\nconstexpr bool " + var + "_fits() {\n";
    text += "    const auto& widths = constgrad::io::layer_widths_v<P>;\n";
    text += "    if (widths.size() != " + var + "_widths.size()) return false;\n";
    text += "    for (std::size_t i = 0; i < widths.size(); ++i)\n";
    text += "        if (widths[i] != " + var + "_widths[i]) return false;\n";
    text += "    return P::size == " + count + ";\n}\n\n";
    text += "/// " + var + " as parameters of type P: the parameters<" + scalar + "> of a " +
            widths_text + " network.\n";
    text += "template <class P>\nconstexpr P " + var + "_as() {\n";
    text += "    static_assert(std::is_same_v<typename P::scalar_type, " + scalar +
            ">,\n                  \"" + var + " holds " + scalar + " parameters: use parameters<" +
            scalar + ">\");\n";
    text += "    static_assert(" + var + "_fits<P>(),\n                  \"" + var +
            " was exported from a " + widths_text + " network: P has other layer widths\");\n";
    text += "    // Only when both checks hold: otherwise their message stays the only error.\n";
    text += "    if constexpr (std::is_same_v<typename P::scalar_type, " + scalar + "> && " + var +
            "_fits<P>())\n";
    text += "        return constgrad::nn::unflatten<P>(" + var + ");\n";
    text += "    else\n        return P{};\n}\n";
    if (!ns.empty()) text += "\n}  // namespace " + ns + "\n";

    detail::io_atomic_write(path, std::as_bytes(std::span(text.data(), text.size())),
                            "constgrad::io::export_header");
}

}  // namespace constgrad::io
