// The run-time invite codes the engine holds, read from its report, for adapters that mirror
// codes on a platform (Telegram invite links): at start they compare what the platform has
// with this, rather than trusting a cache that may be lost.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "growth/invite_event.h"

namespace shoal {

// From Engine::Report's tenant_features.invite.codes: codes made by `invite` events, open
// (status ok; uses = the uses left) or revoked (spec.revoke). Config and member codes, and
// codes expired or used up, are left out: nobody needs a new link for them.
std::vector<InviteSpec> RuntimeInviteCodes(const nlohmann::json& engine_report);

}  // namespace shoal
