// A string literal usable as a template argument: the name of a variable<"x">.
#pragma once

#include <cstddef>
#include <string_view>

namespace constgrad::detail {

/// A structural (template-argument friendly) copy of a string literal.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};

    constexpr fixed_string(const char (&text)[N]) noexcept {
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }

    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }

    friend constexpr bool operator==(const fixed_string&, const fixed_string&) = default;
};

}  // namespace constgrad::detail
