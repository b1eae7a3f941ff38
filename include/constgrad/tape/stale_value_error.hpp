// The exception thrown when a runtime-tape value handle is empty or outlived a tape::clear().
#pragma once

#include <stdexcept>
#include <string>

namespace constgrad::tape {

/// Thrown when a `value` handle is used although the node it names no longer exists: the
/// handle is default-constructed (empty), or its tape was `clear()`ed after the handle was
/// made. Handles carry the tape's generation counter, so this is detected instead of
/// silently reading a node that now holds another computation.
///
/// ```cpp
/// constgrad::tape::tape<> t;
/// auto x = t.variable(2.0);
/// t.clear();
/// x.grad();   // throws stale_value_error
/// ```
class stale_value_error : public std::logic_error {
public:
    explicit stale_value_error(const std::string& what) : std::logic_error(what) {}
    explicit stale_value_error(const char* what) : std::logic_error(what) {}
};

} // namespace constgrad::tape
