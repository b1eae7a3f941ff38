// The runtime autograd tape: records a computation's nodes in contiguous storage and back-propagates.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "constgrad/tape/detail/node.hpp"
#include "constgrad/tape/foreign_value_error.hpp"
#include "constgrad/tape/stale_value_error.hpp"

namespace constgrad::tape {

template <std::floating_point T>
class value;

namespace detail {
template <class T>
class parameter_block;
} // namespace detail

/// The classic reverse-mode autograd of the seed, at run time: every operation on `value`s
/// appends a node (its result, its parents, its local partial derivatives) to the tape;
/// `backward()` seeds the output with 1 and walks the nodes in reverse, adding
/// `adjoint * partial` into the parents. It is the reference the compile-time engine is
/// tested and benchmarked against, and works for graphs whose shape is only known at run time.
///
/// Storage: one `std::vector` of fixed-size nodes (no allocation per node) plus two scratch
/// vectors for `backward()`. `clear()` keeps the capacity, so a training loop that records
/// the same graph every step stops allocating after the first step. No global or
/// thread-local state: tapes on different threads never interact (one tape must not be used
/// by two threads at once).
///
/// Handles (`value`) point at the tape, so a tape is neither copyable nor movable. Every
/// `clear()` increments a generation counter that handles carry, so a handle from before the
/// clear throws `stale_value_error` instead of reading another computation's node.
///
/// ```cpp
/// constgrad::tape::tape<> t;
/// auto x = t.variable(2.0);
/// auto f = 3 * x * x + 4 * x;  // 20
/// f.backward();                // x.grad() == 16
/// ```
template <std::floating_point T = double>
class tape {
public:
    using value_type = T;

    /// Largest number of nodes one tape can hold (indices are 32-bit, see detail::node).
    static constexpr std::size_t max_size = detail::no_parent;

    tape() = default;

    /// A tape with room for `node_capacity` nodes before its first reallocation.
    explicit tape(std::size_t node_capacity) { reserve(node_capacity); }

    tape(const tape&) = delete;
    tape& operator=(const tape&) = delete;
    tape(tape&&) = delete;
    tape& operator=(tape&&) = delete;
    ~tape() = default;

    /// Records a leaf (an input or a parameter) holding `x`; its gradient starts at 0.
    value<T> variable(T x)
    {
        return push(x, detail::no_parent, T(0), detail::no_parent, T(0));
    }

    /// Records a unary operation: its `result` and d(result)/d(a) = `da`. Every function of
    /// the tape is built on this; user-defined operations may use it too.
    /// Throws foreign_value_error / stale_value_error if `a` is not a current value of this tape.
    value<T> record(T result, const value<T>& a, T da)
    {
        check_operand(a);
        return push(result, a.index_, da, detail::no_parent, T(0));
    }

    /// Records a binary operation: its `result`, d(result)/d(a) = `da`, d(result)/d(b) = `db`.
    value<T> record(T result, const value<T>& a, T da, const value<T>& b, T db)
    {
        check_operand(a);
        check_operand(b);
        return push(result, a.index_, da, b.index_, db);
    }

    /// Adds d(output)/d(node) to the gradient of every node the output depends on
    /// (accumulates, like PyTorch: call zero_grad() between independent backward passes).
    /// Iterative, so a chain of 10^6 nodes needs no stack. Cost: the nodes the output depends
    /// on, plus one byte per node up to the output for the bookkeeping (a memset and a scan).
    void backward(const value<T>& output)
    {
        check_operand(output);
        const std::uint32_t out = output.index_;
        const std::size_t n = std::size_t{out} + 1;
        // Scratch adjoints, separate from node.grad: the adjoints of this pass must not mix
        // with gradients accumulated by earlier passes (otherwise a second backward() would
        // re-propagate the first pass's gradients of intermediate nodes). An adjoint is valid
        // only where reached_ is set (the first contribution assigns, later ones add), so
        // only the one-byte marks need clearing. Neither vector reallocates once warmed up.
        reached_.assign(n, 0);
        if (adjoint_.size() < n) {
            adjoint_.resize(n);
        }
        adjoint_[out] = T(1);
        reached_[out] = 1;
        // Nodes are appended in creation order and an operation is always created after its
        // operands, so every parent index is smaller than its child's: descending index
        // order is a reverse topological order, and no sort (hence no recursion, no stack)
        // is needed. When the walk reaches node i, every node that could name i as a parent
        // has a larger index and has already been processed, so i's adjoint and reached mark
        // are final. Nodes the output does not depend on (dead branches, other outputs
        // recorded earlier) are skipped: their adjoint is 0, and propagating 0 * partial
        // would turn an infinite partial (sqrt'(0), log'(0)) into NaN in a live parent; they
        // must also keep their grad untouched.
        for (std::uint32_t i = out + 1; i-- > 0;) {
            if (reached_[i] == 0) {
                continue;
            }
            detail::node<T>& node = nodes_[i];
            const T adjoint = adjoint_[i];
            node.grad += adjoint;
            for (int k = 0; k < 2; ++k) {
                const std::uint32_t p = node.parent[k];
                if (p == detail::no_parent) {
                    continue;
                }
                const T contribution = adjoint * node.partial[k];
                if (reached_[p] != 0) {
                    adjoint_[p] += contribution;
                } else {
                    adjoint_[p] = contribution;
                    reached_[p] = 1;
                }
            }
        }
    }

    /// Sets every node's gradient to 0 (values and the graph are kept).
    void zero_grad() noexcept
    {
        for (detail::node<T>& n : nodes_) {
            n.grad = T(0);
        }
    }

    /// Forgets every node and invalidates every handle made so far, keeping the storage for
    /// the next computation (no reallocation once warmed up).
    void clear() noexcept
    {
        nodes_.clear();
        bindings_.clear();
        ++generation_;
    }

    /// Releases the storage not needed by the current nodes (clear() keeps it).
    void shrink_to_fit()
    {
        std::vector<detail::node<T>>(nodes_).swap(nodes_);
        std::vector<T>().swap(adjoint_);
        std::vector<unsigned char>().swap(reached_);
        std::vector<binding>(bindings_).swap(bindings_);
    }

    /// Makes room for `node_capacity` nodes, including backward()'s scratch space.
    void reserve(std::size_t node_capacity)
    {
        if (node_capacity > max_size) {
            throw std::length_error("constgrad::tape::tape::reserve: more than 2^32 - 1 nodes requested");
        }
        nodes_.reserve(node_capacity);
        adjoint_.reserve(node_capacity);
        reached_.reserve(node_capacity);
    }

    /// Number of nodes recorded since construction or the last clear().
    [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }

    /// Number of nodes that fit before the node storage reallocates.
    [[nodiscard]] std::size_t capacity() const noexcept { return nodes_.capacity(); }

    /// Incremented by every clear(); a handle is current when its generation equals this.
    [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

private:
    friend class value<T>;
    friend class detail::parameter_block<T>;

    // Which parameter blocks (of neurons, layers, mlps) have recorded their leaves on this
    // tape since the last clear(), and where. A block reuses its leaves only if it finds
    // itself here: its own memory of (tape address, generation) cannot tell this tape from a
    // new tape built at the address of a destroyed one, e.g. `tape<> t;` inside a loop.
    struct binding {
        const void* owner;
        std::uint32_t first;
    };

    [[nodiscard]] bool has_binding(const void* owner, std::uint32_t first) const noexcept
    {
        for (const binding& b : bindings_) {
            if (b.owner == owner) {
                return b.first == first;
            }
        }
        return false;
    }

    void set_binding(const void* owner, std::uint32_t first)
    {
        for (binding& b : bindings_) {
            if (b.owner == owner) {
                b.first = first;
                return;
            }
        }
        bindings_.push_back({owner, first});
    }

    value<T> push(T result, std::uint32_t a, T da, std::uint32_t b, T db)
    {
        if (nodes_.size() >= max_size) {
            throw std::length_error("constgrad::tape::tape: a tape holds at most 2^32 - 1 nodes");
        }
        const auto index = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(detail::node<T>{result, T(0), {da, db}, {a, b}});
        return value<T>(this, index, generation_);
    }

    // Throws unless v is a current value of this tape (names the problem in the message).
    void check_operand(const value<T>& v) const
    {
        if (v.tape_ != this) {
            if (v.tape_ == nullptr) {
                v.check();  // throws: empty handle
            }
            throw foreign_value_error(
                "constgrad::tape: a value of another tape was used in an operation, backward() "
                "or record() of this tape; every value of one computation must be recorded on "
                "the same tape");
        }
        v.check();
    }

    std::vector<detail::node<T>> nodes_;
    std::vector<T> adjoint_;            // backward() scratch, see there
    std::vector<unsigned char> reached_;  // backward() scratch: does the output depend on node i?
    std::vector<binding> bindings_;     // see has_binding()
    std::uint64_t generation_ = 1;      // starts at 1 so that no live tape matches generation 0
};

} // namespace constgrad::tape

// value is defined in its own header; included here so that tape::variable() is usable
// from either header (value.hpp includes this one first, #pragma once breaks the cycle).
#include "constgrad/tape/value.hpp"
