// static_string<Capacity>: a fixed-capacity string usable in constant expressions.
//
// std::string is not usable in constant expressions with Clang 14 and libstdc++ 12, so
// to_string writes into a char array whose capacity the expression type bounds.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace constgrad {

/// What to_string returns: at most Capacity characters, always zero-terminated. Compares
/// with std::string_view (also in static_assert), converts to it, streams with <<,
/// `.str()` gives a std::string and `.c_str()` a C string for printf.
template <std::size_t Capacity>
class static_string {
public:
    constexpr void append(std::string_view text) noexcept {
        for (char c : text)
            if (length_ < Capacity) chars_[length_++] = c;
    }
    constexpr void push_back(char c) noexcept { append(std::string_view(&c, 1)); }

    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars_, length_}; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return length_; }
    [[nodiscard]] constexpr const char* c_str() const noexcept { return chars_; }
    [[nodiscard]] std::string str() const { return std::string(view()); }
    constexpr operator std::string_view() const noexcept { return view(); }

    friend constexpr bool operator==(const static_string& s, std::string_view text) noexcept {
        return s.view() == text;
    }
    friend std::ostream& operator<<(std::ostream& out, const static_string& s) {
        return out << s.view();
    }

private:
    char chars_[Capacity + 1]{};
    std::size_t length_ = 0;
};

}  // namespace constgrad
