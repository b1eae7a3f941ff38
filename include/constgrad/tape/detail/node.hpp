// One recorded operation of a runtime tape: value, accumulated gradient, parents, local partials.
#pragma once

#include <cstdint>
#include <limits>

namespace constgrad::tape::detail {

/// Parent slot marker for leaves (no parent) and unary operations (one parent).
inline constexpr std::uint32_t no_parent = std::numeric_limits<std::uint32_t>::max();

/// A node of the tape. The local partials d(data)/d(parent) are computed when the operation
/// is recorded, so the backward sweep is one loop with no dispatch on the operation kind.
/// 32-bit parent indices keep the node at 40 bytes for double (48 with 64-bit indices); a
/// tape therefore holds at most 2^32 - 1 nodes (160 GB of nodes), checked when recording.
template <class T>
struct node {
    T data;                    ///< forward value
    T grad;                    ///< d(output)/d(this node), accumulated over backward() calls
    T partial[2];              ///< d(data)/d(parent[k]); unused slots hold 0
    std::uint32_t parent[2];   ///< indices of the operands, no_parent when absent
};

} // namespace constgrad::tape::detail
