// The exception thrown when values of two different runtime tapes meet in one operation.
#pragma once

#include <stdexcept>
#include <string>

namespace constgrad::tape {

/// Thrown when an operation receives a `value` recorded on another tape than the one it
/// works on: `a + b` with `a` and `b` from two tapes, `t.backward(v)` or `t.record(...)`
/// with a handle of another tape. A graph cannot span two tapes (each tape numbers its own
/// nodes), so this is a programming error, reported rather than corrupting either tape.
///
/// ```cpp
/// constgrad::tape::tape<> t1, t2;
/// auto a = t1.variable(1.0), b = t2.variable(2.0);
/// auto c = a + b;   // throws foreign_value_error
/// ```
class foreign_value_error : public std::logic_error {
public:
    explicit foreign_value_error(const std::string& what) : std::logic_error(what) {}
    explicit foreign_value_error(const char* what) : std::logic_error(what) {}
};

} // namespace constgrad::tape
