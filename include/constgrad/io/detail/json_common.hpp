// detail_json: what the JSON model loaders and writers share (parsing with nlohmann-json,
// checked numbers and arrays, messages, files). Internal; included only by the JSON io headers.
#pragma once

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../json_error.hpp"

namespace constgrad::io::detail_json {

using json = nlohmann::json;
using reason = json_error::reason;
constexpr std::size_t npos = json_error::npos;

// Who reports: "constgrad::io::load_torch_json(\"net.json\"): ", and the file if any.
struct context {
    std::string prefix;
    std::filesystem::path path;

    [[noreturn]] void fail(reason why, const std::string& message, std::size_t layer = npos,
                           const std::string& key = {}) const {
        throw json_error(why, prefix + message, layer, key, path);
    }
};

// What a message is about: `path` locates the value ("\"0.weight\"", "layers[2].weights[0]"),
// `about` names the network layer (" (layer 1, dense<3, 1>)"); an element index goes between.
struct where {
    std::string path;
    std::string about;
    std::size_t layer = npos;
    std::string key;

    std::string text(const std::string& index = {}) const { return path + index + about; }
};

inline std::string json_quote(std::string_view s) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char c : s) {
        if (++n > 40) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// The default state-dict prefixes, nn.Sequential's: layer k's is its name when it has one
// (names[k] not empty; an empty name counts as none), else its module number, where every
// module counts, named layers too (layer k is modules[k] modules: an activation folded into
// a layer is a module of its own).
template <std::size_t N>
std::vector<std::string> sequential_prefixes(const std::array<std::string_view, N>& names,
                                             const std::array<std::size_t, N>& modules) {
    std::vector<std::string> prefixes;
    std::size_t module = 0;
    for (std::size_t k = 0; k < N; ++k) {
        prefixes.push_back(names[k].empty() ? std::to_string(module) : std::string(names[k]));
        module += modules[k];
    }
    return prefixes;
}

// The state-dict prefixes a user gave (torch_json_options::prefixes): one per layer, none twice.
inline void check_prefixes(const std::vector<std::string>& prefixes, std::size_t layer_count,
                           const context& ctx) {
    if (prefixes.size() != layer_count)
        ctx.fail(reason::bad_options,
                 "torch_json_options::prefixes names " + std::to_string(prefixes.size()) +
                     " layers, the network has " + std::to_string(layer_count));
    for (std::size_t k = 0; k < layer_count; ++k)
        for (std::size_t j = 0; j < k; ++j)
            if (prefixes[j] == prefixes[k])
                ctx.fail(reason::bad_options,
                         "torch_json_options::prefixes names " + json_quote(prefixes[k]) +
                             " twice (layers " + std::to_string(j) + " and " + std::to_string(k) + ")",
                         k);
}

// A state dict must hold no key the network did not read (`used`): the first other key fails,
// naming the network (`network`, its layers) and the keys it reads.
inline void refuse_unexpected_keys(const json& root, const std::set<std::string>& used,
                                   const std::string& network, const std::string& hint,
                                   const context& ctx) {
    for (const auto& item : root.items())
        if (used.count(item.key()) == 0) {
            std::string expected;
            for (const auto& key : used) expected += (expected.empty() ? "" : ", ") + json_quote(key);
            ctx.fail(reason::unexpected_key,
                     "unexpected key " + json_quote(item.key()) + ": the network (" + network +
                         ") has no tensor of that name; it reads " + expected + hint,
                     npos, item.key());
        }
}

inline std::string index_text(std::size_t i) { return "[" + std::to_string(i) + "]"; }

// The dimensions of a nested array, "[2][3]"; "[2][?]" when its elements differ in shape or
// kind; elements that are not arrays (numbers or anything else) end the dimensions. At most
// four levels are looked at (the formats nest at most three), so no input recurses deeper.
inline std::string shape_of(const json& v, int depth = 0) {
    if (!v.is_array()) return {};
    std::string text = index_text(v.size());
    if (v.empty() || depth >= 3) return text;
    const std::string first = shape_of(v[0], depth + 1);
    const bool first_array = v[0].is_array();
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i].is_array() != first_array ||
            (first_array && shape_of(v[i], depth + 1) != first))
            return text + "[?]";
    return text + first;
}

// A found value as a message shows it: "a string \"abc\"", "null", "an array [2][3]".
inline std::string describe(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case json::value_t::string:
        return "a string " + json_quote(v.get_ref<const std::string&>());
    case json::value_t::object:
        return "an object";
    case json::value_t::array: {
        const std::string shape = shape_of(v);
        return "an array " + shape +
               (shape.find("[?]") != std::string::npos ? " (rows of different lengths or kinds)"
                                                       : "");
    }
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return "the number " + v.dump();
    default:
        return "a value of another kind";
    }
}

template <class T>
constexpr const char* scalar_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

// Parses `text` as one JSON value; malformed or truncated text and duplicate keys throw.
inline json parse(std::string_view text, const context& ctx) {
    std::size_t first = 0;
    while (first < text.size() &&
           (text[first] == ' ' || text[first] == '\t' || text[first] == '\n' || text[first] == '\r'))
        ++first;
    if (first == text.size())
        ctx.fail(reason::truncated,
                 text.empty() ? "the text is empty: expected a JSON object"
                              : "the text holds only white space: expected a JSON object");

    // nlohmann keeps the last of two equal keys; a model file with two "0.weight" is refused.
    std::vector<std::set<std::string>> open;  // one set of keys per open object or array
    bool duplicate = false;
    std::string duplicate_key;
    const json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            open.emplace_back();
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!open.empty()) open.pop_back();
            break;
        case json::parse_event_t::key:
            if (!duplicate && !open.empty() && parsed.is_string() &&
                !open.back().insert(parsed.get<std::string>()).second) {
                duplicate = true;
                duplicate_key = parsed.get<std::string>();
            }
            break;
        default:
            break;
        }
        return true;
    };

    json doc;
    try {
        doc = json::parse(text.begin(), text.end(), callback, true, false);
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        if (const auto end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
        if (e.byte > text.size())
            ctx.fail(reason::truncated,
                     "truncated JSON: the text (" + std::to_string(text.size()) +
                         " bytes) ends before the value is complete (" + what + ")");
        std::string hint;
        const std::size_t at = e.byte == 0 ? 0 : e.byte - 1;
        const std::size_t from = at < 8 ? 0 : at - 8;
        const std::string_view around = text.substr(from, 17);
        if (around.find("NaN") != std::string_view::npos ||
            around.find("Infinity") != std::string_view::npos ||
            (at < text.size() && (text[at] == 'N' || text[at] == 'I')))
            hint = "; JSON has no NaN or Infinity (Python's json.dump writes them unless "
                   "allow_nan=False): the model holds a non-finite value";
        ctx.fail(reason::malformed_json, "malformed JSON: " + what + hint);
    } catch (const json::out_of_range& e) {
        // A number beyond double's range, e.g. 1e999.
        std::string what = e.what();
        if (const auto end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
        ctx.fail(reason::non_finite_value, "a number is not finite as a double (" + what + ")");
    } catch (const json::exception& e) {
        ctx.fail(reason::malformed_json, std::string("malformed JSON: ") + e.what());
    }
    if (duplicate)
        ctx.fail(reason::duplicate_key,
                 "duplicate key " + json_quote(duplicate_key) +
                     ": an object holds it twice, so which value is meant is unclear",
                 npos, duplicate_key);
    return doc;
}

// A double as the nearest float, or an error if it rounds to infinity: below half a unit in
// the last place beyond FLT_MAX it rounds to FLT_MAX (so "3.4028235e+38", FLT_MAX's shortest
// decimal, reads as FLT_MAX); the conversion is done only within float's range.
inline float to_float(double d, const json& v, const context& ctx, const where& w,
                      const std::string& index) {
    constexpr double max = std::numeric_limits<float>::max();
    constexpr double overflow = 0x1.ffffffp+127;  // FLT_MAX + half an ulp: rounds to infinity
    const double magnitude = std::fabs(d);
    if (magnitude >= overflow)
        ctx.fail(reason::non_finite_value,
                 w.text(index) + ": " + v.dump() + " is out of the range of float", w.layer,
                 w.key);
    if (magnitude > max) return d < 0 ? -std::numeric_limits<float>::max()
                                      : std::numeric_limits<float>::max();
    return static_cast<float>(d);
}

// A number of scalar type T, or a not_a_number / non_finite_value error.
template <class T>
T number(const json& v, const context& ctx, const where& w, const std::string& index) {
    if (!v.is_number())
        ctx.fail(reason::not_a_number, w.text(index) + ": not a number: found " + describe(v),
                 w.layer, w.key);
    const double d = v.get<double>();
    if (!std::isfinite(d))
        ctx.fail(reason::non_finite_value, w.text(index) + ": not finite", w.layer, w.key);
    if constexpr (std::is_same_v<T, float>) return to_float(d, v, ctx, w, index);
    return static_cast<T>(d);
}

// A vector of N numbers into out[0..N).
template <class T, std::size_t N>
void vector(const json& v, const context& ctx, const where& w, const char* layout,
            std::array<T, N>& out) {
    if (!v.is_array() || v.size() != N)
        ctx.fail(reason::wrong_shape,
                 w.text() + ": wrong shape: expected " + index_text(N) + " " + layout +
                     ", found " + describe(v),
                 w.layer, w.key);
    for (std::size_t i = 0; i < N; ++i) out[i] = number<T>(v[i], ctx, w, index_text(i));
}

// A matrix of R rows of C numbers: set(r, c, value) for each.
template <class T, std::size_t R, std::size_t C, class Set>
void matrix(const json& v, const context& ctx, const where& w, const char* layout, Set set) {
    bool ok = v.is_array() && v.size() == R;
    for (std::size_t r = 0; ok && r < R; ++r) ok = v[r].is_array() && v[r].size() == C;
    if (!ok) {
        std::string found = describe(v);
        if (R != C && shape_of(v) == index_text(C) + index_text(R)) found += " (transposed?)";
        ctx.fail(reason::wrong_shape,
                 w.text() + ": wrong shape: expected " + index_text(R) + index_text(C) + " " +
                     layout + ", found " + found,
                 w.layer, w.key);
    }
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t c = 0; c < C; ++c)
            set(r, c, number<T>(v[r][c], ctx, w, index_text(r) + index_text(c)));
}

// ---- writing

// The shortest decimal that reads back as exactly x: through double for a float too (what
// every JSON reader does), falling back to the double's digits where the float's shortest
// form would round differently on that path.
// Always with a '.' or an exponent, so that every reader takes it for a floating-point number
// ("-0" would read as the integer 0 and lose its sign; "1.0" stays a float in Python).
template <class T>
void append_number(std::string& out, T x) {
    std::array<char, 64> buffer{};
    auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x).ptr;
    if constexpr (std::is_same_v<T, float>) {
        double back = 0;
        std::from_chars(buffer.data(), end, back);
        const bool exact = std::fabs(back) <= static_cast<double>(std::numeric_limits<float>::max())
                               ? static_cast<float>(back) == x
                               : std::fabs(back) < 0x1.ffffffp+127 &&
                                     std::fabs(x) == std::numeric_limits<float>::max();
        if (!exact)
            end = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                static_cast<double>(x))
                      .ptr;
    }
    out.append(buffer.data(), end);
    if (std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data()))
            .find_first_of(".e") == std::string_view::npos)
        out += ".0";
}

// [a, b, c] with get(i) for i < n.
template <class Get>
void append_list(std::string& out, std::size_t n, Get get) {
    out += '[';
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0) out += ", ";
        get(i);
    }
    out += ']';
}

// Refuses NaN and infinity, which JSON cannot hold; names the value.
template <class T>
void check_finite(T x, const std::string& what) {
    if (!std::isfinite(x))
        throw std::invalid_argument(what + " is not finite (" + (x != x ? "NaN" : "infinity") +
                                    "): JSON cannot hold it");
}

// ---- files

// The whole file, at most `cap` bytes (a larger file is refused before it is read).
inline std::string read_file(const std::filesystem::path& path, std::size_t cap,
                             const context& ctx) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR) ctx.fail(reason::file_not_found, "no such file");
        ctx.fail(reason::read_failed, "cannot open the file: " +
                                          std::error_code(e, std::generic_category()).message());
    }
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } guard{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        ctx.fail(reason::read_failed, "not a regular file");
    if (static_cast<std::size_t>(info.st_size) > cap)
        ctx.fail(reason::read_failed,
                 "the file has " + std::to_string(info.st_size) +
                     " bytes, more than a JSON model of this network can need (" +
                     std::to_string(cap) + ")");
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ::ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0) {
            const int e = errno;
            if (e == EINTR) continue;
            ctx.fail(reason::read_failed, "cannot read the file: " +
                                              std::error_code(e, std::generic_category()).message());
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return text;
}

// Generous: a pretty-printed number takes ~30 bytes; the keys and structure fit in 1 MiB.
template <class P>
constexpr std::size_t file_cap = (std::size_t{1} << 20) + 512 * P::size;

}  // namespace constgrad::io::detail_json
