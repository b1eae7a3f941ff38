// A handle to one node of a runtime tape: data(), grad(), backward(), checked against clear().
#pragma once

#include <concepts>
#include <cstdint>
#include <string>

#include "constgrad/tape/stale_value_error.hpp"
#include "constgrad/tape/tape.hpp"

namespace constgrad::tape {

/// A number recorded on a `tape`: the handle the user computes with (`x * y + 1`,
/// `tanh(z)`), a small trivially copyable triple (tape, node index, tape generation).
/// Operations on values record new nodes on the tape of their operands; a value never
/// owns memory, and copying it copies the handle, not the node.
///
/// A handle is *current* while its tape has not been cleared since it was made. Reading
/// data() or grad() of a handle that is not current (or empty, i.e. default-constructed)
/// throws `stale_value_error`. A handle must not outlive its tape (like an iterator).
///
/// ```cpp
/// constgrad::tape::tape<> t;
/// auto a = t.variable(3.0), b = t.variable(4.0);
/// auto c = a * b;
/// c.backward();        // a.grad() == 4, b.grad() == 3
/// ```
template <std::floating_point T = double>
class value {
public:
    using value_type = T;

    /// An empty handle (usable as a placeholder; any use but assignment throws).
    value() = default;

    /// The forward value of the node.
    [[nodiscard]] T data() const { return node_ref().data; }

    /// d(output)/d(this), accumulated by backward() calls on outputs that depend on it.
    [[nodiscard]] T grad() const { return node_ref().grad; }

    /// Back-propagates from this value (seed 1.0) into everything it depends on; see tape::backward.
    void backward() const { owner().backward(*this); }

    /// The tape this value is recorded on. Throws stale_value_error if the handle is not current.
    [[nodiscard]] tape<T>& owner() const
    {
        check();
        return *tape_;
    }

    /// Position of the node on its tape (nodes are numbered in creation order).
    [[nodiscard]] std::uint32_t index() const noexcept { return index_; }

    /// True if the handle names a node of a tape that has not been cleared since.
    [[nodiscard]] bool is_current() const noexcept
    {
        return tape_ != nullptr && tape_->generation_ == generation_;
    }

private:
    friend class tape<T>;

    value(tape<T>* t, std::uint32_t index, std::uint64_t generation) noexcept
        : tape_(t), index_(index), generation_(generation)
    {
    }

    // Throws with a message naming the problem unless the handle is current.
    void check() const
    {
        if (tape_ == nullptr || tape_->generation_ != generation_) [[unlikely]] {
            throw_not_current();
        }
    }

    // Kept out of check() so that the check inlined into every operation stays two compares;
    // with the throws inline, GCC 12 -O3 also warned -Wnonnull (falsely) in owner()'s callers.
    [[noreturn]] void throw_not_current() const
    {
        if (tape_ == nullptr) {
            throw stale_value_error(
                "constgrad::tape::value: the handle is empty (default-constructed); values are "
                "made by tape::variable() and by operations on other values");
        }
        throw stale_value_error("constgrad::tape::value: the handle is stale: it was made in generation "
                                + std::to_string(generation_) + " of its tape, which has been cleared since (now generation "
                                + std::to_string(tape_->generation_) + "); values do not survive tape::clear()");
    }

    const detail::node<T>& node_ref() const
    {
        check();
        return tape_->nodes_[index_];
    }

    tape<T>* tape_ = nullptr;
    std::uint32_t index_ = 0;
    std::uint64_t generation_ = 0;
};

} // namespace constgrad::tape
