// Filling an EventError: every parser of an event's fields reports the same way.
#pragma once
#include <string>

#include "shoal/event.h"

namespace shoal {

// Sets *err (when given) to the field and the reason, and returns false for `return Bad(...)`.
inline bool Bad(EventError* err, std::string field, std::string message) {
  if (err) {
    err->field = std::move(field);
    err->message = std::move(message);
  }
  return false;
}

}  // namespace shoal
