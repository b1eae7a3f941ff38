// A string literal usable as a template argument: the name of a variable<"x">.
#pragma once

#include <cstddef>

namespace constgrad::detail {

/// A fixed_string's characters, viewed. It converts to std::string_view (to any type built
/// from a pointer and a length), so that this header, included by every formula, does not
/// need <string_view> (with <string_view> in a training translation unit's path it costs
/// g++ -O2 ~0.03 s more).
struct char_view {
    const char* chars;
    std::size_t length;

    [[nodiscard]] constexpr const char* data() const noexcept { return chars; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return length; }

    template <class View>
        requires requires(const char* p, std::size_t n) { View(p, n); }
    constexpr operator View() const noexcept {
        return View(chars, length);
    }

    friend constexpr bool operator==(char_view a, char_view b) noexcept {
        if (a.length != b.length) return false;
        for (std::size_t i = 0; i < a.length; ++i)
            if (a.chars[i] != b.chars[i]) return false;
        return true;
    }
};

/// A structural (template-argument friendly) copy of a string literal.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};

    constexpr fixed_string(const char (&text)[N]) noexcept {
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }

    /// The characters without the terminating '\0'; converts to std::string_view.
    [[nodiscard]] constexpr char_view view() const noexcept { return {chars, N - 1}; }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }

    /// Whether the characters are those of `text` (any length), without <string_view>:
    /// `if constexpr (Name.equals("$b"))`.
    template <std::size_t M>
    [[nodiscard]] constexpr bool equals(const char (&text)[M]) const noexcept {
        return view() == char_view{text, M - 1};
    }

    friend constexpr bool operator==(const fixed_string&, const fixed_string&) = default;
};

}  // namespace constgrad::detail
