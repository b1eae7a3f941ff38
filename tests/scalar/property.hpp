// Property test body, split over several translation units so the build uses both cores:
// reverse-mode gradients of random expression types against finite differences.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <typeindex>
#include <vector>

#include <constgrad/constgrad.hpp>

#include "support/random_expression.hpp"

namespace property {

inline constexpr std::uint64_t points_per_expression = 20;

struct tally {
    std::set<std::type_index> types;
    int expressions_short_of_points = 0;
    int points = 0;               // checked: passed or reported
    int replaced_near_kinks = 0;  // failed *and* the gradient jumps across the stencil
    std::vector<std::string> mismatches;
};

// A point where the check fails is replaced (and counted) when the gradient jumps across the
// finite-difference stencil, the mark of a relu or abs kink; a failure without a jump is a
// mismatch.
template <class F>
bool jumps_near(const F& f, const std::array<double, 3>& p) {
    using constgrad::testing::x, constgrad::testing::y, constgrad::testing::z;
    const auto g = constgrad::gradient(f, x = p[0], y = p[1], z = p[2]);
    const double centre[] = {g[x], g[y], g[z]};
    for (int axis = 0; axis < 3; ++axis) {
        const double h = constgrad::detail::step_for(p[axis]);
        for (double side : {-2.5 * h, 2.5 * h}) {
            auto q = p;
            q[axis] += side;
            const auto n = constgrad::gradient(f, x = q[0], y = q[1], z = q[2]);
            const double moved[] = {n[x], n[y], n[z]};
            if (std::abs(moved[axis] - centre[axis]) > 0.05 * (1 + std::abs(centre[axis])))
                return true;
        }
    }
    return false;
}

template <std::uint64_t Begin, std::uint64_t End>
void check_seeds(tally& t) {
    using constgrad::testing::x, constgrad::testing::y, constgrad::testing::z;
    constgrad::testing::for_each_seed<Begin, End>([&](auto seed) {
        constexpr auto f = constgrad::testing::random_expression<seed()>();
        t.types.insert(typeid(f));
        std::uint64_t accepted = 0;
        for (std::uint64_t i = 0; accepted < points_per_expression && i < 200; ++i) {
            const auto p = constgrad::testing::random_point(seed(), i);
            if (!constgrad::gradient_check(f, x = p[0], y = p[1], z = p[2])) {
                if (jumps_near(f, p)) {
                    ++t.replaced_near_kinks;
                    continue;
                }
                const auto g = constgrad::gradient(f, x = p[0], y = p[1], z = p[2]);
                std::ostringstream out;
                out << "seed " << seed() << " at (" << p[0] << ", " << p[1] << ", " << p[2]
                    << "): " << constgrad::to_string(f) << " gradient " << g[x] << ", " << g[y]
                    << ", " << g[z];
                t.mismatches.push_back(out.str());
            }
            ++accepted;
        }
        t.points += static_cast<int>(accepted);
        if (accepted < points_per_expression) ++t.expressions_short_of_points;
    });
}

// Seeds [0, 220) in four parts, one per translation unit.
void check_part_0(tally&);
void check_part_1(tally&);
void check_part_2(tally&);
void check_part_3(tally&);
inline constexpr std::uint64_t seeds = 220;

}  // namespace property
