// How far the engine is advancing time while timers fire: the ts of the event
// (or tick) that set them off. A timer firing long before its horizon is late
// (the server was down, or nothing happened for days), which a scheduler must
// tell apart from a timer that is merely due. The engine's Context implements
// TimeHorizon; features reach it through HorizonOf, which is now() elsewhere.
#pragma once
#include "shoal/feature.h"

namespace shoal {

class TimeHorizon {
 public:
  virtual ~TimeHorizon() = default;
  virtual Micros horizon() const = 0;
};

inline Micros HorizonOf(const Context& ctx) {
  const auto* h = dynamic_cast<const TimeHorizon*>(&ctx);
  return h ? h->horizon() : ctx.now();
}

}  // namespace shoal
