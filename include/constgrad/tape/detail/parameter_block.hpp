// Parameters of a runtime neuron / layer / mlp: a flat array of numbers and their leaves on a tape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "constgrad/tape/stale_value_error.hpp"
#include "constgrad/tape/tape.hpp"
#include "constgrad/tape/value.hpp"

namespace constgrad::tape::detail {

// The numbers live here (so they survive tape::clear() between training steps); a forward
// pass records them as leaves on the tape once per tape generation, and every later forward
// pass on the same tape and generation reuses those leaves, so that the gradients of a loss
// summed over several samples accumulate into one leaf per parameter. Reuse needs both this
// block's memory of where it recorded (tape address, generation, first leaf) and the tape's
// own record of it (tape::has_binding): a new tape at a destroyed tape's address, or a new
// block at a destroyed block's address, then never picks up someone else's leaves.
template <class T>
class parameter_block {
public:
    explicit parameter_block(std::size_t count) : values_(count, T(0)), leaves_(count) {}

    [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

    [[nodiscard]] std::span<const T> values() const noexcept { return values_; }

    // Mutable access may change the numbers: the next forward pass records fresh leaves
    // (the old ones keep their gradients for gradient()).
    [[nodiscard]] std::span<T> values() noexcept
    {
        bound_ = nullptr;
        return values_;
    }

    void load(std::span<const T> flat, const char* who)
    {
        check_size(flat.size(), who);
        bound_ = nullptr;
        for (std::size_t k = 0; k < values_.size(); ++k) {
            values_[k] = flat[k];
        }
    }

    // The parameters' leaves on t, recorded now unless already recorded in this generation.
    std::span<const value<T>> bind(tape<T>& t)
    {
        if (bound_ != &t || generation_ != t.generation() || !t.has_binding(this, first_)) {
            first_ = static_cast<std::uint32_t>(t.size());
            for (std::size_t k = 0; k < values_.size(); ++k) {
                leaves_[k] = t.variable(values_[k]);
            }
            t.set_binding(this, first_);
            bound_ = &t;
            generation_ = t.generation();
            recorded_ = true;
        }
        return leaves_;
    }

    void gradient(std::span<T> out, const char* who) const
    {
        check_size(out.size(), who);
        if (!recorded_) {
            throw stale_value_error(std::string(who)
                                    + ": no forward pass has recorded the parameters on a tape yet, "
                                      "so they have no gradient");
        }
        for (std::size_t k = 0; k < values_.size(); ++k) {
            out[k] = leaves_[k].grad();  // throws stale_value_error after tape::clear()
        }
    }

private:
    void check_size(std::size_t n, const char* who) const
    {
        if (n != values_.size()) {
            throw std::invalid_argument(std::string(who) + ": expected " + std::to_string(values_.size())
                                        + " numbers (the parameter count), got " + std::to_string(n));
        }
    }

    std::vector<T> values_;
    std::vector<value<T>> leaves_;
    const tape<T>* bound_ = nullptr;
    std::uint64_t generation_ = 0;
    std::uint32_t first_ = 0;
    bool recorded_ = false;
};

} // namespace constgrad::tape::detail
