// io::training_error: training refused (bad data or settings) or stopped (divergence).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace constgrad::io {

/// Thrown by io::validate_dataset, io::validate_optimizer and io::checked_fit. The message
/// names the sample (`data[3].x[1] is NaN`), the setting (`optimizer.learning_rate is -0.1
/// at step 0`) or the epoch and step where training diverged.
class training_error : public std::runtime_error {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    enum class reason {
        invalid_data,        ///< an empty dataset, or NaN/infinity in a sample (before training)
        invalid_setting,     ///< a learning rate <= 0 or not finite, a β outside [0, 1), ε <= 0
        invalid_parameters,  ///< the parameters to train already hold NaN/infinity
        diverged,            ///< the loss, a gradient or a parameter became NaN/infinite
    };

    training_error(reason why, const std::string& message, std::size_t sample = npos,
                   std::size_t epoch = 0)
        : std::runtime_error(message), why_(why), sample_(sample), epoch_(epoch) {}

    /// Which check failed.
    reason why() const noexcept { return why_; }
    /// invalid_data: the 0-based index of the offending sample (npos: none).
    std::size_t sample() const noexcept { return sample_; }
    /// diverged: the 1-based epoch in which it happened; the parameters are those of the
    /// end of the epoch before (0: not about an epoch).
    std::size_t epoch() const noexcept { return epoch_; }

private:
    reason why_;
    std::size_t sample_;
    std::size_t epoch_;
};

}  // namespace constgrad::io
