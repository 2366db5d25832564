// negotiation_role.hpp: which side of a 1:1 call is polite, decided the same way on both sides.
//
// Perfect negotiation (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) needs the two
// peers to disagree about one thing only: who gives way when both send an offer at once (glare).
// The polite peer rolls its own offer back and answers; the impolite peer ignores the other's
// offer and waits for the answer to its own. Neither side asks the other: each computes its role
// from the two participant ids it already knows, so the rule must give opposite answers on the two
// sides for any pair of distinct ids.
//
// The rule: the participant whose id is greater is polite. Ids are compared byte by byte as
// unsigned values (std::string's ordering: independent of locale and of char's signedness, so a
// native and a wasm build agree). Equal ids are an error: both sides would take the same role, and
// in glare two impolite peers both ignore the other's offer (stuck), while two polite peers both
// roll back and answer offers that neither of them still holds.
//
// The call layer uses the role twice: in PerfectNegotiation (perfect_negotiation.hpp) and in
// IceRestartPolicy (ice_restart_policy.hpp), where the impolite side restarts ICE first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

enum class NegotiationRole {
  Polite,   // "polite": on glare, rolls its own offer back and answers the other's
  Impolite, // "impolite": on glare, ignores the other's offer and keeps its own
};
std::string_view toString(NegotiationRole role); // "polite" or "impolite"

// Either a role (ok()) or why none could be chosen.
struct NegotiationRoleResult {
  NegotiationRole role = NegotiationRole::Impolite; // meaningful only when ok()
  std::optional<std::string> error;                 // "both participants have the id 'p1': ..."
  bool ok() const { return !error.has_value(); }
};

// The local participant's role in a call with `remoteId`: Polite when localId > remoteId.
// Empty or equal ids give an error instead of a role.
NegotiationRoleResult chooseNegotiationRole(std::string_view localId, std::string_view remoteId);

} // namespace rtclab
